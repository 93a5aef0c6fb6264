"""Import: upload any file that 'goodterms import' reads.

An upload is saved under GOODTERMS_HOME/uploads/<user id>/<job>/, where nobody
else's requests look; the importer is chosen by content exactly as on the
command line (`goodterms.store.importing`), and the import runs in a background
thread of the process that received the upload, so that the page can show its
progress. The thread writes the job's state to `status.json` in the job folder
(replaced atomically, at most a few times a second): every thread of the server,
and any other server process on the machine, can answer the page's poll (every
second with htmx, by a meta refresh without JavaScript). Once the import is
over, the uploaded data is deleted and only the status is kept, for a day.

A zip is handed as it is to the importers (a LinkedIn export is read from its
zip); a zip none of them reads is unpacked (safely, within limits) and the
folder is tried instead: a Maildir or a folder of .eml files.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from goodterms.web.common import now, user_config

log = logging.getLogger(__name__)

BACKGROUND = True  # tests may run the import in the request instead
KEEP_STATUS = timedelta(days=1)
WRITE_EVERY = 0.5  # seconds between two progress writes
JOB = re.compile(r"^[a-z0-9]{20}$")
UNZIP_FACTOR = 20  # an unpacked zip may be this many times its upload limit
UNZIP_MEMBERS = 200_000


def upload_limit() -> int:
    return int(getattr(settings, "GOODTERMS_UPLOAD_MAX_BYTES", 256 * 1024 * 1024))


def limit_text(limit: int | None = None) -> str:
    limit = upload_limit() if limit is None else limit
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):.4g} MB"
    return f"{limit / 1024:.4g} KB"


# ---------------------------------------------------------------- where uploads live

def user_folder(user: Any) -> Path:
    from goodterms.home import home_dir

    return home_dir() / "uploads" / str(int(user.pk))


def job_folder(user: Any, job: str) -> Path:
    """The folder of one of the user's jobs; 404 for anything else."""
    if not JOB.match(job):
        raise Http404("no such import")
    folder = user_folder(user) / job
    if not (folder / "status.json").is_file():
        raise Http404("no such import")
    return folder


def read_status(folder: Path) -> dict[str, Any]:
    try:
        status: dict[str, Any] = json.loads((folder / "status.json").read_text("utf-8"))
    except (OSError, ValueError):
        raise Http404("no such import") from None
    return status


