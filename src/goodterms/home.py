"""Where the user's data lives: GOODTERMS_HOME and GOODTERMS_DATABASE_URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from goodterms.errors import ConfigError

DB_FILENAME = "goodterms.sqlite3"


def home_dir() -> Path:
    """The folder that holds the database and config.toml (not created here)."""
    env = os.environ.get("GOODTERMS_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("goodterms", appauthor=False))


def config_path() -> Path:
    return home_dir() / "config.toml"


@dataclass(frozen=True)
class DatabaseTarget:
    engine: str  # "sqlite" or "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    options: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """Where the database is, without any secret."""
        if self.engine == "sqlite":
            return self.name
        where = self.host or "local socket"
        port = f":{self.port}" if self.port else ""
        return f"postgresql://{self.user + '@' if self.user else ''}{where}{port}/{self.name}"


def database_target() -> DatabaseTarget:
    url = os.environ.get("GOODTERMS_DATABASE_URL", "").strip()
    if not url:
        return DatabaseTarget("sqlite", str(home_dir() / DB_FILENAME))
    return parse_database_url(url)


def parse_database_url(url: str) -> DatabaseTarget:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ConfigError("GOODTERMS_DATABASE_URL names no database (postgresql://host/DBNAME)")
        return DatabaseTarget(
            "postgresql",
            name,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            host=parts.hostname or "",
            port=str(parts.port or ""),
            options=tuple(parse_qsl(parts.query)),
        )
    if scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc:  # sqlite://relative/path.db
            path = parts.netloc + path
        if not path:
            raise ConfigError("GOODTERMS_DATABASE_URL names no SQLite file (sqlite:///path/to.db)")
        return DatabaseTarget("sqlite", path)
    raise ConfigError(
        f"GOODTERMS_DATABASE_URL: unsupported database '{scheme or url}' "
        "(use postgresql://user@host/db or sqlite:///path/to/file.db)"
    )
