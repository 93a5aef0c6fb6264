"""A real Dovecot IMAP server for the tests, on loopback ports, in a temporary folder.

It listens on two unprivileged ports: one in plain text (which offers STARTTLS)
and one with TLS from the start, with a self-signed certificate for 127.0.0.1 and
localhost made here with `openssl`. Users are in passwd-files (each test adds its
own, so tests never see each other's mail); mail is in Maildirs under the folder.
Run as root (as in CI), logins run as `dovenull`, Dovecot's own processes as
`dovecot` and mail access as `dovecot` too (Dovecot refuses mail access as root);
run as anyone else, everything runs as that user.
"""

from __future__ import annotations

import grp
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

DOVECOT = Path("/usr/sbin/dovecot")
PASSWORD = "s3cret-Passw0rd"

NO_DOVECOT = "needs Dovecot (/usr/sbin/dovecot): apt-get install -y dovecot-imapd"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Dovecot:
    folder: Path
    port: int  # plain text, STARTTLS offered
    tls_port: int  # TLS from the start
    cafile: Path  # the server's self-signed certificate
    process: subprocess.Popen[bytes]
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def new_user(self, password: str = PASSWORD) -> str:
        """A fresh account (an empty mailbox) for one test."""
        user = f"ana{next(self.counter)}-{os.getpid()}@example.org"
        # One passwd-file per user: Dovecot reads it afresh at each login.
        passwd = self.folder / "users" / user
        passwd.write_text(f"{user}:{{PLAIN}}{password}::::\n", encoding="utf-8")
        passwd.chmod(0o644)
        return user

    def client(self, user: str, password: str = PASSWORD) -> Any:
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", self.port, ssl=False, timeout=30)
        client.login(user, password)
        return client

    def log(self) -> str:
        path = self.folder / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _config(folder: Path, port: int, tls_port: int) -> str:
    if os.geteuid() == 0:
        login_user, internal_user = "dovenull", "dovecot"
        mail = pwd.getpwnam("dovecot")
    else:
        login_user = internal_user = pwd.getpwuid(os.getuid()).pw_name
        mail = pwd.getpwuid(os.getuid())
    internal_group = grp.getgrgid(mail.pw_gid).gr_name
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
info_log_path = {folder}/dovecot.log
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = 1
first_valid_gid = 0
ssl = yes
ssl_cert = <{folder}/cert.pem
ssl_key = <{folder}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/users/%u
}}
userdb {{
  driver = static
  args = uid={mail.pw_uid} gid={mail.pw_gid} home={folder}/mail/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
  mailbox "Envoyés" {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
"""


def start_dovecot() -> Dovecot:
    # Not under pytest's tmp_path: Dovecot's login processes (another user, when run
    # as root) must be able to reach their sockets, so every folder on the way is
    # readable by others (the mail itself stays the mail user's).
    folder = Path(tempfile.mkdtemp(prefix="goodterms-dovecot-"))
    folder.chmod(0o755)
    for name in ("run", "state", "mail", "users"):
        (folder / name).mkdir()
    if os.geteuid() == 0:
        mail = pwd.getpwnam("dovecot")
        os.chown(folder / "mail", mail.pw_uid, mail.pw_gid)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True)
    port, tls_port = free_port(), free_port()
    (folder / "dovecot.conf").write_text(_config(folder, port, tls_port), encoding="utf-8")
    process = subprocess.Popen([str(DOVECOT), "-F", "-c", str(folder / "dovecot.conf")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    server = Dovecot(folder, port, tls_port, folder / "cert.pem", process)
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"dovecot stopped at once:\n{output}\n{server.log()}")
        try:
            for p in (port, tls_port):
                socket.create_connection(("127.0.0.1", p), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                stop_dovecot(server)
                raise RuntimeError(f"dovecot did not listen in time:\n{server.log()}"
                                   ) from None
            time.sleep(0.1)
    return server


def stop_dovecot(server: Dovecot) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    if server.process.stdout:
        server.process.stdout.close()
    shutil.rmtree(server.folder, ignore_errors=True)


def running_dovecot() -> Iterator[Dovecot]:
    """For a fixture: one server, stopped (and its folder removed) afterwards; the
    test is skipped, saying why, where Dovecot is not installed."""
    if not DOVECOT.exists():
        pytest.skip(NO_DOVECOT)
    server = start_dovecot()
    try:
        yield server
    finally:
        stop_dovecot(server)


# ---------------------------------------------------------------- messages

_numbers = itertools.count(1)


def message(sender: str, to: str, subject: str, body: str = "Hello.", *,
            at: str = "Mon, 02 Nov 2026 10:00:00 +0000", message_id: str | None = None,
            extra: str = "", cc: str = "") -> bytes:
    """One RFC 822 message, as a mail program would send it."""
    ident = message_id or f"<m{next(_numbers)}.{time.time_ns()}@example.org>"
    lines = [f"From: {sender}", f"To: {to}"]
    if cc:
        lines.append(f"Cc: {cc}")
    lines += [f"Subject: {subject}", f"Date: {at}", f"Message-ID: {ident}",
              "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
    if extra:
        lines.append(extra)
    return ("\r\n".join(lines) + "\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n").encode()


def date(day: int, hour: int = 10) -> str:
    from datetime import UTC, datetime

    return format_datetime(datetime(2026, 11, day, hour, 0, tzinfo=UTC))
