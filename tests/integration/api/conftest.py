"""The Flask app on a fresh database per test, with the bpmn/ process deployed."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import BPMN_DIR, NOW, PASSWORD, create_users
from web import create_app
from web.db import runtime, sessions
from workflow.services import definitions


def make_app(db_url: str, tmp_path: Path, **config: Any) -> Flask:
    """The app on a fresh database: the process deployed, the test users, a settable clock."""
    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "test",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads"), **config})
    clock = [NOW]
    runtime(app).clock = lambda: clock[0]
    app.extensions["test.clock"] = clock
    with sessions(app).begin() as session:
        definitions.deploy(session, definitions.PROCESS_ID,
                           definitions.read_directory(BPMN_DIR), "test", "test", NOW)
        create_users(session)
    return app


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(db_url, tmp_path)
    yield app
    app.extensions["butie.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login(client: FlaskClient) -> Callable[[str], dict[str, str]]:
    """Bearer headers for a user of the app fixture."""

    def _login(username: str) -> dict[str, str]:
        answer = client.post("/api/v1/auth/login",
                             json={"username": username, "password": PASSWORD})
        assert answer.status_code == 200, answer.json
        return {"Authorization": f"Bearer {answer.json['token']}"}

    return _login


# Scans every pack requires (workflow.domain.policy.scans): types as read from the bytes.
SCAN_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
SCAN_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCANS = [{"kind": "certificate_scan", "filename": "证书.pdf",
          "content": base64.b64encode(SCAN_PDF).decode()},
         {"kind": "id_card", "filename": "身份证.png",
          "content": base64.b64encode(SCAN_PNG).decode()}]


def claim_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = dict(scans=SCANS,
        full_name="张三", id_number="11010519491231002X", phone="13800000000",
        township="baiyang", target_group="rural_migrant", certificate_code="PY-22",
        certificate_name="叉车司机", certificate_number="TZ-2026-0001",
        certificate_issued_on="2026-05-01", certificate_issuer="固原市市场监管局",
        bank_name="中国农业银行彭阳支行", account_number="6228 4800 0000 0000 000",
        account_holder="张三")
    body.update(overrides)
    return body