def write_status(folder: Path, status: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".status-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(status, out)
    os.replace(tmp, folder / "status.json")


def clean_old(user: Any) -> None:
    """Forget the user's finished imports older than a day (and anything left over
    by a server that stopped in the middle of one, after a day too)."""
    base = user_folder(user)
    if not base.is_dir():
        return
    cutoff = time.time() - KEEP_STATUS.total_seconds()
    for folder in base.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def safe_name(name: str) -> str:
    """The uploaded file's own name, without any folder, fit for a file system."""
    base = Path(name.replace("\\", "/")).name.strip().lstrip(".")
    base = re.sub(r"[^\w.@+ -]", "_", base)[:150]
    return base or "upload"


# ---------------------------------------------------------------- the upload itself

class LimitedUpload(FileUploadHandler):
    """Refuses a file larger than the limit while it arrives, before it is stored."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_big = False

    def handle_raw_input(self, input_data: Any, META: Any, content_length: int, boundary: Any,
                         encoding: str | None = None) -> None:
        self.too_big = content_length > self.limit + 64 * 1024  # the form's other fields

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.too_big:
            raise SkipFile()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_big = True
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers keep the file


@csrf_exempt  # checked below, once the size limit is in place (Django's documented way)
def import_page(request: HttpRequest) -> HttpResponse:
    limiter = LimitedUpload(request, upload_limit())
    if request.method == "POST":
        request.upload_handlers.insert(0, limiter)
    return _import_page(request, limiter)


@csrf_protect
def _import_page(request: HttpRequest, limiter: LimitedUpload) -> HttpResponse:
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if limiter.too_big:
            error = (f"That file is larger than {limit_text()}, the most this server takes. "
                     "Import it on the command line (goodterms import), or ask whoever runs "
                     "the server to raise GOODTERMS_UPLOAD_MAX_MB.")
        elif upload is None:
            error = "Choose a file to import."
        elif upload.size == 0:
            error = f"{safe_name(upload.name or '')}: the file is empty."
        else:
            job = start(request, upload, strict=bool(request.POST.get("strict")))
            if request.headers.get("HX-Request"):
                response = _progress(request, job)
                response["HX-Push-Url"] = reverse("web:import-job", kwargs={"job": job})
                return response
            return redirect("web:import-job", job=job)
    status = 400 if error else 200
    if error and request.headers.get("HX-Request"):
        status = 200  # htmx swaps successful answers only
    template = "web/import_form.html" if request.headers.get("HX-Request") else "web/import.html"
    return render(request, template, {
        "nav": "import", "error": error, "limit": limit_text(), "formats": formats(),
    }, status=status)


def formats() -> list[tuple[str, str]]:
    from goodterms.importers import importers

    return [(name, str(getattr(imp, "description", "") or "")) for name, imp in
            importers().items()]


def start(request: HttpRequest, upload: Any, strict: bool = False) -> str:
    """Save the upload in a new job folder of the user's, and start importing it."""
    clean_old(request.user)
    job = secrets.token_hex(10)
    folder = user_folder(request.user) / job
    folder.mkdir(parents=True)
    name = safe_name(upload.name or "")
    target = folder / "data" / name
    target.parent.mkdir()
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    write_status(folder, {"job": job, "file": name, "state": "queued", "done": 0,
                          "total": None, "format": None, "error": "", "summary": None,
                          "started": datetime.now(UTC).isoformat()})
    config = user_config(request)
    moment = now(request)
    if BACKGROUND:
        threading.Thread(target=run_job, args=(request.user, folder, config, moment, strict),
                         name=f"goodterms-import-{job}", daemon=True).start()
    else:
        run_job(request.user, folder, config, moment, strict, close_connection=False)
    return job


# ---------------------------------------------------------------- the import, in its thread

def run_job(owner: Any, folder: Path, config: Any, moment: datetime, strict: bool,
            close_connection: bool = True) -> None:
    """Import the job's file and record how it went in its status.json."""
    from django.db import connection

    from goodterms.errors import GoodtermsError
    from goodterms.store.importing import detect, progress_total, run_import

    status = read_status(folder)
    name = status["file"]
    data = folder / "data"
    path = data / name
    last = 0.0

    def progress(n: int) -> None:
        nonlocal last
        status["done"] += n
        if time.monotonic() - last >= WRITE_EVERY:
            last = time.monotonic()
            write_status(folder, status)

    try:
        found = _detect(path, data, detect)
        status.update(state="running", format=found.importer.name,
                      total=progress_total(found))
        write_status(folder, status)
        summary = run_import(owner, found, source=name, config=config, now=moment,
                             strict=strict, progress=progress)
        status.update(state="done", summary=summary_json(summary))
    except GoodtermsError as exc:
        status.update(state="failed", error=_shown(str(exc), data))
    except Exception:
        log.exception("import of %s failed", name)
        status.update(state="failed",
                      error=f"{name}: the import failed unexpectedly; nothing was stored. "
                            "The server's log has the details.")
    finally:
        status["finished"] = datetime.now(UTC).isoformat()
        shutil.rmtree(data, ignore_errors=True)
        write_status(folder, status)
        if close_connection:
            connection.close()  # this thread's own connection


def _shown(message: str, data: Path) -> str:
    """An error as the user should read it: about their file, not our folders."""
    for prefix in (str(data / "unpacked") + os.sep, str(data) + os.sep):
        message = message.replace(prefix, "")
    return message


def _detect(path: Path, data: Path, detect: Any) -> Any:
    from goodterms.errors import BadInput

    try:
        return detect(path)
    except BadInput:
        if not zipfile.is_zipfile(path):
            raise
    folder = unpack(path, data / "unpacked")
    candidates = [folder]
    children = [c for c in folder.iterdir() if not c.name.startswith(("__MACOSX", "."))]
    if len(children) == 1 and children[0].is_dir():
        candidates.append(children[0])
    for candidate in candidates:
        try:
            return detect(candidate)
        except BadInput:
            continue
    raise BadInput("goodterms does not recognise what is in this zip (it reads a LinkedIn "
                   "export, a Maildir or a folder of .eml messages from a zip)",
                   source=path.name)


def unpack(path: Path, folder: Path) -> Path:
    """Unpack a zip, refusing one that would grow too big or write outside `folder`."""
    from goodterms.errors import BadInput

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > UNZIP_MEMBERS:
                raise BadInput(f"the zip holds more than {UNZIP_MEMBERS} files",
                               source=path.name)
            if sum(m.file_size for m in members) > UNZIP_FACTOR * upload_limit():
                raise BadInput("the zip unpacks to more than this server takes",
                               source=path.name)
            root = folder.resolve()
            for member in members:
                target = (folder / member.filename).resolve()
                if root != target and root not in target.parents:
                    raise BadInput(f"the zip has a file outside its folder: {member.filename}",
                                   source=path.name)
            archive.extractall(folder)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadInput(f"the zip cannot be read ({exc})", source=path.name) from None
    return folder


def summary_json(summary: Any) -> dict[str, Any]:
    from goodterms.store.importing import skipped_reasons
    from goodterms.store.matching import where

    total = summary.total
    return {
        "source": summary.source,
        "new": total.new, "updated": total.updated, "unchanged": total.unchanged,
        "kinds": [{"kind": kind.replace("_", " "), "new": c.new, "updated": c.updated,
                   "unchanged": c.unchanged} for kind, c in sorted(summary.counts.items())],
        "queued": getattr(summary, "queued", 0),
        "skipped": len(summary.skipped),
        "reasons": [{"reason": r, "count": n} for r, n in skipped_reasons(summary).items()],
        "skipped_rows": [{"where": where(number, file), "reason": reason}
                         for number, reason, file in summary.skipped[:50]],
    }


# ---------------------------------------------------------------- following a job

def job_page(request: HttpRequest, job: str) -> HttpResponse:
    folder = job_folder(request.user, job)
    return render(request, "web/import_job.html", {
        "nav": "import", "status": read_status(folder), "job": job,
        "poll_url": reverse("web:import-progress", kwargs={"job": job}),
    })


def progress_view(request: HttpRequest, job: str) -> HttpResponse:
    return _progress(request, job)


def _progress(request: HttpRequest, job: str) -> HttpResponse:
    folder = job_folder(request.user, job)
    return render(request, "web/import_progress.html", {
        "status": read_status(folder), "job": job,
        "poll_url": reverse("web:import-progress", kwargs={"job": job}),
    })


urlpatterns: list[URLPattern] = [
    path("import/", import_page, name="import"),
    path("import/<str:job>/", job_page, name="import-job"),
    path("import/<str:job>/progress/", progress_view, name="import-progress"),
]
