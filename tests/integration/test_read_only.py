"""Reads take no write lock on SQLite, so they never wait behind a writer."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from tests.keys import KEYRING
from workflow.persistence.db import make_engine, read_only


def test_a_read_proceeds_while_a_writer_holds_the_lock(tmp_path):
    path = tmp_path / "lock.db"
    engine = make_engine(f"sqlite:///{path}", KEYRING)
    with engine.begin() as writer:
        writer.execute(text("CREATE TABLE t (x INTEGER)"))
    with engine.begin() as writer:
        writer.execute(text("INSERT INTO t VALUES (1)"))  # holds the write lock
        with read_only(engine).begin() as reader:
            assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 0
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")  # a second writer has to wait
        other.close()
    engine.dispose()
