"""Django settings for goodterms, read from the environment.

The CLI and the web server both use this module; users never see manage.py.
GOODTERMS_HOME holds the SQLite database, config.toml and the secret key;
GOODTERMS_DATABASE_URL switches to PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
from importlib.util import find_spec as _find_spec
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
    # Written whole under a temporary name, then linked into place: several server
    # workers starting at once all end up with the one key that won.
    tmp = home / f".secret_key-{os.getpid()}-{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key)
    try:
        os.link(tmp, path)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
    finally:
        tmp.unlink()
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
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "goodterms.store",
    "goodterms.web",
    "goodterms.api",
    "goodterms.digest",
]
# The API's docs page (Swagger UI) comes from django-ninja's own templates and static
# files, found here without importing ninja: as an installed app it would be imported
# (with pydantic) at every start, a tenth of a second for every command. See
# goodterms.api.api.LocalSwagger.
_ninja = _find_spec("ninja")
if _ninja is None or _ninja.origin is None:
    raise ImportError("django-ninja is not installed (pip install goodterms installs it)")
NINJA_FILES = Path(_ninja.origin).parent
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says otherwise (login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "goodterms.web.common.BusyDatabaseMiddleware",
]
ROOT_URLCONF = "goodterms.urls"
WSGI_APPLICATION = "goodterms.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_FILES / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:today"
LOGOUT_REDIRECT_URL = "web:login"
STATIC_URL = "/static/"
# Served by WhiteNoise straight from the installed package: nothing to collect
# for `goodterms serve`; a deployment may still run collectstatic into STATIC_ROOT.
STATIC_ROOT = os.environ.get("GOODTERMS_STATIC_ROOT") or None
STATICFILES_DIRS = [NINJA_FILES / "static"]
WHITENOISE_USE_FINDERS = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in ("UserAttributeSimilarityValidator", "MinimumLengthValidator",
                 "CommonPasswordValidator", "NumericPasswordValidator")
]
# A public deployment behind HTTPS (docs/web.md): GOODTERMS_SECURE=1 turns on the
# redirect to HTTPS, HSTS and cookies sent over HTTPS only, so that
# `python -m django check --deploy` has nothing to report.
if os.environ.get("GOODTERMS_SECURE", "") == "1":
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("GOODTERMS_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Behind a proxy that terminates HTTPS and sets X-Forwarded-Proto (gunicorn; `goodterms
# serve --trusted-proxy` needs none of this: waitress reads the header itself).
if os.environ.get("GOODTERMS_PROXY_SSL_HEADER", "") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("GOODTERMS_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False
LOGGING_CONFIG = None
# The Import page: the largest file one may upload (GOODTERMS_UPLOAD_MAX_MB, default 256).
# Form fields other than files keep Django's limit (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB);
# an upload over FILE_UPLOAD_MAX_MEMORY_SIZE is spooled to a temporary file, not kept in memory.
GOODTERMS_UPLOAD_MAX_BYTES = int(float(os.environ.get("GOODTERMS_UPLOAD_MAX_MB", "256"))
                                 * 1024 * 1024)
