"""Size guards for diagram code: no single operation may build a giant value.

The tracer (budget.py) counts instructions, but one instruction can be a C call that runs for
minutes or allocates gigabytes: `10**10**8`, `'a' * 10**10`, `[0] * 10**9`,
`sum(range(10**12))`, `'%0999999999d' % 1`, `f"{x:>999999999}"`, `s.ljust(10**10)`. RestrictedPython
lets a policy rewrite the syntax tree before compiling; `BudgetPolicy` rewrites every binary
operator, augmented assignment, f-string and unpacking into calls of the guards below, which
work out the size of the result from the operands before building it and charge the budget
(budget.Budget.build / bits). Builtins that build values (range, pow, round, sum, str, repr,
list, tuple, set, dict, sorted) and the methods of str, bytes, list, tuple, dict, set and int
that can are wrapped the same way; methods that map one character to any string (translate,
maketrans) are refused. A value whose size cannot grow beyond its operands is charged after it
is built, so that building many of them still exhausts the budget.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Iterable
from typing import Any

from RestrictedPython import RestrictingNodeTransformer
from RestrictedPython.Guards import safer_getattr
from RestrictedPython.transformer import IOPERATOR_TO_STR, copy_locations

from workflow.engine.budget import Budget, checkpoint, guard_budget

SEQUENCES = (str, bytes, bytearray, list, tuple)
SIZED = (str, bytes, bytearray, list, tuple, dict, set, frozenset)
# Methods whose result or receiver grows by their arguments' sizes.
GROWERS = frozenset({"extend", "update", "union", "intersection", "difference",
                     "symmetric_difference", "intersection_update", "difference_update",
                     "symmetric_difference_update"})
REFUSED = frozenset({"translate", "maketrans"})
LOOKUPS = frozenset({"get", "pop", "popitem", "setdefault"})
OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "<<": operator.lshift,
    ">>": operator.rshift, "&": operator.and_, "|": operator.or_, "^": operator.xor,
}
IN_PLACE: dict[str, Callable[[Any, Any], Any]] = {
    "+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "/=": operator.itruediv,
    "//=": operator.ifloordiv, "%=": operator.imod, "**=": operator.ipow,
    "<<=": operator.ilshift, ">>=": operator.irshift, "&=": operator.iand, "|=": operator.ior,
    "^=": operator.ixor,
}
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?.", re.S)
_PERCENT_BYTES = re.compile(_PERCENT.pattern.encode(), re.S)
_DIGITS = re.compile(r"\d+")


def _int(value: Any) -> bool:
    return isinstance(value, int)


def _number(text: str | bytes) -> int:
    """A width or precision written in a format; one too long to read is too wide anyway."""
    if text in ("*", b"*"):
        raise TypeError("a width or precision taken from the arguments (*) is not allowed in "
                        "diagram code")
    return int(text) if len(text) <= 9 else 10**9


def text_size(value: Any, limit: int) -> int:
    """About how many characters str() or repr() of `value` makes; stops once over `limit`."""
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str | bytes | bytearray):
            total += len(item) + 3
        elif isinstance(item, bool | None):
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 2
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 * len(item) + 2
            stack.extend(item)
        elif isinstance(item, dict):
            total += 4 * len(item) + 2
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            total += 64
    return total


def _formatted_size(template: str | bytes, values: Any, budget: Budget) -> int:
    """An upper bound of `template % values`: the template, every width and precision, the
    text of every value."""
    found = _PERCENT.findall(template) if isinstance(template, str) \
        else _PERCENT_BYTES.findall(template)
    size = len(template)
    for width, precision in found:
        size += sum(_number(n) for n in (width, precision) if n)
    if isinstance(values, dict):
        values = list(values.values())
    elif not isinstance(values, tuple):
        values = (values,)
    return size + sum(text_size(v, budget.limits.items) for v in values)


def _check(symbol: str, a: Any, b: Any, budget: Budget) -> int | None:
    """The size of `a <symbol> b` when it may be far larger than its operands (refused by the
    budget if too large); None when it cannot."""
    if symbol == "*":
        if isinstance(a, SEQUENCES) and _int(b):
            return len(a) * max(b, 0)
        if isinstance(b, SEQUENCES) and _int(a):
            return len(b) * max(a, 0)
        if _int(a) and _int(b):
            budget.bits(a.bit_length() + b.bit_length())
    elif symbol == "**" and _int(a) and _int(b) and b > 0 and abs(a) > 1:
        budget.bits(a.bit_length() * b)
    elif symbol == "<<" and _int(a) and _int(b) and a:
        budget.bits(a.bit_length() + max(b, 0))
    elif symbol == "+" and isinstance(a, SEQUENCES) and isinstance(b, SEQUENCES):
        return len(a) + len(b)
    elif symbol == "%" and isinstance(a, str | bytes):
        return _formatted_size(a, b, budget)
    return None


def _charge(budget: Budget, result: Any, before: Any = None, grown_from: int = 0) -> Any:
    """Charge a value just built; an object changed in place is charged what it grew."""
    if isinstance(result, SIZED):
        budget.build(max(len(result) - grown_from, 0) if result is before else len(result))
    return result


def binop(symbol: str, a: Any, b: Any) -> Any:
    """`a <symbol> b` for diagram code (every binary operator is rewritten into this)."""
    budget = guard_budget()
    size = _check(symbol, a, b, budget)
    if size is not None:
        budget.build(size)
        return OPERATORS[symbol](a, b)
    return _charge(budget, OPERATORS[symbol](a, b))


def inplacevar(op: str, a: Any, b: Any) -> Any:
    """`a <op>= b` (RestrictedPython rewrites augmented assignments of names into this)."""
    budget = guard_budget()
    before = len(a) if isinstance(a, SIZED) else 0
    size = _check(op[:-1], a, b, budget)
    if size is not None:
        budget.limit(size)
    return _charge(budget, IN_PLACE[op](a, b), a, before)


def format_value(value: Any, conversion: int, spec: str) -> str:
    """One `{value!conversion:spec}` of an f-string, its width and text checked first."""
    budget = guard_budget()
    widths = sum(_number(n) for n in _DIGITS.findall(spec))
    budget.limit(text_size(value, budget.limits.items) + widths)
    if conversion == ord("r"):
        value = repr(value)
    elif conversion == ord("s"):
        value = str(value)
    elif conversion == ord("a"):
        value = ascii(value)
    return format(value, spec)


def fstring(*parts: str) -> str:
    """The parts of an f-string joined, if their total fits."""
    guard_budget().build(sum(len(p) for p in parts))
    return "".join(parts)


def sized(value: Any) -> Any:
    """A value unpacked into a display (`[*x]`, `{**d}`): charged as the copy it becomes."""
    if not isinstance(value, SIZED):
        value = list(value)
    guard_budget().build(len(value))
    return value


def _materialised(value: Any, budget: Budget) -> Any:
    if isinstance(value, SIZED) or not isinstance(value, Iterable):
        return value
    found = []
    for item in value:  # a generator runs traced; a builtin iterator stops at the limit
        found.append(item)
        budget.limit(len(found))
    return found


def _replaced(s: Any, old: Any, new: Any, count: int = -1) -> int:
    found = s.count(old) if old else len(s) + 1
    return len(s) + (min(found, count) if count >= 0 else found) * max(len(new) - len(old), 0)


_ESTIMATES: dict[str, Callable[..., int]] = {
    "ljust": lambda s, width, *_: width, "rjust": lambda s, width, *_: width,
    "center": lambda s, width, *_: width, "zfill": lambda s, width: width,
    "expandtabs": lambda s, tabsize=8: len(s) + s.count("\t" if isinstance(s, str) else b"\t")
    * max(tabsize, 0),
    "replace": _replaced,
    "join": lambda s, items: len(s) * len(items) + sum(len(i) for i in items
                                                       if isinstance(i, str | bytes)),
    "to_bytes": lambda n, length=1, *_, **kw: kw.get("length", length),
}


def _method(obj: Any, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    """A method of a builtin value, its result's size checked before or charged after."""

    def call(*args: Any, **kwargs: Any) -> Any:
        budget = guard_budget()
        if name in GROWERS or name == "join":
            args = tuple(_materialised(a, budget) for a in args)
        if name in GROWERS:
            budget.limit(len(obj) + sum(len(a) for a in args if isinstance(a, SIZED)))
        estimate = _ESTIMATES.get(name)
        if estimate is not None:
            budget.limit(estimate(obj, *args, **kwargs))
        before = len(obj) if isinstance(obj, SIZED) else 0
        result = method(*args, **kwargs)
        if name in LOOKUPS:  # a value already there, not a new one
            return result
        return _charge(budget, obj if result is None else result, obj, before)

    return call


