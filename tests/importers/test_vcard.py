"""The vCard importer: sniffing, every field, charsets, photos, bad cards. No database."""

from __future__ import annotations

import base64
import subprocess
import sys
import tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from goodterms.importers.records import Contact, Me, Skipped
from goodterms.importers.vcard import VCardImporter

FIXTURES = Path(__file__).parent / "fixtures" / "vcard"
UTC = ZoneInfo("UTC")
ME = Me(names=("Sam Rivera",), emails=("sam.rivera@example.com",))
NOBODY = Me()


def read(path: Path, me: Me = ME) -> list[Contact | Skipped]:
    return list(VCardImporter().records(path, UTC, me))


def contacts(path: Path, me: Me = ME) -> dict[str, Contact]:
    return {r.name: r for r in read(path, me) if isinstance(r, Contact)}


def write(tmp_path: Path, text: str, name: str = "cards.vcf", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def sniff(path: Path) -> bool:
    return VCardImporter().sniff(path, path.read_bytes()[:64 * 1024])


# --- sniffing -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["v21_qp.vcf", "v30_several.vcf", "v40_related.vcf",
                                  "cp1252.vcf", "malformed.vcf"])
def test_it_recognises_every_vcard_fixture(name):
    assert sniff(FIXTURES / name)


def test_it_recognises_a_renamed_vcard_from_its_content(tmp_path):
    renamed = tmp_path / "contacts-backup.txt"
    renamed.write_bytes((FIXTURES / "v30_several.vcf").read_bytes())
    assert sniff(renamed)


@pytest.mark.parametrize("head", [
    b"\xef\xbb\xbfBEGIN:VCARD\r\nVERSION:3.0\r\n",
    b"\r\n\r\n  begin:vcard\nVERSION:4.0\n",
    "BEGIN:VCARD\r\nVERSION:3.0\r\n".encode("utf-16"),
])
def test_it_recognises_a_bom_blank_lines_lower_case_and_utf16(tmp_path, head):
    assert VCardImporter().sniff(tmp_path / "x", head)


@pytest.mark.parametrize("head", [
    b"",
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n",
    b'{"type": "person", "id": "ana"}\n',
    b"First Name,Last Name,E-mail Address\r\n",
    b"Notes: BEGIN:VCARD is in this text, not at its start\n",
])
def test_it_refuses_other_files(tmp_path, head):
    assert not VCardImporter().sniff(tmp_path / "cards.vcf", head)


def test_it_has_a_name_and_a_description():
    assert VCardImporter.name == "vcard"
    assert VCardImporter.description


# --- vCard 3.0: several cards, every field ------------------------------------------------

def test_it_reads_every_card_of_a_file_in_order_with_its_line():
    records = read(FIXTURES / "v30_several.vcf")
    assert [(type(r).__name__, r.line) for r in records] == [
        ("Contact", 1), ("Contact", 18), ("Contact", 32), ("Contact", 39),
        ("Skipped", 52), ("Skipped", 58)]


def test_it_maps_every_field_of_a_card():
    ana = contacts(FIXTURES / "v30_several.vcf")["Ana Bell"]
    assert ana == Contact(
        key="vcard:3F2A7C1E-9B4D-4E8A-A1C2-5D6E7F809A1B",
        name="Ana Bell",
        emails=("ana.bell@example.org",),
        linkedin="https://www.linkedin.com/in/ana-bell",
        org="Northwind Analytics",
        title="Engineering Manager",
        location="Portland, OR, USA",
        tags=("Mentors", "Portland"),
        notes="Met at the PDX data meetup, March. Offered to review my resume; "
              "follow up after the hiring freeze ends.\nPrefers email.",
        line=1,
    )


def test_it_unfolds_folded_lines():
    found = contacts(FIXTURES / "v30_several.vcf")
    assert "follow up after" in found["Ana Bell"].notes  # folded inside "up"
    # a fold's one leading space is removed; a second one is part of the text
    assert found["Marta Quintero"].notes.endswith("seventy-five octets, so that it goes on here "
                                                  "with a leading space that is part of the text.")


