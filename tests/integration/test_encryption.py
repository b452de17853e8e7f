"""ID numbers and bank accounts at rest: a whole claim's life on a real database file leaves
neither in plaintext, while the services, the API and the checks still see them."""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

import pytest
from alembic import command
from flask import Flask
from sqlalchemy import select, text

from tests.conftest import NOW, claim_input
from tests.integration.api.conftest import SCANS
from tests.integration.helpers import decide, due_claims, file, load
from tests.keys import KEYRING
from web import create_app, keys
from workflow.payments.bank_files import Result
from workflow.persistence import backup as backups
from workflow.persistence.crypto import DataKeyError, generate_key, keyring_from
from workflow.persistence.db import make_engine, make_session_factory
from workflow.persistence.files import FileStore
from workflow.persistence.migrate import alembic_config
from workflow.persistence.models import Base, Claim, ClaimDraft, PaymentLine, User
from workflow.persistence.rekey import rekey
from workflow.services import checks, drafts, payments, quotes, users

ID = "11010519491231002X"  # the fixture applicant's
ACCOUNT = "6228480000000000000"  # claim_input()'s
SECRETS = (ID.encode(), ACCOUNT.encode())


def _sqlite_bytes(url: str) -> bytes:
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _paid_claim(f, rt, a) -> int:  # type: ignore[no-untyped-def]
    (claim_id,) = due_claims(f, rt, a, 1, "TZ-ENC")
    with f.begin() as s:
        second = users.actor_of(users.create_user(s, "finance2", "correct horse",
                                                  "finance_officer", "财务复核", NOW))
        batch_id = payments.create_batch(s, a["finance"], rt.clock()).id
    with f.begin() as s:
        payments.approve_batch(s, second, batch_id, rt.clock())
    with f.begin() as s:
        _, rows = payments.export_payments(s, a["finance"], batch_id, rt.clock())
    # The bank needs the whole account: the file handed to it has it.
    assert [r.account_number for r in rows] == [ACCOUNT]
    with f.begin() as s:
        payments.import_results(s, rt, a["finance"], batch_id,
                                [Result(1, rows[0].reference, True, "", None)])
    return claim_id


def _every_stored_value(f) -> str:  # type: ignore[no-untyped-def]
    """All rows of all tables as the database returns them, without the column types."""
    with f() as s:
        return "\n".join(str(tuple(row)) for table in Base.metadata.sorted_tables
                         for row in s.execute(text(f'SELECT * FROM "{table.name}"')))


def test_a_whole_lifecycle_leaves_no_plaintext_in_the_database(
        session_factory, runtime, actors, db_url, tmp_path):
    f, a = session_factory, actors
    with f.begin() as s:  # a draft holds both as typed
        drafts.save_draft(s, a["applicant"], {"id_number": ID, "account_number": ACCOUNT}, NOW)
    claim_id = _paid_claim(f, runtime, a)
    claim = load(f, claim_id)
    assert (claim.status, claim.id_number, claim.account_number) == ("paid", ID, ACCOUNT)
    with f() as s:
        line = s.scalar(select(PaymentLine).where(PaymentLine.claim_id == claim_id))
        assert line is not None and line.account_number == ACCOUNT
        assert s.scalars(select(ClaimDraft)).one().values["account_number"] == ACCOUNT
        raw = s.execute(text("SELECT id_number, id_number_hash, account_number, state "
                             "FROM claims")).one()
        assert raw.id_number.startswith("enc1:") and raw.state.startswith("enc1:")
        assert raw.id_number_hash == KEYRING.lookup_hash(ID)
        # Nothing can find the person by the plaintext any more; the hash finds them.
        assert s.scalar(text("SELECT count(*) FROM claims WHERE id_number = :n"), {"n": ID}) == 0
        assert quotes.accepted_before(s, ID) == 1
    stored = _every_stored_value(f)
    assert "110105********002X" in stored  # the notice keeps the masked number, as published
    assert ID not in stored and ACCOUNT not in stored
    if not db_url.startswith("sqlite"):
        return  # PostgreSQL's files are the server's; the rows above are what it holds
    data = _sqlite_bytes(db_url)
    assert len(data) > 100_000
    for secret in SECRETS:
        assert secret not in data, secret

    store = FileStore(tmp_path / "uploads")
    target = tmp_path / "backup.tar"
    backups.backup(db_url, store, target, NOW)
    with tarfile.open(target) as tar:
        inside = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())
    assert len(inside) > 100_000
    for secret in SECRETS:
        assert secret not in inside and secret not in target.read_bytes()


