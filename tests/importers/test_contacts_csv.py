"""Google Contacts and Outlook CSV importers: sniffing, both layouts of each, encodings."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from goodterms.importers.contacts_csv import GoogleCsvImporter, OutlookCsvImporter
from goodterms.importers.records import Contact, Me, Skipped
from goodterms.importers.vcard import VCardImporter

FIXTURES = Path(__file__).parent / "fixtures"
CSV = FIXTURES / "csv"
UTC = ZoneInfo("UTC")
ME = Me(names=("Sam Rivera",), emails=("sam.rivera@example.com",))
GOOGLE, OUTLOOK = GoogleCsvImporter(), OutlookCsvImporter()


def read(importer, path: Path, me: Me = ME) -> list[Contact | Skipped]:
    return list(importer.records(path, UTC, me))


def contacts(importer, path: Path, me: Me = ME) -> dict[str, Contact]:
    return {r.name: r for r in read(importer, path, me) if isinstance(r, Contact)}


def sniff(importer, path: Path) -> bool:
    return importer.sniff(path, path.read_bytes()[:64 * 1024])


# --- sniffing -----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "google", "outlook"), [
    ("google_current.csv", True, False),
    ("google_legacy.csv", True, False),
    ("outlook_web.csv", False, True),
    ("outlook_desktop.csv", False, True),
])
def test_it_recognises_each_layout_and_only_one_importer_claims_it(name, google, outlook):
    path = CSV / name
    assert sniff(GOOGLE, path) is google
    assert sniff(OUTLOOK, path) is outlook
    assert not sniff(VCardImporter(), path)


def test_it_recognises_a_renamed_file_from_its_content(tmp_path):
    for name, importer in (("google_legacy.csv", GOOGLE), ("outlook_desktop.csv", OUTLOOK)):
        renamed = tmp_path / f"{name}.backup"
        renamed.write_bytes((CSV / name).read_bytes())
        assert sniff(importer, renamed)


@pytest.mark.parametrize("head", [
    b"",
    b"BEGIN:VCARD\r\nVERSION:3.0\r\n",
    b'{"type": "person", "id": "ana", "name": "Ana Bell"}\n',
    # LinkedIn's Connections.csv: "Email Address", no hyphen, no numbered columns
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    b"Notes:\n\"LinkedIn says something here\"\n\nFirst Name,Last Name,Email Address\n",
    b"id,name,email,phone\n1,Ana Bell,ana.bell@example.org,+1 555 0100 200\n",
])
def test_it_refuses_other_files(tmp_path, head):
    assert not GOOGLE.sniff(tmp_path / "contacts.csv", head)
    assert not OUTLOOK.sniff(tmp_path / "contacts.csv", head)


def test_it_tolerates_a_bom_and_reads_a_cp1252_header(tmp_path):
    assert OUTLOOK.sniff(tmp_path / "x", b"\xef\xbb\xbfFirst Name,Last Name,E-mail Address\r\n")
    assert OUTLOOK.sniff(tmp_path / "x", "Prénom,First Name,Last Name,E-mail Address\r\n"
                         .encode("cp1252"))
    assert GOOGLE.sniff(tmp_path / "x", "Name,E-mail 1 - Value\r\n".encode("utf-16"))


def test_they_have_names_and_descriptions():
    assert (GOOGLE.name, OUTLOOK.name) == ("google-csv", "outlook-csv")
    assert GOOGLE.description and OUTLOOK.description


# --- Google, current layout ---------------------------------------------------------------

def test_it_maps_every_field_of_a_google_row():
    ana = contacts(GOOGLE, CSV / "google_current.csv")["Ana Bell"]
    assert ana == Contact(
        key="google:ana.bell@example.org",
        name="Ana Bell",
        emails=("ana.bell@example.org", "ana@bell.example"),  # one cell, split on " ::: "
        phones=("+1 555 0100 200",),
        org="Northwind Analytics",
        title="Engineering Manager",
        location="Portland, OR, USA",
        tags=("Mentors", "starred"),  # "* myContacts" dropped, "* starred" loses its "* "
        notes="Coffee chat, March 3",
        line=2,
    )


def test_it_splits_google_cells_and_reads_quoted_commas_and_newlines():
    tomas = contacts(GOOGLE, CSV / "google_current.csv")["Tomás Ortega"]
    assert tomas.emails == ("tomas.ortega@example.com", "tomas@ortega.example")
    assert tomas.phones == ("+34 600 555 120", "+34 91 555 0199")  # the same number once
    assert tomas.org == "Ortega & Hijos, S.L."
    assert tomas.notes == 'Said "call me after 6pm"\nLikes climbing, coffee'
    assert tomas.linkedin == "https://www.linkedin.com/in/tomas-ortega-dev"
    assert tomas.related == (("manager", "Inés Ortega"),)
    assert tomas.tags == ("Recruiters",)
    assert tomas.location == "Madrid, Spain"


def test_it_gives_the_line_where_each_row_starts():
    records = read(GOOGLE, CSV / "google_current.csv")
    # Ana's address spans lines 2-4, Tomás's notes lines 5-6
    assert [(r.line, getattr(r, "name", None) or r.reason) for r in records] == [
        (2, "Ana Bell"),
        (5, "Tomás Ortega"),
        (7, "a row with no name and no email"),
        (8, "your own contact"),
        (9, "hello@pixelworks.example"),
        (10, "Grace Okafor"),
    ]


def test_it_keys_a_row_by_its_first_email_else_its_row_number():
    found = contacts(GOOGLE, CSV / "google_current.csv")
    assert found["hello@pixelworks.example"].key == "google:hello@pixelworks.example"
    assert found["Grace Okafor"].key == "google-row:6"  # the sixth row after the header
    assert found["Grace Okafor"].tags == ("Freelancers",)


def test_it_skips_the_owners_own_row_by_email_or_name():
    by_email = read(GOOGLE, CSV / "google_current.csv", Me(emails=("sam.rivera@example.com",)))
    by_name = read(GOOGLE, CSV / "google_current.csv", Me(names=("sam rivera",)))
    assert Skipped(8, "your own contact") in by_email
    assert Skipped(8, "your own contact") in by_name
    assert "Sam Rivera" in contacts(GOOGLE, CSV / "google_current.csv", Me())


# --- Google, legacy layout ----------------------------------------------------------------

def test_it_reads_the_legacy_google_layout():
    found = contacts(GOOGLE, CSV / "google_legacy.csv")
    assert found["Ana Bell"] == Contact(
        key="google:ana.bell@example.org", name="Ana Bell", emails=("ana.bell@example.org",),
        phones=("+1 555 0100 200",), org="Northwind Analytics", title="Engineering Manager",
        tags=("Mentors",), line=2)
    ken = found["Ken Watanabe"]
    assert ken.emails == ("ken@watanabe.example", "k.watanabe@example.jp")
    assert ken.tags == ("Recruiters", "Starred")  # "* My Contacts" dropped
    assert ken.linkedin == "https://www.linkedin.com/in/ken-watanabe-42"
    assert ken.notes == "Intro via Ana.\nAsk about the platform team, not sales."  # CRLF in cell
    assert (ken.org, ken.title, ken.location) == ("Hikari Systems", "Hiring Manager",
                                                  "Tokyo, Japan")
    assert ken.line == 3
    # no "Name" cell: built from Given Name and Family Name; its row starts after Ken's two lines
    assert (found["Lena Fischer"].key, found["Lena Fischer"].line) == (
        "google:lena.fischer@example.de", 5)


# --- Outlook ------------------------------------------------------------------------------

def test_it_reads_outlook_on_the_web():
    found = contacts(OUTLOOK, CSV / "outlook_web.csv")
    assert found["Ana Bell"] == Contact(
        key="outlook:ana.bell@example.org", name="Ana Bell", emails=("ana.bell@example.org",),
        org="Northwind Analytics", title="Engineering Manager",  # not "Ms.", the honorific
        location="Portland, OR, United States", tags=("Mentors",), line=2)
    assert found["Priya S. Nair"] == Contact(
        key="outlook:priya.nair@example.in", name="Priya S. Nair",
        emails=("priya.nair@example.in", "pnair@example.com"),
        phones=("+91 98450 55501", "+91 80 5550 1100"),  # mobile before business
        linkedin="https://www.linkedin.com/in/priya-nair-talent",
        org="Meridian Labs", title="Talent Partner", location="Bengaluru, India",
        tags=("Recruiters", "Follow up"), notes="Referred me, twice.\nSend a thank-you note.",
        line=3)


def test_it_skips_the_owner_and_keys_an_emailless_outlook_row_by_number():
    records = read(OUTLOOK, CSV / "outlook_web.csv")
    assert Skipped(5, "your own contact") in records
    bex = records[-1]
    assert isinstance(bex, Contact)
    assert (bex.key, bex.name, bex.phones, bex.line) == ("outlook-row:4", "Bex",
                                                         ("555-0111-222",), 6)


def test_it_reads_outlook_desktop_in_cp1252_with_crlf():
    records = read(OUTLOOK, CSV / "outlook_desktop.csv")
    ana, soren, company = records
    assert ana == Contact(
        key="outlook:ana.bell@example.org", name="Ana Bell", emails=("ana.bell@example.org",),
        org="Northwind Analytics", title="Engineering Manager", line=2)  # "Dr." is no job
    assert soren == Contact(
        # the Exchange address (/o=…/cn=…) is replaced by the one in its display name
        key="outlook:soren.kjaer@kjaer.example.dk", name="Søren Kjær",
        emails=("soren.kjaer@kjaer.example.dk", "soren@kjaer.example"),
        phones=("+45 20 55 51 23", "+45 33 55 50 12"),
        linkedin="https://www.linkedin.com/in/soren-kjaer",
        org="Kjær & Sønner A/S", title="CTO", location="København, Denmark",
        tags=("Business", "Copenhagen"),
        notes="Met at the “Nordic Tech” fair – great talk.\nFollow up in Q3, he’s hiring.",
        line=3)
    assert company == Skipped(5, "a row with no name and no email")


def test_it_reads_a_utf8_outlook_file_without_bom_and_a_utf16_one(tmp_path):
    text = "First Name,Last Name,E-mail Address,Company\r\nZoë,Brandt,zoe@example.de,Söhne\r\n"
    for encoding in ("utf-8", "utf-16"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        assert sniff(OUTLOOK, path)
        [zoe] = read(OUTLOOK, path)
        assert (zoe.name, zoe.org, zoe.line) == ("Zoë Brandt", "Söhne", 2)


def test_it_refuses_a_file_of_the_other_format_when_named_explicitly():
    assert read(GOOGLE, CSV / "outlook_web.csv") == [
        Skipped(1, "not a Google Contacts CSV header")]
    assert read(OUTLOOK, CSV / "google_current.csv") == [
        Skipped(1, "not an Outlook contacts CSV header")]


def test_it_skips_blank_lines_and_short_rows(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("First Name,Last Name,E-mail Address,Company\n\nIda,Berg\n\n,,x@example.org\n",
                    encoding="utf-8")
    assert read(OUTLOOK, path) == [
        Contact(key="outlook-row:1", name="Ida Berg", line=3),
        Contact(key="outlook:x@example.org", name="x@example.org", emails=("x@example.org",),
                line=5),
    ]


def test_it_skips_an_unreadable_row_and_goes_on(tmp_path):
    path = tmp_path / "huge-cell.csv"
    path.write_text("First Name,Last Name,E-mail Address,Notes\n"
                    f"Cy,Dahl,cy@example.org,{'y' * 200_000}\n"
                    "Eli,Falk,eli@example.org,fine\n", encoding="utf-8")
    first, second = read(OUTLOOK, path)
    assert isinstance(first, Skipped) and first.line == 2
    assert first.reason.startswith("an unreadable row")
    assert (second.name, second.line) == ("Eli Falk", 3)


def test_it_reads_lazily(tmp_path):
    records = GOOGLE.records(tmp_path / "later.csv", UTC, ME)
    (tmp_path / "later.csv").write_text("Name,E-mail 1 - Value\nAna Bell,ana.bell@example.org\n",
                                        encoding="utf-8")
    assert [r.key for r in records] == ["google:ana.bell@example.org"]


# --- one human in every address book ------------------------------------------------------

def test_it_finds_ana_bell_in_every_address_book():
    vcard = {c.name: c for c in VCardImporter().records(FIXTURES / "vcard" / "v30_several.vcf",
                                                        UTC, ME) if isinstance(c, Contact)}
    google = contacts(GOOGLE, CSV / "google_current.csv")
    outlook = contacts(OUTLOOK, CSV / "outlook_web.csv")
    assert vcard["Ana Bell"].linkedin == "https://www.linkedin.com/in/ana-bell"
    assert "+1 555 0100 200" in google["Ana Bell"].phones
    for found in (vcard, google, outlook):
        assert "ana.bell@example.org" in found["Ana Bell"].emails
