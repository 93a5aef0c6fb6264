"""The Import page: upload what `goodterms import` reads, follow it, read the summary."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goodterms.store import models as m
from goodterms.web.views import imports
from tests.helpers import goodterms
from tests.web.network import signed_in

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"


@pytest.fixture(autouse=True)
def in_the_request(monkeypatch):
    """Import in the request itself (the thread is tested on its own below)."""
    monkeypatch.setattr(imports, "BACKGROUND", False)
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")


def upload(client, name: str, content: bytes, **extra):
    return client.post("/import/", {"file": SimpleUploadedFile(name, content), **extra})


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def job_of(response) -> str:
    assert response.status_code == 302, response.content[:800]
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


@pytest.mark.django_db
def test_the_form_is_labelled_and_says_the_limit():
    _user, client = signed_in("ana")
    html = client.get("/import/").content.decode()
    assert '<label for="import-file">File to import</label>' in html
    assert 'enctype="multipart/form-data"' in html
    assert "At most 256 MB." in html
    assert "<code>vcard</code>" in html and "<code>linkedin</code>" in html


@pytest.mark.django_db
def test_a_vcard_gives_the_same_summary_as_the_cli_and_stores_the_people(home):
    user, client = signed_in("ana")
    bob, _ = signed_in("bob")
    source = FIXTURES / "vcard" / "v30_several.vcf"
    response = upload(client, "contacts.vcf", source.read_bytes())
    job = job_of(response)
    page = client.get(f"/import/{job}/")
    text = text_of(page)
    cli = goodterms(["--user", "bob", "import", str(source)])
    counts = re.search(r"(\d+) new, (\d+) updated, (\d+) unchanged", cli.out).groups()
    assert f"{counts[0]} new, {counts[1]} updated, {counts[2]} unchanged" in text
    assert "contacts.vcf (vcard): imported" in text
    people = set(m.Person.objects.filter(owner=user).values_list("name", flat=True))
    assert "Ana Bell" in people and len(people) == int(counts[0])
    assert set(m.Person.objects.filter(owner=bob).values_list("name", flat=True)) == people
    # The upload itself is gone; only the status is kept.
    folder = home / "uploads" / str(user.pk) / job
    assert (folder / "status.json").is_file() and not (folder / "data").exists()
    again = text_of(client.get(f"/import/{job_of(upload(client, 'c.vcf', source.read_bytes()))}/"))
    assert f"0 new, 0 updated, {counts[0]} unchanged" in again


@pytest.mark.django_db
def test_skipped_cards_are_listed_with_their_reason_and_strict_stores_nothing():
    user, client = signed_in("ana")
    source = (FIXTURES / "vcard" / "malformed.vcf").read_bytes()
    strict = text_of(client.get(f"/import/{job_of(upload(client, 'm.vcf', source, strict='1'))}/"))
    assert "m.vcf was not imported" in strict and "nothing was imported" in strict
    assert not m.Person.objects.filter(owner=user).exists()
    lenient = text_of(client.get(f"/import/{job_of(upload(client, 'm.vcf', source))}/"))
    assert "skipped" in lenient and re.search(r"Skipped \d+", lenient)
    assert re.search(r"line \d+: ", lenient)
    assert m.Person.objects.filter(owner=user).exists()


@pytest.mark.django_db
def test_a_journal_with_a_bad_line_names_the_file_and_line_and_stores_nothing():
    user, client = signed_in("ana")
    journal = (b'{"type": "person", "id": "tim", "name": "Tim Park"}\n'
               b'{"type": "favor", "id": "f1", "at": "2026-11-03T10:00", "from": "tim",'
               b' "to": "me", "kind": "a pony"}\n')
    response = client.get(f"/import/{job_of(upload(client, 'network.jsonl', journal))}/")
    text = text_of(response)
    assert "network.jsonl was not imported" in text
    assert "network.jsonl: refused, nothing was imported" in text and "line 2:" in text
    assert str(imports.user_folder(user)) not in response.content.decode()
    assert not m.Person.objects.filter(owner=user).exists()


@pytest.mark.django_db
def test_a_linkedin_zip_is_read_as_it_comes():
    user, client = signed_in("ana")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in (FIXTURES / "linkedin" / "new-export").iterdir():
            archive.write(file, file.name)
    text = text_of(client.get(
        f"/import/{job_of(upload(client, 'Basic_LinkedInDataExport.zip', buffer.getvalue()))}/"))
    assert "(linkedin): imported" in text
    assert m.Person.objects.filter(owner=user).count() > 0
    assert m.Interaction.objects.filter(owner=user, kind="message").exists()


@pytest.mark.django_db
def test_a_zipped_maildir_is_unpacked_and_read():
    user, client = signed_in("ana")
    buffer = io.BytesIO()
    root = FIXTURES / "mail"
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in (root / "Maildir").rglob("*"):
            archive.write(file, file.relative_to(root))
    text = text_of(client.get(f"/import/{job_of(upload(client, 'mail.zip', buffer.getvalue()))}/"))
    assert "(maildir): imported" in text
    assert m.Person.objects.filter(owner=user, name="Ana Bell").exists()


@pytest.mark.django_db
def test_a_file_nobody_reads_is_named_in_the_error():
    user, client = signed_in("ana")
    text = text_of(client.get(f"/import/{job_of(upload(client, 'notes.txt', b'hello'))}/"))
    assert "notes.txt: goodterms does not recognise this file" in text
    evil = text_of(client.get(f"/import/{job_of(upload(client, '../../x.zip', b'PK'))}/"))
    assert "x.zip" in evil
    assert not m.Person.objects.filter(owner=user).exists()


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_before_it_is_stored(settings, home):
    settings.GOODTERMS_UPLOAD_MAX_BYTES = 1024
    _user, client = signed_in("ana")
    response = upload(client, "big.vcf", b"BEGIN:VCARD\n" + b"x" * 5000)
    assert response.status_code == 400
    assert "That file is larger than 1 KB, the most this server takes" in text_of(response)
    assert not (home / "uploads").exists()
    assert upload(client, "empty.vcf", b"").status_code == 400
    assert client.post("/import/", {}).status_code == 400


@pytest.mark.django_db
def test_the_upload_needs_the_csrf_token():
    from django.test import Client

    user, _ = signed_in("ana")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = upload(client, "c.vcf", (FIXTURES / "vcard" / "v30_several.vcf").read_bytes())
    assert response.status_code == 403
    assert not m.Person.objects.exists()


@pytest.mark.django_db
def test_another_users_import_is_not_found():
    _ana, client = signed_in("ana")
    job = job_of(upload(client, "c.vcf", (FIXTURES / "vcard" / "v30_several.vcf").read_bytes()))
    _bob, bob_client = signed_in("bob")
    assert bob_client.get(f"/import/{job}/").status_code == 404
    assert bob_client.get(f"/import/{job}/progress/").status_code == 404
    assert bob_client.get("/import/..%2F..%2Fsecret_key/").status_code == 404
    assert client.get(f"/import/{job}/progress/").status_code == 200


@pytest.mark.django_db
def test_htmx_gets_the_progress_then_the_summary():
    _user, client = signed_in("ana")
    response = client.post("/import/", {"file": SimpleUploadedFile(
        "c.vcf", (FIXTURES / "vcard" / "v30_several.vcf").read_bytes())},
        headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith("<section id=\"import-job-")
    assert "hx-trigger" not in html and "imported" in html  # finished: polling stops


@pytest.mark.django_db(transaction=True)
def test_in_a_background_thread_the_page_follows_the_import(monkeypatch):
    monkeypatch.setattr(imports, "BACKGROUND", True)
    user, client = signed_in("ana")
    lines = [f'{{"type": "person", "id": "p{n}", "name": "Person {n}"}}' for n in range(3000)]
    job = job_of(upload(client, "big.jsonl", "\n".join(lines).encode() + b"\n"))
    seen = []
    for _ in range(300):
        html = client.get(f"/import/{job}/progress/").content.decode()
        seen.append(html)
        if "hx-trigger" not in html:
            break
        time.sleep(0.1)
    assert 'hx-trigger="every 1s"' in seen[0]  # it polled while running
    assert "3000 new, 0 updated, 0 unchanged" in " ".join(seen[-1].split())
    assert m.Person.objects.filter(owner=user).count() == 3000
