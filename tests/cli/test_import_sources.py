"""Importing the files people already have, through `goodterms import`."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from goodterms.store import models as m
from tests.helpers import goodterms

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"

MEETING_WITH_PRIYA = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:coffee-priya@example.org\r
DTSTAMP:20261110T090000Z\r
DTSTART:20261118T090000Z\r
DTEND:20261118T093000Z\r
SUMMARY:Coffee with Priya\r
LOCATION:Café near my place\r
ORGANIZER;CN=Maren Holloway:mailto:maren@holloway.example\r
ATTENDEE;PARTSTAT=ACCEPTED:mailto:maren@holloway.example\r
ATTENDEE;CN=Priya Raman;PARTSTAT=ACCEPTED:mailto:priya.raman@acme.example\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture(autouse=True)
def owner(home):
    (home / "config.toml").write_text(
        'timezone = "UTC"\n[me]\nemails = ["maren@holloway.example", "sam.rivera@example.com"]\n'
        'names = ["Maren Holloway"]\n')


def zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"Basic_LinkedInDataExport/{path.name}")
    return target


def test_a_linkedin_zip_imports_once_and_again_adds_nothing(tmp_path):
    export = zipped(FIXTURES / "linkedin" / "new-export", tmp_path / "export.zip")
    first = goodterms(["import", str(export)])
    assert first.code == 0, first.err
    assert "Connections.csv line 8: hidden profile (only a date)" in first.out
    people = set(m.Person.objects.values_list("name", flat=True))
    assert {"Ana Bell", "Priya Raman", "Jonas Lindqvist"} <= people
    assert "Maren Holloway" not in people  # the owner is never a contact
    priya = m.Person.objects.get(name="Priya Raman")
    assert priya.met_on.isoformat() == "2025-11-21" and priya.met_how == "LinkedIn"
    assert priya.org == "Acme, Widgets & Co"
    again = goodterms(["import", str(export)])
    assert " 0 new, 0 updated" in again.out


def test_the_same_human_in_three_sources_is_one_person(tmp_path):
    goodterms(["import", str(FIXTURES / "vcard" / "v30_several.vcf")])
    goodterms(["import", str(FIXTURES / "csv" / "google_current.csv")])
    goodterms(["import", str(FIXTURES / "linkedin" / "new-export")])
    anas = m.Person.objects.filter(name="Ana Bell")
    assert anas.count() == 1
    ana = anas.get()
    assert "ana.bell@example.org" in ana.emails
    assert ana.linkedin == "https://www.linkedin.com/in/ana-bell"
    assert ana.phones == ["+1 555 0100 200"]
    assert len(ana.extra["x_sources"]) == 3


def test_a_new_connection_met_at_my_place_and_time_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    goodterms(["import", str(FIXTURES / "linkedin" / "new-export")])
    goodterms("edit 'Priya Raman' --email priya.raman@acme.example")
    calendar = tmp_path / "calendar.ics"
    calendar.write_text(MEETING_WITH_PRIYA, newline="")
    imported = goodterms(["import", str(calendar)])
    assert imported.code == 0, imported.err
    assert m.Interaction.objects.filter(kind="meeting", people__name="Priya Raman").count() == 1
    findings = goodterms("check --format json").json()["findings"]
    meeting = [f for f in findings if f["rule"] == "burdensome-meeting"]
    assert [f["person"] for f in meeting] == [m.Person.objects.get(name="Priya Raman").ident]


def test_strict_stores_nothing_when_a_card_is_unreadable(tmp_path):
    source = FIXTURES / "vcard" / "malformed.vcf"
    strict = goodterms(["import", "--strict", str(source)])
    assert strict.code == 4 and "nothing was imported" in strict.err
    assert m.Person.objects.count() == 0
    lenient = goodterms(["import", str(source)])
    assert lenient.code == 0 and "Skipped" in lenient.out
    assert m.Person.objects.count() > 0


def test_a_renamed_file_is_still_recognised(tmp_path):
    renamed = tmp_path / "contacts-backup.txt"
    shutil.copy(FIXTURES / "vcard" / "v40_related.vcf", renamed)
    result = goodterms(["import", str(renamed)])
    assert result.code == 0, result.err
    assert m.Person.objects.count() > 0


class _Terminal(__import__("io").BytesIO):
    def isatty(self) -> bool:
        return True


def test_mail_asks_once_which_address_is_mine_and_keeps_it(home, monkeypatch):
    import io

    from goodterms.cli import run
    from goodterms.cli.env import Env

    (home / "config.toml").write_text('timezone = "UTC"\n')
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    answers = iter(["y"])
    monkeypatch.setattr("click.termui.visible_prompt_func", lambda *args: next(answers))
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=_Terminal(), stdout=out, stderr=err)
    code = run(["import", str(FIXTURES / "mail" / "takeout.mbox")], env)
    assert code == 0, err.getvalue()
    assert goodterms("config --format json").json()["me.emails"] == ["sam.rivera@example.com"]
    assert "guessed your address" not in out.getvalue()
    assert m.Person.objects.filter(name="Ana Bell").exists()


def test_mail_without_a_terminal_uses_the_guess_and_says_so(home, monkeypatch):
    (home / "config.toml").write_text('timezone = "UTC"\n')
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    result = goodterms(["import", str(FIXTURES / "mail" / "takeout.mbox")])
    assert result.code == 0, result.err
    assert "guessed your address: sam.rivera@example.com" in result.out


def test_the_same_mail_from_an_mbox_and_a_maildir_is_recorded_once(home, monkeypatch, tmp_path):
    import mailbox

    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    assert goodterms("config set me.emails sam.rivera@example.com").code == 0
    first = goodterms(["import", str(FIXTURES / "mail" / "takeout.mbox")])
    assert first.code == 0, first.err
    emails = m.Interaction.objects.filter(kind="email").count()
    assert emails > 0
    copy = mailbox.Maildir(tmp_path / "copy", create=True)
    for message in mailbox.mbox(FIXTURES / "mail" / "takeout.mbox"):
        copy.add(message)
    copy.close()
    again = goodterms(["import", str(tmp_path / "copy")])
    assert again.code == 0, again.err
    assert m.Interaction.objects.filter(kind="email").count() == emails
    assert all(i.startswith("mail-") for i in
               m.Interaction.objects.filter(kind="email").values_list("ident", flat=True))


def _shared_mail() -> Path:
    here = Path(__file__).resolve()
    for base in (Path("/work/shared/data"), here.parents[3] / "shared" / "data"):
        if (base / "mail").is_dir():
            return base / "mail"
    pytest.skip("the shared data folder (../shared/data/mail) is not here")


@pytest.mark.parametrize(("mailbox", "me", "emails"), [
    ("enron-berkeley", "steven.kean@enron.com", True),  # a folder of one-message files
    ("notmuch-corpus", "cworth@cworth.org", True),      # a Maildir tree
    # A Mailman mbox: no To/Cc headers, so nothing is to or from anybody in particular.
    ("r-package-devel/2019q2.txt", "maintainer@example.org", False),
])
def test_each_real_mailbox_imports_and_again_changes_nothing(home, monkeypatch, mailbox, me,
                                                             emails):
    path = _shared_mail() / mailbox
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    assert goodterms(["config", "set", "me.emails", me]).code == 0
    first = goodterms(["import", str(path)])
    assert first.code == 0, first.err
    stored = m.Interaction.objects.filter(kind="email").count()
    assert (stored > 0) == emails, first.out
    people = m.Person.objects.count()
    again = goodterms(["import", str(path)])
    assert again.code == 0, again.err
    assert m.Interaction.objects.filter(kind="email").count() == stored
    assert m.Person.objects.count() == people
