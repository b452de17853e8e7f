"""schemathesis against the OpenAPI document, on SQLite and PostgreSQL: generated requests
(valid and not) to every operation, anonymously, as an applicant and as the HR bureau; no
server error, every answer documented and matching its schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import PASSWORD


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
# 50 examples of each kind per operation: measured 40-46 s per backend here (SQLite and
# PostgreSQL alike; the three tests together), which leaves room under three minutes.
SETTINGS = settings(max_examples=50, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.filter_too_much])


def _check(operation, mode: GenerationMode, headers) -> None:
    """The operation's generated cases of one kind, called on the app and checked; invalid
    data must also be refused (4xx), not accepted."""
    checks = CHECKS + ([negative_data_rejection] if mode.is_negative else [])

    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case) -> None:
        case.call_and_validate(headers=headers, checks=checks)

    check()


def _check_every_operation(app, headers) -> None:
    """Valid cases for every operation; invalid ones where there is something to make invalid
    (a body or parameters)."""
    api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        _check(operation, GenerationMode.POSITIVE, headers)
        if operation.body or operation.query or operation.path_parameters:
            _check(operation, GenerationMode.NEGATIVE, headers)


def test_anonymously(app):
    _check_every_operation(app, {})


def test_as_an_applicant(app, applicant):
    _check_every_operation(app, applicant)


def test_as_the_bureau(app, bureau):
    _check_every_operation(app, bureau)
