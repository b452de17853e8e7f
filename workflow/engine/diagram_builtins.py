"""The builtins diagram code gets: RestrictedPython's safe set and a few more, every one that
builds a value checked against the budget like the operators (guards.py).

`range(10**12)` is refused when made (not when a C function such as `sum` iterates it);
`pow` and `round` are held to the integer size limit; `sum` adds numbers only (adding lists is
quadratic in C); `str` and `repr` estimate the text first (`str([s] * 1000)` is a thousand
copies of `s`); list, tuple, set, dict and sorted are charged for the copy they make.
`isinstance` and `issubclass` still accept the wrapped constructors as the types they make.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import Any

from RestrictedPython import safe_builtins

from workflow.engine.budget import guard_budget
from workflow.engine.guards import binop, text_size

EXTRA = ("len", "min", "max", "any", "all", "enumerate")


def _range(*args: int) -> range:
    made = range(*args)
    budget = guard_budget()
    try:
        size = len(made)
    except OverflowError:  # longer than a machine word can count
        size = budget.limits.items + 1
    budget.build(size)
    return made


def _pow(base: Any, exponent: Any, modulus: Any = None) -> Any:
    if modulus is None:
        return binop("**", base, exponent)
    if all(isinstance(v, int) for v in (base, exponent, modulus)):
        # As many multiplications as the exponent has bits, each the modulus's size.
        budget = guard_budget()
        budget.bits(modulus.bit_length())
        budget.build(exponent.bit_length() * modulus.bit_length() >> 10)
    return pow(base, exponent, modulus)


def _round(number: Any, ndigits: Any = None) -> Any:
    if isinstance(ndigits, int):  # rounding an integer to -n digits computes 10**n
        guard_budget().bits(abs(ndigits) * 4)
    return round(number, ndigits)


def _sum(values: Any, start: Any = 0) -> Any:
    if not isinstance(start, int | float | complex):
        raise TypeError("sum() adds numbers in diagrams; build lists or text another way")
    return sum(values, start)


def _text(convert: Callable[..., str]) -> Callable[..., str]:
    def text(*args: Any, **kwargs: Any) -> str:
        budget = guard_budget()
        if args:
            budget.limit(text_size(args[0], budget.limits.items))
        made = convert(*args, **kwargs)
        budget.build(len(made))
        return made
    return text


def _copying(make: Callable[..., Any]) -> Callable[..., Any]:
    def copy(*args: Any, **kwargs: Any) -> Any:
        made = make(*args, **kwargs)
        guard_budget().build(len(made))
        return made
    return copy


WRAPPED: dict[Any, type] = {}
for _type in (str, list, tuple, set, dict):
    WRAPPED[_text(_type) if _type is str else _copying(_type)] = _type


def _types(classinfo: Any) -> Any:
    if isinstance(classinfo, tuple):
        return tuple(_types(c) for c in classinfo)
    return WRAPPED.get(classinfo, classinfo)


def _isinstance(value: Any, classinfo: Any) -> bool:
    return isinstance(value, _types(classinfo))


def _issubclass(cls: Any, classinfo: Any) -> bool:
    return issubclass(_types(cls), _types(classinfo))


BUILTINS: dict[str, Any] = {
    **safe_builtins,
    **{name: getattr(builtins, name) for name in EXTRA},
    **{made.__name__: wrapper for wrapper, made in WRAPPED.items()},
    "range": _range, "pow": _pow, "round": _round, "sum": _sum, "repr": _text(repr),
    "sorted": _copying(sorted), "isinstance": _isinstance, "issubclass": _issubclass,
}
