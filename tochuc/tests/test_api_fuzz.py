"""schemathesis over the OpenAPI: every operation, a bounded number of generated requests as a
writing token user, never a 5xx (issue 13). Runs in-process against the WSGI app, on SQLite and
PostgreSQL like the rest of the suite."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings

from tochuc.api import api

MAX_EXAMPLES = 10  # per operation and mode: about 30 s per database on a quiet 2-core machine

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
# Both valid and invalid requests; NUL bytes allowed in generated text (a 500 before, issue 13).
schema.config.generation.update(modes=["positive", "negative"], allow_x00=True)
app = get_wsgi_application()


@pytest.fixture
def token(province_clerk):
    """A writer's token. Like Django's test client, requests must not close the test's database
    connection (it holds the test's transaction; on PostgreSQL closing it ends the test)."""
    from tochuc.accounts.services import api_token_create

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield api_token_create(actor=None, user=province_clerk)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_no_operation_answers_5xx(case, token):
    response = case.call(app=app, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} → {response.status_code}\n{case.as_curl_command()}"
    )
