"""SQL expressions that each backend spells its own way."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class seconds_between(FunctionElement[float]):  # noqa: N801 - used like func.*
    """Seconds from the first datetime to the second (stored as UTC on both backends)."""

    type = Float()
    name = "seconds_between"
    inherit_cache = True


@compiles(seconds_between)
def _postgresql(element: Any, compiler: Any, **kw: Any) -> str:
    start, end = list(element.clauses)
    return (f"EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - "
            f"{compiler.process(start, **kw)}))")


@compiles(seconds_between, "sqlite")
def _sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    start, end = list(element.clauses)
    return (f"((julianday({compiler.process(end, **kw)}) - "
            f"julianday({compiler.process(start, **kw)})) * 86400.0)")


def filter_only(column: Any) -> Any:
    """`column` in a form no index answers, so a condition on it filters the rows a more
    selective index found. Without statistics (SQLite has none until ANALYZE) the planner
    otherwise reads the status index, which matches a quarter of all claims, instead of the
    ID-number hash or certificate number that match a handful (500 ms a queue page at
    200,000 claims)."""
    return column + ""
