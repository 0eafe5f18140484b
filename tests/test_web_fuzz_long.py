"""The long property-based fuzzing run of the HTTP API (CI's slow step; the short run is
tests/test_web_fuzz.py): every schemathesis phase, the coverage phase included (boundary and
invalid values derived from each schema), and 150 random examples per endpoint. No answer is a
server error and every answer matches the schema.

Only slow tests live here: the default run (``-m 'not slow'``) does not even collect the module
(``conftest.py``, ``pytest_ignore_collect``), since schemathesis derives the coverage phase's
cases while collecting."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from anpo.web.app import create_app  # noqa: E402
from anpo.web.security import LOOPBACK_HOSTS  # noqa: E402

# in-process requests carry Host: testserver
# the time limit leaves room for the first call of a kernel, which compiles it when numba's
# cache is cold (a fresh clone): 30 s gave a 503 on a busy machine (the limit's own answer is
# tested in tests/test_web_api.py)
APP = create_app(time_limit=300.0, allowed_hosts=[*LOOPBACK_HOSTS, "testserver"])
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
# the client waits longer than the app's time limit (schemathesis' default, 10 s, is shorter)
schema.config.request_timeout = 330

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzzed_at_length(case):
    """The long run (CI's slow step): schemathesis' coverage phase (boundary and invalid values
    derived from each schema) and 150 random examples per endpoint."""
    case.call_and_validate(checks=CHECKS)