def test_it_keeps_the_commas_a_writer_did_not_escape():
    raj = contacts(FIXTURES / "v30_several.vcf")["Dr. Raj Patel"]
    assert raj.notes == "Recruiter, healthcare roles, very responsive"


def test_it_puts_the_preferred_email_and_phone_first_and_keys_by_the_first_email():
    raj = contacts(FIXTURES / "v30_several.vcf")["Dr. Raj Patel"]
    assert raj.emails == ("rpatel@lakeside.example.com", "raj.patel@example.net")
    assert raj.key == "vcard:rpatel@lakeside.example.com"
    assert raj.phones == ("+1 555 0142 777", "(555) 014-2777")


def test_it_reads_linkedin_from_x_socialprofile_and_from_url():
    found = contacts(FIXTURES / "v30_several.vcf")
    # Apple: X-SOCIALPROFILE;type=linkedin;x-user=raj-k-patel:x-apple:raj-k-patel
    assert found["Dr. Raj Patel"].linkedin == "https://www.linkedin.com/in/raj-k-patel"
    # Google escapes the colon: item1.URL:https\://www.linkedin.com/in/MartaQuintero/
    assert found["Marta Quintero"].linkedin == "https://www.linkedin.com/in/martaquintero"


def test_it_reads_categories_as_tags_but_not_googles_my_contacts():
    found = contacts(FIXTURES / "v30_several.vcf")
    assert found["Dr. Raj Patel"].tags == ("Recruiters", "Healthcare")
    assert found["Marta Quintero"].tags == ("Friends",)


def test_it_reads_apples_related_names():
    assert contacts(FIXTURES / "v30_several.vcf")["Marta Quintero"].related == (
        ("spouse", "Luis Quintero"),)


def test_it_builds_the_name_from_n_and_keys_a_card_without_uid_or_email_by_its_number():
    lin = contacts(FIXTURES / "v30_several.vcf")["Lín Zhou"]
    assert lin.key == "vcard-card:3"
    assert lin.emails == ()
    assert lin.phones == ("555-0177-321",)
    assert lin.location == "Toronto, ON, Canada"


def test_it_skips_the_owners_own_card():
    records = read(FIXTURES / "v30_several.vcf")
    assert Skipped(52, "your own card") in records
    by_name = read(FIXTURES / "v30_several.vcf", Me(names=("  sam   RIVERA ",)))
    assert Skipped(52, "your own card") in by_name
    by_email = read(FIXTURES / "v30_several.vcf", Me(emails=("sam.rivera@example.com",)))
    assert Skipped(52, "your own card") in by_email
    assert "Sam Rivera" in contacts(FIXTURES / "v30_several.vcf", NOBODY)


def test_it_skips_a_card_with_no_name_and_no_email():
    assert read(FIXTURES / "v30_several.vcf")[-1] == Skipped(58, "a card with no name and no email")


