"""Encryption at rest: sealing, opening, wrong keys, rotation, lookup hashes, log masking."""

from __future__ import annotations

import logging

import pytest

from web import logmask
from workflow.domain.identity import mask_numbers_in
from workflow.persistence.crypto import (
    DataKeyError,
    Keyring,
    generate_key,
    keyring_from,
    parse_key,
)

ID = "11010519491231002X"
ACCOUNT = "6228480000000000000"


def test_values_round_trip_and_never_show_the_plaintext() -> None:
    ring = keyring_from(generate_key())
    first, second = ring.encrypt(ID), ring.encrypt(ID)
    assert first != second  # a fresh nonce each time: equal values do not look equal
    assert ID not in first and ring.decrypt(first) == ID == ring.decrypt(second)
    sealed = ring.seal(ACCOUNT.encode())
    assert ACCOUNT.encode() not in sealed and ring.open(sealed) == ACCOUNT.encode()


def test_a_wrong_key_fails_clearly_instead_of_returning_garbage() -> None:
    right, wrong = keyring_from(generate_key()), keyring_from(generate_key())
    token = right.encrypt(ID)
    with pytest.raises(DataKeyError, match="not configured"):
        wrong.decrypt(token)
    with pytest.raises(DataKeyError, match="not configured"):
        wrong.open(right.seal(b"x"))


def test_an_altered_or_unencrypted_value_is_refused() -> None:
    ring = keyring_from(generate_key())
    token = ring.encrypt(ID)
    body = token.rsplit(":", 1)[1]
    flipped = token[:-len(body)] + ("A" if body[0] != "A" else "B") + body[1:]
    with pytest.raises(DataKeyError, match="altered"):
        ring.decrypt(flipped)
    with pytest.raises(DataKeyError, match="not encrypted"):
        ring.decrypt(ID)
    with pytest.raises(DataKeyError, match="malformed"):
        ring.decrypt("enc1:zz:@@@")


def test_old_keys_still_open_and_still_match_lookups_after_a_rotation() -> None:
    old, new = generate_key(), generate_key()
    before = keyring_from(old)
    token, old_hash = before.encrypt(ID), before.lookup_hash(ID)
    after = keyring_from(new, [old])
    assert after.decrypt(token) == ID
    assert not after.is_current(token) and after.is_current(after.encrypt(ID))
    assert old_hash in after.lookup_hashes(ID)
    assert after.lookup_hash(ID) != old_hash  # new rows hash under the new key
    assert after.lookup_hashes(ID)[0] == after.lookup_hash(ID)


def test_lookup_hashes_are_keyed() -> None:
    one, two = keyring_from(generate_key()), keyring_from(generate_key())
    assert one.lookup_hash(ID) == one.lookup_hash(ID) != two.lookup_hash(ID)
    assert one.lookup_hash(ID) != one.lookup_hash("110105194912310011")


@pytest.mark.parametrize("text", ["", "not base64!", "c2hvcnQ="])
def test_a_malformed_key_is_an_error(text: str) -> None:
    with pytest.raises(DataKeyError):
        parse_key(text)


def test_key_ids_differ_per_key() -> None:
    a, b = parse_key(generate_key()), parse_key(generate_key())
    assert Keyring(a).describe() != Keyring(b).describe()
    assert len(Keyring(b, [a]).keys) == 2


def test_numbers_in_text_are_masked() -> None:
    line = f"claim of {ID} paid to {ACCOUNT}; 尾号{ACCOUNT}的账户, ref BT2026-0000001A, 1400 元"
    masked = mask_numbers_in(line)
    assert ID not in masked and ACCOUNT not in masked
    assert "110105********002X" in masked and "**** 0000" in masked
    assert "BT2026-0000001A" in masked and "1400 元" in masked


def test_log_lines_never_carry_a_whole_number(caplog: pytest.LogCaptureFixture) -> None:
    logmask.install()
    logmask.install()  # once per process, however many apps are made
    log = logging.getLogger("butie.test")
    with caplog.at_level(logging.INFO):
        log.info("looked up %s with account %s", ID, ACCOUNT)
        try:
            raise ValueError(f"bad account {ACCOUNT}")
        except ValueError:
            log.exception("failed for %s", ID)
    assert ID not in caplog.text and ACCOUNT not in caplog.text
    assert "110105********002X" in caplog.text and "bad account **** 0000" in caplog.text