def getattr_(obj: Any, name: str, default: Any = None) -> Any:
    """RestrictedPython's safer_getattr, with the methods of builtin values wrapped."""
    if isinstance(obj, type) and issubclass(obj, SIZED + (int,)):
        raise AttributeError(f"{obj.__name__}.{name} is not available to diagrams; call the "
                             "method on a value")
    value = safer_getattr(obj, name, default)
    if not isinstance(obj, SIZED + (int,)) or not callable(value):
        return value
    if name in REFUSED:
        raise AttributeError(f"{type(obj).__name__}.{name} is not available to diagrams")
    return _method(obj, name, value)


def getitem(obj: Any, index: Any) -> Any:
    """`obj[index]`; a slice is charged as the copy it makes."""
    result = obj[index]
    if isinstance(index, slice):
        return _charge(guard_budget(), result)
    return result


GUARDS: dict[str, Any] = {"_binop_": binop, "_inplacevar_": inplacevar,
                          "_format_": format_value, "_fstring_": fstring, "_sized_": sized,
                          "_getattr_": getattr_, "_getitem_": getitem,
                          "_budget_check_": checkpoint}


def _call(like: ast.expr | ast.stmt, name: str, *args: ast.expr) -> ast.Call:
    node = ast.Call(func=ast.Name(name, ast.Load()), args=list(args), keywords=[])
    copy_locations(node, like)
    return node


