"""schemathesis against the OpenAPI document: generated requests (valid and not) to every
operation, as an applicant and as the HR bureau; no server error, every answer documented and
matching its schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import PASSWORD

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _token(app, username: str) -> str:
    answer = app.test_client().post("/api/v1/auth/login", json={
        "username": username, "password": PASSWORD})
    return answer.json["token"]


@pytest.fixture
def applicant(app):
    return {"Authorization": f"Bearer {_token(app, 'applicant')}"}


@pytest.fixture
def bureau(app):
    return {"Authorization": f"Bearer {_token(app, 'bureau')}"}


# What the document promises. Not "schema-valid data is accepted": business rules (a real ID
# number, a password that is hard to guess) refuse data the JSON schema cannot describe.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
SETTINGS = settings(max_examples=25, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.filter_too_much])


def _check_every_operation(app, headers) -> None:
    """Each operation's generated cases, called on the app and checked against the document."""
    api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @SETTINGS
        @given(case=operation.as_strategy())
        def check(case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()


def test_as_an_applicant(app, applicant):
    _check_every_operation(app, applicant)


def test_as_the_bureau(app, bureau):
    _check_every_operation(app, bureau)