def test_it_names_a_card_with_only_an_email_after_it(tmp_path):
    path = write(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nEMAIL:Jobs@Example.com\nEND:VCARD\n")
    assert read(path) == [Contact(key="vcard:jobs@example.com", name="jobs@example.com",
                                  emails=("jobs@example.com",), line=1)]


# --- vCard 2.1 ----------------------------------------------------------------------------

def test_it_decodes_quoted_printable_in_the_charset_a_line_names():
    jurgen = contacts(FIXTURES / "v21_qp.vcf")["Jürgen Müller"]
    assert jurgen.org == "Bäckerei Schön GmbH"
    assert jurgen.location == "München, Bayern, Deutschland"
    # a soft line break (a line ending in "=") joins two lines of one value
    assert jurgen.notes == ("Kennengelernt auf der Jobmesse, sehr hilfsbereit.\n"
                            "Fragt nach meinem Lebenslauf (für die Stelle in München).")


def test_it_reads_2_1_bare_parameters():
    jurgen = contacts(FIXTURES / "v21_qp.vcf")["Jürgen Müller"]
    assert jurgen.key == "vcard:juergen.mueller@example.de"
    assert jurgen.title == "Vertriebsleiter"
    assert jurgen.phones == ("+49 170 5550123", "+49 30 5550 9876")  # TEL;CELL;PREF first


def test_it_never_keeps_a_photo(monkeypatch):
    import vobject

    seen: list[str] = []
    real = vobject.readComponents

    def spy(text, *args, **kwargs):
        seen.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(vobject, "readComponents", spy)
    found = contacts(FIXTURES / "v21_qp.vcf")
    assert set(found) == {"Jürgen Müller", "Karin Lindqvist"}  # both photo styles skipped
    assert found["Karin Lindqvist"].notes == "Photo above is written the way some old phones do it."
    assert seen and not any("PHOTO" in text or "/9j/" in text for text in seen)
    assert "BDAY" in seen[0]  # what follows a photo is still read (and BDAY ignored)
    assert all("9j" not in repr(c) for c in found.values())


def test_it_reads_cards_with_huge_photos_on_one_line_and_memory_stays_flat(tmp_path):
    photo = base64.b64encode(b"\xff" * (6 * 1024 * 1024)).decode()  # 8 MB, one line
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pia Lund\r\nEMAIL:pia@example.se\r\n"
            f"PHOTO;ENCODING=b;TYPE=JPEG:{photo}\r\nNOTE:after the photo\r\nEND:VCARD\r\n")
    path = tmp_path / "big.vcf"
    with path.open("w", encoding="ascii", newline="") as out:
        for _ in range(3):
            out.write(card)
    del photo, card
    tracemalloc.start()
    try:
        records = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(records) == 3 and all(r.notes == "after the photo" for r in records)
    assert peak < 4 * 1024 * 1024  # a 24 MB file, not even half of one photo held at once


def test_it_skips_a_card_with_an_absurdly_long_line(tmp_path):
    path = write(tmp_path, "BEGIN:VCARD\nFN:Long Note\nNOTE:" + "x" * (2 * 1024 * 1024)
                 + "\nEND:VCARD\nBEGIN:VCARD\nFN:Short\nEND:VCARD\n")
    assert read(path) == [Skipped(1, "line 3 is longer than 1 MB"),
                          Contact(key="vcard-card:2", name="Short", line=5)]


# --- vCard 4.0 ----------------------------------------------------------------------------

def test_it_reads_a_4_0_card_with_related_url_and_tel_uris():
    noor = contacts(FIXTURES / "v40_related.vcf")["Noor Haddad"]
    assert noor == Contact(
        key="vcard:urn:uuid:6c1d2b7e-4f0a-4c55-9a3e-2f1b8d7e6a10",
        name="Noor Haddad",
        emails=("noor.haddad@brightline.example.com", "noor@example.net"),  # PREF=1 first
        phones=("+44-20-7946-0321",),  # from tel:+44-20-7946-0321
        linkedin="https://www.linkedin.com/in/noor-haddad",
        org="Brightline Studio",
        title="Design Director",
        location="Edinburgh, United Kingdom",
        related=(("spouse", "vcard:urn:uuid:0a9b8c7d-1e2f-4a3b-9c8d-7e6f5a4b3c2d"),
                 ("colleague", "Omar Saleh"),
                 ("friend", "mailto:jo@example.org")),
        line=1,
    )


def test_it_points_related_uids_at_the_key_of_that_card():
    found = contacts(FIXTURES / "v40_related.vcf")
    assert found["Noor Haddad"].related[0][1] == found["Yusuf Haddad"].key
    assert found["Yusuf Haddad"].related == (("spouse", found["Noor Haddad"].key),)


def test_it_skips_a_group_card():
    assert read(FIXTURES / "v40_related.vcf")[-1] == Skipped(29, "a group, not a person")


# --- charsets -----------------------------------------------------------------------------

def test_it_reads_a_cp1252_file():
    found = contacts(FIXTURES / "cp1252.vcf")
    renee = found["Renée Dubois-Lefèvre"]
    assert renee.org == "Café Société"
    assert renee.title == "Directrice financière"
    assert renee.location == "Besançon, France"
    assert renee.notes == "Rencontrée au salon — très sympa. Budget 50 000 €."  # cp1252 only
    assert "Joël Châtelet" in found


def test_it_reads_a_utf16_file(tmp_path):
    path = write(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Åsa Öberg\nEMAIL:asa@example.se\n"
                           "END:VCARD\n", encoding="utf-16")
    assert sniff(path)
    assert [c.name for c in read(path)] == ["Åsa Öberg"]


