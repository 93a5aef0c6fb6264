"""What docs/deploy.md relies on: `goodterms.wsgi:application` (what gunicorn loads)
answers requests, with the login page, static files from WhiteNoise, and the
database behind it."""

from __future__ import annotations

import io
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def call(path: str) -> tuple[str, dict[str, str], bytes]:
    from goodterms.wsgi import application

    environ: dict[str, Any] = {"PATH_INFO": path, "REQUEST_METHOD": "GET",
                               "wsgi.input": io.BytesIO(b"")}
    setup_testing_defaults(environ)
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
        answer["status"], answer["headers"] = status, dict(headers)

    chunks = application(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return answer["status"], answer["headers"], body


def test_the_wsgi_application_asks_for_a_login_and_serves_the_login_page():
    status, headers, _body = call("/")
    assert status.startswith("302")
    login = reverse("web:login")
    assert headers["Location"].startswith(login)
    status, headers, body = call(login)
    assert status.startswith("200"), body[:500]
    assert headers["Content-Type"].startswith("text/html")
    assert b"<form" in body


def test_the_wsgi_application_serves_static_files():
    status, headers, body = call("/static/web/goodterms.css")
    assert status.startswith("200")
    assert headers["Content-Type"].startswith("text/css")
    assert body
