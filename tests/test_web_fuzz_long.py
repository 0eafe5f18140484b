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

from _support import ONE_ID_PER_ENDPOINT, api_fuzz_schema  # noqa: E402

APP, schema, CHECKS = api_fuzz_schema(coverage=True)


@pytest.mark.slow
@schema.parametrize()
@ONE_ID_PER_ENDPOINT
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzzed_at_length(case, run):
    """The long run (CI's slow step): schemathesis' coverage phase (boundary and invalid values
    derived from each schema) and 150 random examples per endpoint."""
    case.call_and_validate(checks=CHECKS)