def test_it_decides_the_charset_card_by_card(tmp_path):
    path = tmp_path / "mixed.vcf"
    path.write_bytes("BEGIN:VCARD\r\nFN:Zoë Brandt\r\nEND:VCARD\r\n".encode()
                     + "BEGIN:VCARD\r\nFN:Zoë Klein\r\nEND:VCARD\r\n".encode("cp1252"))
    assert [c.name for c in read(path)] == ["Zoë Brandt", "Zoë Klein"]


# --- broken files -------------------------------------------------------------------------

def test_it_skips_a_malformed_card_with_its_line_and_reads_the_others():
    records = read(FIXTURES / "malformed.vcf")
    assert [r.name for r in records if isinstance(r, Contact)] == ["Olga Petrova",
                                                                  "Diego Alvarez"]
    [skipped] = [r for r in records if isinstance(r, Skipped)]
    assert skipped.line == 6
    assert skipped.reason == "an unreadable card (line 10 is not a vCard property)"
    assert records[2].line == 12


def test_it_skips_a_card_that_never_ends(tmp_path):
    path = write(tmp_path, "BEGIN:VCARD\nFN:Half Card\n"
                           "BEGIN:VCARD\nFN:Whole Card\nEND:VCARD\n"
                           "BEGIN:VCARD\nFN:Cut Off\n")
    assert read(path) == [
        Skipped(1, "a card with no END:VCARD"),
        Contact(key="vcard-card:2", name="Whole Card", line=3),
        Skipped(6, "a card with no END:VCARD (the file ends inside it)"),
    ]


def test_it_skips_a_card_in_an_unknown_charset_and_goes_on(tmp_path):
    path = write(tmp_path, "BEGIN:VCARD\nVERSION:2.1\n"
                           "FN;CHARSET=X-NOWHERE;ENCODING=QUOTED-PRINTABLE:J=FCrg\nEND:VCARD\n"
                           "BEGIN:VCARD\nVERSION:2.1\nFN:Ok\nEND:VCARD\n")
    first, second = read(path)
    assert isinstance(first, Skipped) and first.line == 1
    assert first.reason.startswith("an unreadable card")
    assert second.name == "Ok"


def test_it_ignores_text_between_cards(tmp_path):
    path = write(tmp_path, "exported by a phone\n\nBEGIN:VCARD\nFN:Ida Berg\nEND:VCARD\n"
                           "END:VCARD\nstray\n")
    assert read(path) == [Contact(key="vcard-card:1", name="Ida Berg", line=3)]


def test_it_drops_a_2_1_agents_embedded_card(tmp_path):
    path = write(tmp_path, "BEGIN:VCARD\nVERSION:2.1\nFN:Eva Holm\nAGENT:\nBEGIN:VCARD\n"
                           "VERSION:2.1\nFN:Her Assistant\nEMAIL:assistant@example.com\n"
                           "END:VCARD\nEMAIL:eva.holm@example.com\nEND:VCARD\n")
    assert read(path) == [Contact(key="vcard:eva.holm@example.com", name="Eva Holm",
                                  emails=("eva.holm@example.com",), line=1)]


def test_it_decodes_a_base64_text_value(tmp_path):
    note = base64.b64encode("Grüße aus Köln".encode()).decode()
    path = write(tmp_path, f"BEGIN:VCARD\nVERSION:2.1\nFN:Kai Roth\nNOTE;ENCODING=BASE64:{note}\n"
                           "END:VCARD\n")
    assert read(path)[0].notes == "Grüße aus Köln"


def test_it_reads_lazily(tmp_path):
    records = VCardImporter().records(tmp_path / "not-yet-there.vcf", UTC, ME)
    path = write(tmp_path, "BEGIN:VCARD\nFN:Late Card\nEND:VCARD\n", name="not-yet-there.vcf")
    assert path.exists()
    assert [r.name for r in records] == ["Late Card"]


def test_importing_it_does_not_import_django():
    code = ("import sys, goodterms.importers.vcard, goodterms.importers.contacts_csv; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
