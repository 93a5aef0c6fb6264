"""Django settings for goodterms, read from the environment.

The CLI and the web server both use this module; users never see manage.py.
GOODTERMS_HOME holds the SQLite database, config.toml and the secret key;
GOODTERMS_DATABASE_URL switches to PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from goodterms.home import database_target, home_dir


def _secret_key(home: Path) -> str:
    env = os.environ.get("GOODTERMS_SECRET_KEY")
    if env:
        return env
    path = home / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key)
    return key


def _databases() -> dict[str, dict[str, object]]:
    target = database_target()
    if target.engine == "sqlite":
        Path(target.name).parent.mkdir(parents=True, exist_ok=True)
        return {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": target.name,
                "OPTIONS": {
                    # Readers never block the writer; a second writer waits instead of failing.
                    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 30,
                },
            }
        }
    options = dict(target.options)
    return {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": target.name,
            "USER": target.user,
            "PASSWORD": target.password,
            "HOST": target.host,
            "PORT": target.port,
            "OPTIONS": options,
            "CONN_MAX_AGE": int(os.environ.get("GOODTERMS_CONN_MAX_AGE", "0")),
        }
    }


HOME = home_dir()
SECRET_KEY = _secret_key(HOME)
DEBUG = os.environ.get("GOODTERMS_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("GOODTERMS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "goodterms.store",
]
DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False
LOGGING_CONFIG = None