def test_duplicate_and_cap_checks_find_earlier_claims_through_the_hash(
        session_factory, runtime, actors):
    f, a = session_factory, actors
    first = file(f, runtime, a["applicant"], claim_input())
    for reviewer in ("township", "department", "bureau"):
        decide(f, runtime, a[reviewer], first, "approve")
    second = file(f, runtime, a["applicant"], claim_input(certificate_number="TZ-2026-0002"))
    with f() as s:
        found = {c.name: c for c in checks.run_checks(s, s.get(Claim, second))}
        assert quotes.accepted_before(s, ID, except_claim=second) == 1
        assert len(quotes.history(s, ID, "pengyang", except_claim=second)) == 1
    earlier = [c for c in found.values() if load(f, first).reference in c.detail]
    assert earlier, found  # the second claim's checks name the first one


def test_a_wrong_key_fails_clearly(session_factory, actors, runtime, db_url):
    claim_id = file(session_factory, runtime, actors["applicant"], claim_input())
    wrong = make_engine(db_url, keyring_from(generate_key()))
    with make_session_factory(wrong)() as s, pytest.raises(DataKeyError, match="not configured"):
        s.get(Claim, claim_id)
    keyless = make_engine(db_url)
    with make_session_factory(keyless)() as s, pytest.raises(DataKeyError, match="BUTIE_DATA_KEY"):
        s.get(Claim, claim_id)
    wrong.dispose()
    keyless.dispose()


def test_rotation_then_rekey_moves_everything_to_the_new_key(session_factory, actors, runtime,
                                                             db_url):
    claim_id = file(session_factory, runtime, actors["applicant"], claim_input())
    new = generate_key()
    rotated = make_engine(db_url, keyring_from(new, [os.environ["BUTIE_DATA_KEY"]]))
    with make_session_factory(rotated)() as s:  # the old key still reads, the hash still finds
        assert s.get(Claim, claim_id).id_number == ID
        assert quotes.accepted_before(s, ID) == 0
        assert s.scalar(select(Claim.id).where(Claim.id_number_hash.in_(
            rotated.dialect.butie_keyring.lookup_hashes(ID)))) == claim_id
    done = rekey(rotated, batch=2)
    assert done["claims.id_number"] == 1 and done["claims.state"] == 1
    assert done["users.id_number"] >= 1 and done["claims.id_number_hash"] == 1
    assert done["claims.account_number_hash"] == 1  # the shared-account check's hash too
    assert rekey(rotated)["claims.state"] == 0  # nothing left under the old key
    rotated.dispose()
    only_new = make_engine(db_url, keyring_from(new))
    with make_session_factory(only_new)() as s:
        claim = s.get(Claim, claim_id)
        assert (claim.id_number, claim.account_number) == (ID, ACCOUNT) and claim.state
        assert s.scalar(select(User.id_number).where(User.username == "applicant")) == ID
        assert s.scalar(select(Claim.id).where(Claim.id_number_hash.in_(
            only_new.dialect.butie_keyring.lookup_hashes(ID)))) == claim_id
        assert s.scalar(select(Claim.account_number_hash)) == \
            only_new.dialect.butie_keyring.lookup_hash(ACCOUNT)
    only_new.dispose()


def test_the_migration_encrypts_existing_rows_and_downgrade_decrypts(
        session_factory, actors, runtime, db_url):
    claim_id = file(session_factory, runtime, actors["applicant"], claim_input())
    with session_factory.begin() as s:
        drafts.save_draft(s, actors["applicant"], {"account_number": ACCOUNT}, NOW)
    config = alembic_config(db_url, KEYRING)
    command.downgrade(config, "0010")
    plain = make_engine(db_url)
    with plain.connect() as c:
        assert c.scalar(text("SELECT id_number FROM claims")) == ID
        assert c.scalar(text("SELECT account_number FROM claims")) == ACCOUNT
        assert c.scalar(text("SELECT state FROM claims")).startswith("{")
        assert ACCOUNT in str(c.scalar(text("SELECT \"values\" FROM claim_drafts")))
    with pytest.raises(DataKeyError, match="BUTIE_DATA_KEY"):
        command.upgrade(alembic_config(db_url), "head")  # rows to encrypt and no key
    command.upgrade(config, "head")
    with plain.connect() as c:
        row = c.execute(text("SELECT id_number, id_number_hash, account_number, state "
                             "FROM claims")).one()
        assert all(v.startswith("enc1:") for v in (row.id_number, row.account_number, row.state))
        assert row.id_number_hash == KEYRING.lookup_hash(ID)
        assert c.scalar(text("SELECT id_number FROM users WHERE username = 'applicant'")) \
            .startswith("enc1:")
        assert ACCOUNT not in str(c.scalar(text("SELECT \"values\" FROM claim_drafts")))
    plain.dispose()
    claim = load(session_factory, claim_id)
    assert (claim.id_number, claim.account_number) == (ID, ACCOUNT)
    with session_factory() as s:
        assert quotes.accepted_before(s, ID) == 0 and s.scalar(select(Claim.id).where(
            Claim.id_number_hash == KEYRING.lookup_hash(ID))) == claim_id


