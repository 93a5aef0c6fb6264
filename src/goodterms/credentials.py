"""Where the passwords of the user's mail servers come from, and when one may travel
in plain text. Shared by `goodterms sync imap` and the digest's SMTP sending.

goodterms never stores a password: it reads an environment variable, or the
system keyring when the optional `keyring` package is installed.
"""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine (where a password in plain text goes nowhere)."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def keyring_password(service: str, user: str) -> str | None:
    """The password kept in the system keyring for `service` and `user`, when the
    `keyring` package is installed and has one."""
    try:
        import keyring
    except ImportError:
        return None
    try:
        found = keyring.get_password(service, user)
    except Exception:  # no usable keyring backend (a server, a container): not an error
        return None
    return str(found) if found else None
