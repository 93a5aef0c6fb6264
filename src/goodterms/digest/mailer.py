"""Sending one message through an SMTP server, with Python's `smtplib`.

Why smtplib and not Django's email backend: the backend wants its server in
Django's settings (one for the whole installation) or a connection object per
user, and it can only trust the system's certificate authorities, so trusting a
self-signed server (`smtp.cafile`) would need a subclass. With smtplib the
whole path (connect, STARTTLS or TLS, login, send, and every way that can fail)
is the 40 lines below, and each failure becomes one sentence with the server's
own reply in it. The message itself is a standard `email.message.EmailMessage`
(multipart/alternative: plain text, then HTML).

The password is never stored by goodterms nor shown: it comes from the
environment (GOODTERMS_SMTP_PASSWORD) or the system keyring (with the optional
`keyring` package), and is only ever sent over TLS, or to a server on this
machine.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, make_msgid
from typing import Any

from goodterms.credentials import is_loopback, keyring_password
from goodterms.errors import ExitCode, GoodtermsError, UsageError

PASSWORD_ENV = "GOODTERMS_SMTP_PASSWORD"
KEYRING_SERVICE = "goodterms-smtp:{host}"  # the keyring entry: this service, smtp.user as user
SECURITY = ("starttls", "ssl", "none")
TIMEOUT = 30.0  # seconds to wait for the server


class SendFailed(GoodtermsError):
    """The mail server could not be reached or did not take the message."""

    exit_code = ExitCode.ERROR


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 0  # 0: 587 with starttls, 465 with ssl, 25 with none
    user: str = ""  # "" means no login
    security: str = "starttls"
    cafile: str = ""

    @property
    def real_port(self) -> int:
        return self.port or {"starttls": 587, "ssl": 465}.get(self.security, 25)

    @property
    def where(self) -> str:
        return f"{self.host}:{self.real_port}"


def smtp_from_config(config: Any) -> Smtp:
    """The server named by a configuration's smtp.* settings (UsageError if none)."""
    host = str(config.get("smtp.host") or "").strip()
    if not host:
        raise UsageError("which mail server sends the digest? set it once: "
                         "goodterms config set smtp.host smtp.example.org (see docs/digest.md)")
    security = str(config.get("smtp.security") or "starttls")
    if security not in SECURITY:
        raise UsageError(f"smtp.security: unknown '{security}' ({', '.join(SECURITY)})")
    return Smtp(host=host, port=int(config.get("smtp.port") or 0),
                user=str(config.get("smtp.user") or "").strip(), security=security,
                cafile=str(config.get("smtp.cafile") or "").strip())


def password_for(smtp: Smtp) -> str | None:
    """From GOODTERMS_SMTP_PASSWORD, else the system keyring; None when there is none
    (or no login is needed)."""
    if not smtp.user:
        return None
    return os.environ.get(PASSWORD_ENV) or keyring_password(
        KEYRING_SERVICE.format(host=smtp.host), smtp.user)


def check_ready(smtp: Smtp, password: str | None) -> None:
    """Refuse, before anything is tried, what cannot work or would be unsafe."""
    if smtp.user and not password:
        service = KEYRING_SERVICE.format(host=smtp.host)
        raise UsageError(f"no password for {smtp.user} on {smtp.host}: set {PASSWORD_ENV} "
                         f"or keep it in the system keyring (keyring set {service} "
                         f"{smtp.user})")
    if smtp.user and smtp.security == "none" and not is_loopback(smtp.host):
        raise UsageError(f"refusing to send your password in plain text to {smtp.host}: "
                         "set smtp.security to starttls or ssl")
    if smtp.cafile and not os.path.isfile(smtp.cafile):
        raise UsageError(f"smtp.cafile: there is no file {smtp.cafile}")


def build_message(*, sender: str, to: str, subject: str, text: str, html: str,
                  when: datetime) -> EmailMessage:
    """A multipart/alternative message: the plain text, then the same in HTML."""
    message = EmailMessage(policy=SMTP_POLICY)
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(when)
    domain = sender.rpartition("@")[2] or "goodterms.invalid"
    message["Message-ID"] = make_msgid("goodterms-digest", domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message


def send(smtp: Smtp, password: str | None, message: EmailMessage,
         timeout: float = TIMEOUT) -> None:
    """Hand the message to the server, or raise SendFailed with what went wrong
    (the server's reply when it gave one; never the password)."""
    check_ready(smtp, password)
    try:
        context = (ssl.create_default_context(cafile=smtp.cafile or None)
                   if smtp.security != "none" else None)
    except (OSError, ssl.SSLError) as exc:
        raise UsageError(f"smtp.cafile: {smtp.cafile} is not a CA file that can be read "
                         f"({exc})") from None
    client: smtplib.SMTP | None = None
    stage = "connect"
    try:
        if smtp.security == "ssl":
            client = smtplib.SMTP_SSL(smtp.host, smtp.real_port, timeout=timeout,
                                      context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.real_port, timeout=timeout)
        if smtp.security == "starttls":
            stage = "starttls"
            client.starttls(context=context)
        if smtp.user and password:
            stage = "login"
            client.login(smtp.user, password)
        stage = "send"
        client.send_message(message)
    except smtplib.SMTPNotSupportedError as exc:
        if stage == "starttls":
            raise SendFailed(f"{smtp.where} does not offer STARTTLS (set smtp.security to "
                             "ssl, or to none for a server on this machine)") from None
        if stage == "login":
            raise SendFailed(f"{smtp.where} does not offer a login (AUTH) here; leave "
                             "smtp.user empty if it needs none") from None
        raise SendFailed(f"{smtp.where} refused the message: {exc}") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise SendFailed(f"{smtp.where} refused the login of {smtp.user}: "
                         f"{_reply(exc.smtp_code, exc.smtp_error)}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = "; ".join(f"{address}: {_reply(code, text)}"
                            for address, (code, text) in exc.recipients.items())
        raise SendFailed(f"{smtp.where} refused the recipient ({refused})") from None
    except smtplib.SMTPSenderRefused as exc:
        raise SendFailed(f"{smtp.where} refused the sender {exc.sender}: "
                         f"{_reply(exc.smtp_code, exc.smtp_error)}") from None
    except smtplib.SMTPResponseException as exc:  # DATA refused, and the like
        raise SendFailed(f"{smtp.where} refused the message: "
                         f"{_reply(exc.smtp_code, exc.smtp_error)}") from None
    except ssl.SSLCertVerificationError as exc:
        raise SendFailed(f"{smtp.where}: the server's certificate cannot be trusted "
                         f"({exc.verify_message or exc}); if your own authority signed it, "
                         "give its certificate with smtp.cafile") from None
    except ssl.SSLError as exc:
        raise SendFailed(f"{smtp.where}: no secure connection ({exc.reason or exc})") from None
    except TimeoutError:
        raise SendFailed(f"{smtp.where} did not answer within {timeout:g} seconds") from None
    except (OSError, smtplib.SMTPException) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise SendFailed(f"cannot talk to {smtp.where} ({reason})") from None
    finally:
        if client is not None:
            with contextlib.suppress(Exception):  # already gone: nothing to close
                client.quit()


def _reply(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(said.split())}".strip()