def _service(tmp_path: Path, db_url: str) -> Flask:
    """The web service on a fresh database with the process deployed and the test users."""
    from tests.conftest import BPMN_DIR, create_users
    from web.db import sessions
    from workflow.services import definitions

    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "test",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    with sessions(app).begin() as s:
        definitions.deploy(s, definitions.PROCESS_ID, definitions.read_directory(BPMN_DIR),
                           "test", "test", NOW)
        create_users(s)
    return app


def _claim_body() -> dict[str, object]:
    return {**{k: str(v) for k, v in claim_input().__dict__.items()
               if v is not None and k != "policy_pack"},  # Pengyang's fields only
            "certificate_issued_on": "2026-05-01", "scans": SCANS}


def test_the_api_shows_whole_or_masked_numbers_by_role(tmp_path, db_url):
    from tests.conftest import PASSWORD

    app = _service(tmp_path, db_url)
    client = app.test_client()

    def headers(username: str) -> dict[str, str]:
        token = client.post("/api/v1/auth/login", json={"username": username,
                                                        "password": PASSWORD}).json["token"]
        return {"Authorization": f"Bearer {token}"}

    made = client.post("/api/v1/claims", json=_claim_body(), headers=headers("applicant"))
    assert made.status_code == 201, made.json
    shown = {who: client.get(f"/api/v1/claims/{made.json['id']}", headers=headers(who)).json
             for who in ("applicant", "township", "bureau")}
    # The ID number whole for the township verifying identity now, the account masked (their
    # task does not pay it: workflow.domain.need_to_know); masked for the rest, decrypted
    # either way.
    masked = ("110105********002X", "**** 0000")
    assert {w: (c["id_number"], c["account_number"]) for w, c in shown.items()} == {
        "applicant": masked, "township": (ID, "**** 0000"), "bureau": masked}
    app.extensions["butie.engine"].dispose()


def test_without_a_configured_key_a_key_file_is_made_once_or_start_up_refused(tmp_path):
    settings = {"DATA_KEY": "", "DATA_KEYS_OLD": "", "DATA_KEY_FILE": str(tmp_path / "k" / "d")}
    first, again = keys.keyring(settings), keys.keyring(settings)
    assert first.describe() == again.describe()
    assert (tmp_path / "k" / "d").stat().st_mode & 0o777 == 0o600
    with pytest.raises(DataKeyError, match="refusing to start"):
        keys.keyring({**settings, "DATA_KEY_FILE": ""})
    with pytest.raises(DataKeyError, match="BUTIE_DATA_KEY"):
        keys.keyring({**settings, "DATA_KEY": "not a key"})


def test_a_service_started_with_the_wrong_key_says_so_and_changes_nothing(tmp_path, db_url):
    """A key mix-up (a restored database, a mistyped BUTIE_DATA_KEY) is the administrator's to
    fix: every reader is told so in their language, not shown a bare 500, and nothing moves."""
    from tests.conftest import PASSWORD
    from tests.integration.pages.conftest import post
    from web.db import sessions

    right = _service(tmp_path, db_url)
    client = right.test_client()
    token = client.post("/api/v1/auth/login", json={"username": "applicant",
                                                    "password": PASSWORD}).json["token"]
    made = client.post("/api/v1/claims", json=_claim_body(),
                       headers={"Authorization": f"Bearer {token}"})
    assert made.status_code == 201, made.json
    with sessions(right)() as s:
        before = s.scalar(select(Claim.version).where(Claim.id == made.json["id"]))

    wrong = create_app({**right.config, "DATA_KEY": generate_key()})
    other = wrong.test_client()
    answer = other.get(f"/api/v1/claims/{made.json['id']}",
                       headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 500 and answer.json["error"] == "data_key"
    assert "BUTIE_DATA_KEY" in answer.json["message"]
    page = post(other, "/login", {"username": "applicant", "password": PASSWORD})
    assert page.status_code == 500
    assert "数据密钥无法解开" in page.get_data(as_text=True)
    wrong.extensions["butie.engine"].dispose()
    with sessions(right)() as s:  # the right key still opens everything, unchanged
        claim = s.get(Claim, made.json["id"])
        assert claim is not None and (claim.version, claim.id_number) == (before, ID)
    right.extensions["butie.engine"].dispose()