class BudgetPolicy(RestrictingNodeTransformer):
    """RestrictedPython's policy, with sizes guarded and exception handlers re-checking the
    budget (see the module docstring and budget.py)."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.Call:
        node = self.node_contents_visit(node)
        symbol = IOPERATOR_TO_STR[type(node.op)][:-1]
        return _call(node, "_binop_", ast.Constant(symbol), node.left, node.right)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.Call:
        parts: list[ast.expr] = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                spec = self.visit_JoinedStr(value.format_spec) \
                    if isinstance(value.format_spec, ast.JoinedStr) else ast.Constant("")
                parts.append(_call(value, "_format_", self.visit(value.value),
                                   ast.Constant(value.conversion), spec))
            else:
                parts.append(value)
        return _call(node, "_fstring_", *parts)

    def visit_Starred(self, node: ast.Starred) -> ast.AST:
        node = self.node_contents_visit(node)
        if isinstance(node.ctx, ast.Load):
            node.value = _call(node.value, "_sized_", node.value)
        return node

    def visit_Dict(self, node: ast.Dict) -> ast.AST:
        node = self.node_contents_visit(node)
        node.values = [_call(v, "_sized_", v) if k is None else v
                       for k, v in zip(node.keys, node.values, strict=True)]
        return node

    def visit_Try(self, node: ast.Try) -> ast.AST:
        node = self.node_contents_visit(node)
        for block in [h.body for h in node.handlers] + [node.finalbody]:
            if block:
                check = ast.Expr(_call(block[0], "_budget_check_"))
                copy_locations(check, block[0])
                block.insert(0, check)
        return node
