"""Making readable ids from names."""

from __future__ import annotations

import re
import unicodedata


def slug(name: str) -> str:
    """A lower-case ASCII id from a name: "Zoë Ångström" -> "zoe-angstrom"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text or "person"
