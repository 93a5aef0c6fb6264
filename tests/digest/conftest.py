"""A real SMTP server (aiosmtpd) on a free loopback port, for the digest tests.

`smtp_server` records every message it accepts and can be told to refuse: a
recipient (`refuse_rcpt`, a 550 reply to RCPT TO) or every message
(`refuse_data`, a reply to DATA). `tls_files` is a self-signed certificate for
127.0.0.1 made with `openssl`, for the STARTTLS and SSL servers.
"""

from __future__ import annotations

import email
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest

aiosmtpd = pytest.importorskip("aiosmtpd", reason="needs aiosmtpd (pip install -e '.[test]')")

from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

PASSWORD = "digest-S3cret!"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    login: str | None  # who logged in, if anyone

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=default_policy)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def part(self, subtype: str) -> str:
        body = self.message.get_body((subtype,))
        assert body is not None, f"no text/{subtype} part"
        return str(body.get_content()).replace("\r\n", "\n")


@dataclass
class Handler:
    messages: list[Received] = field(default_factory=list)
    refuse_rcpt: set[str] = field(default_factory=set)
    refuse_data: str = ""  # a reply such as "554 5.7.1 ..." for every message

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: Any) -> str:
        if address in self.refuse_rcpt:
            return f"550 5.1.1 <{address}>: Recipient address rejected: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_data:
            return self.refuse_data
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else (
            session.auth_data)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      bytes(envelope.original_content or envelope.content),
                                      login))
        return "250 2.0.0 Ok: queued"


@dataclass
class Server:
    port: int
    handler: Handler

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                 auth_data: Any) -> AuthResult:
    if isinstance(auth_data, LoginPassword) and auth_data.password == PASSWORD.encode():
        return AuthResult(success=True, auth_data=auth_data.login)
    return AuthResult(success=False, handled=False)


def start(handler: Handler, **kwargs: Any) -> tuple[Controller, Server]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller, Server(port, handler)


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    """A plain SMTP server (no TLS, no login): smtp.security none."""
    controller, server = start(Handler())
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True, timeout=60)
    return folder / "cert.pem", folder / "key.pem"


def server_context(tls_files: tuple[Path, Path]) -> Any:
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*tls_files)
    return context


@pytest.fixture
def starttls_server(tls_files: tuple[Path, Path]) -> Iterator[Server]:
    """Plain text that must switch to TLS (STARTTLS) and wants a login."""
    controller, server = start(Handler(), tls_context=server_context(tls_files),
                               require_starttls=True, authenticator=authenticate,
                               auth_required=True)
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def ssl_server(tls_files: tuple[Path, Path]) -> Iterator[Server]:
    """TLS from the first byte (SMTPS), with a login."""
    # aiosmtpd counts only STARTTLS as TLS (and warns about this on each connection)
    controller, server = start(Handler(), ssl_context=server_context(tls_files),
                               authenticator=authenticate, auth_required=True,
                               auth_require_tls=False)
    try:
        yield server
    finally:
        controller.stop()
