"""Schemathesis against the API's own OpenAPI schema, in-process: no server error.

It generates requests for every operation of /api/openapi.json (valid ones and,
by default, invalid ones too), sends them to the WSGI application with a real
token, and checks each answer. Bounded so that it runs in well under a minute.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import NETWORK, ndjson

EXAMPLES = 10  # per operation
# A journal upload is text: send the generated strings as they are.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")


@pytest.fixture
def server(api):
    """The application as a server runs it, sharing the test's database transaction
    (as with Django's test client, the connection is not closed after each request),
    with a network in it."""
    api.post("/api/journal", ndjson(NETWORK), content_type="application/x-ndjson")
    # (after the test client's request: it connects these again when it is done)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def load_schema() -> schemathesis.BaseSchema:
    from django.core.wsgi import get_wsgi_application

    from goodterms.api.api import api

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
    loaded.app = get_wsgi_application()
    return loaded


SCHEMA = load_schema()
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def strategy(operation: Any) -> Any:
    """Valid requests, and invalid ones where the operation has something to get wrong."""
    modes = [operation.as_strategy(GenerationMode.POSITIVE)]
    with contextlib.suppress(Exception):  # nothing to make invalid (no parameters, no body)
        modes.append(operation.as_strategy(GenerationMode.NEGATIVE))
    return st.one_of(modes)


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_the_api_answers_every_generated_request_without_a_server_error(label, token, server):
    @given(case=strategy(OPERATIONS[label]))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    run()


def test_every_operation_is_fuzzed():
    assert {"GET /api/people", "POST /api/events", "PUT /api/events/{ident}",
            "GET /api/findings", "POST /api/ask", "POST /api/journal"} <= set(OPERATIONS)
