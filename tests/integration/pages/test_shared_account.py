"""One bank account on the claims of two people (issue 17 item 12) is a failing check: shown on
the claim page and in the queue, it keeps both claims out of bulk approval. The account is
found by its keyed hash (claims.account_number_hash), kept in step on filing and on every
correction; the other claim is named by its reference, never by its account or ID number.

Pengyang 003 二(三)/三(三): 补贴资金直补个人 (the worker's own account); Gansu 002 二(十三):
no claims that obtain training funds by fraud (弄虚作假骗取套取培训资金)."""

from __future__ import annotations

import os
import re

from sqlalchemy import select, text

from tests.conftest import NOW, claim_input
from tests.integration.helpers import actors_of, decide, file, load
from tests.integration.pages.conftest import post
from tests.keys import KEYRING
from web.db import runtime, sessions
from workflow.persistence.crypto import generate_key, keyring_from
from workflow.persistence.db import make_engine, make_session_factory
from workflow.persistence.models import Claim
from workflow.services import checks

ACCOUNT = "6228480000000000000"  # claim_input()'s, the fixture applicant's
LISI = dict(full_name="李四", account_holder="李四", id_number="642226198505050022",
            certificate_number="TZ-LISI")
LABEL = "银行账户未用于他人的申请"


def _shared(f, claim_id: int) -> checks.Check:
    with f() as s:
        return next(c for c in checks.run_checks(s, s.get(Claim, claim_id))
                    if c.name == "account_shared")


def _stored_hash(f, claim_id: int) -> str:
    with f() as s:
        return s.execute(text("SELECT account_number_hash FROM claims WHERE id = :i"),
                         {"i": claim_id}).scalar_one()


def test_one_account_on_two_peoples_claims_fails_on_the_claim_page_and_the_queue(app, browser):
    f, rt = sessions(app), runtime(app)
    people = actors_of(f)
    mine = file(f, rt, people["applicant"], claim_input())
    again = file(f, rt, people["applicant"], claim_input(certificate_number="TZ-2026-0002"))
    hers = file(f, rt, people["other_applicant"], claim_input(**LISI))
    references = {i: load(f, i).reference for i in (mine, again, hers)}
    township = browser("township")

    page = township.get(f"/claims/{hers}").get_data(as_text=True)
    line = re.search(rf'<li class="(\w+)">\s*<span class="mark"[^>]*>.</span>\s*{LABEL}: '
                     r'(\S+)\s*(?:<span class="meta">\((.*?)\)</span>)?', page)
    assert line is not None, page
    assert line.group(1, 2) == ("fail", "未通过")
    # The other claims by their references only: never the other person's ID number.
    assert references[mine] in line.group(3) and references[again] in line.group(3)
    assert "11010519491231002X" not in page and "110105" not in line.group(3)
    # The same person's own two claims share the account: not this check's business.
    assert _shared(f, again).detail == references[hers] + " (in_progress)"
    assert references[again] not in _shared(f, mine).detail

    queue = township.get("/queue").get_data(as_text=True)
    for claim_id in (mine, again, hers):
        assert f'name="claim_ids" value="{claim_id}"' not in queue
    assert queue.count(f"{LABEL}: 未通过") == 3
    answer = post(township, "/queue/bulk-approve", {"claim_ids": [str(hers)]},
                  form_page="/queue", follow_redirects=True)
    assert "account_shared" in answer.get_data(as_text=True)
    assert load(f, hers).stage == "township_review"


def test_the_hash_follows_filing_and_corrections_and_a_changed_account_clears_the_flag(
        session_factory, runtime, actors):
    f = session_factory
    mine = file(f, runtime, actors["applicant"], claim_input())
    hers = file(f, runtime, actors["other_applicant"], claim_input(**LISI))
    assert _stored_hash(f, hers) == _stored_hash(f, mine) == KEYRING.lookup_hash(ACCOUNT)
    assert not _shared(f, hers).passed and _shared(f, hers).blocking
    # Returned, she corrects the account to her own: both claims pass again.
    decide(f, runtime, actors["township"], hers, "return", "账户不是本人的")
    decide(f, runtime, actors["other_applicant"], hers, "resubmit",
           changes={"account_number": "6228480000000004444"})
    assert _stored_hash(f, hers) == KEYRING.lookup_hash("6228480000000004444")
    assert _shared(f, hers).passed and _shared(f, mine).passed
    # An account correction after a failed payment is a write like any other.
    with f.begin() as s:
        s.get(Claim, hers).account_number = ACCOUNT
    assert not _shared(f, mine).passed and not _shared(f, hers).passed
    # A withdrawn claim pays nothing: it no longer counts.
    with f.begin() as s:
        s.get(Claim, hers).status = "withdrawn"
    assert _shared(f, mine).passed


def test_claims_filed_before_a_key_change_are_found_after_it(session_factory, runtime, actors,
                                                             db_url):
    mine = file(session_factory, runtime, actors["applicant"], claim_input())
    rotated = make_engine(db_url, keyring_from(generate_key(), [os.environ["BUTIE_DATA_KEY"]]))
    f = make_session_factory(rotated)
    hers = file(f, runtime, actors["other_applicant"], claim_input(**LISI))
    assert _stored_hash(f, hers) != _stored_hash(f, mine)  # each under its own key
    assert load(f, mine).reference in _shared(f, hers).detail
    rotated.dispose()


def test_the_migration_fills_the_hash_of_existing_claims(session_factory, runtime, actors,
                                                         db_url):
    from alembic import command

    from workflow.persistence.migrate import alembic_config

    mine = file(session_factory, runtime, actors["applicant"], claim_input())
    hers = file(session_factory, runtime, actors["other_applicant"],
                claim_input(**LISI, account_number="6228480000000004444"))
    config = alembic_config(db_url, KEYRING)
    command.downgrade(config, "0016")
    with session_factory() as s:
        columns = s.execute(select(text("*")).select_from(text("claims"))).keys()
        assert "account_number_hash" not in columns
    command.upgrade(config, "head")
    assert _stored_hash(session_factory, mine) == KEYRING.lookup_hash(ACCOUNT)
    assert _stored_hash(session_factory, hers) == KEYRING.lookup_hash("6228480000000004444")
    assert _shared(session_factory, mine).passed


def test_a_keyless_migration_of_existing_claims_is_refused(session_factory, runtime, actors,
                                                           db_url):
    import pytest
    from alembic import command

    from workflow.persistence.crypto import DataKeyError
    from workflow.persistence.migrate import alembic_config

    file(session_factory, runtime, actors["applicant"], claim_input())
    command.downgrade(alembic_config(db_url, KEYRING), "0016")
    with pytest.raises(DataKeyError, match="BUTIE_DATA_KEY"):
        command.upgrade(alembic_config(db_url), "head")
    command.upgrade(alembic_config(db_url, KEYRING), "head")


def test_seeded_claims_carry_their_account_hash(session_factory, deployed):
    from workflow.services import seed

    seed.seed(session_factory.kw["bind"], 50, NOW)
    with session_factory() as s:
        rows = s.execute(select(Claim.account_number, Claim.account_number_hash)).all()
    assert len(rows) == 50
    assert all(h == KEYRING.lookup_hash(a) for a, h in rows)
