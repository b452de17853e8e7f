"""A restricted script environment for every expression and script in a diagram.

SpiffWorkflow's default engine runs plain eval/exec with full builtins, so a diagram could run
`__import__('os')`. Everything here is compiled with RestrictedPython's compile_restricted_*
and its guards; only plain functions are exposed, never modules (a module re-opens the hole,
e.g. json.codecs.sys.modules). RestrictedPython does not bound time or memory: the policy
(guards.BudgetPolicy) checks the size of what each operation builds, and every evaluation runs
traced under the budget of the engine call (budget.py). Compiled code is cached by source text:
diagrams repeat the same few expressions millions of times.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import CodeType
from typing import Any

from RestrictedPython import compile_restricted_eval, compile_restricted_exec
from RestrictedPython.Eval import default_guarded_getiter
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
)
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

from workflow.engine import budget
from workflow.engine.diagram_builtins import BUILTINS
from workflow.engine.guards import GUARDS, BudgetPolicy

ServiceHandler = Callable[[str, dict[str, Any], dict[str, Any]], Any]


class UnsafeExpressionError(ValueError):
    """An expression or script that RestrictedPython refuses to compile."""


_GUARDS: dict[str, Any] = {
    "__builtins__": BUILTINS,
    **GUARDS,
    "_getiter_": default_guarded_getiter,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": guarded_unpack_sequence,
    "_write_": full_write_guard,
}


@lru_cache(maxsize=4096)
def compile_expression(source: str) -> CodeType:
    """Compile an expression under RestrictedPython or raise UnsafeExpressionError."""
    result = compile_restricted_eval(source, budget.FILENAME, policy=BudgetPolicy)
    if result.errors or result.code is None:
        raise UnsafeExpressionError("; ".join(result.errors) or f"cannot compile {source!r}")
    return result.code


@lru_cache(maxsize=1024)
def compile_script(source: str) -> CodeType:
    """Compile a script under RestrictedPython or raise UnsafeExpressionError."""
    # RestrictedPython compiles `import` and leaves it to fail at run time (no __import__):
    # refuse it here so a diagram with one is stopped at deploy, not in the middle of a claim.
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise UnsafeExpressionError(f"SyntaxError: {exc.msg} (line {exc.lineno})") from exc
    if any(isinstance(node, ast.Import | ast.ImportFrom) for node in ast.walk(tree)):
        raise UnsafeExpressionError("imports are not allowed; use the functions butie provides")
    result = compile_restricted_exec(source, budget.FILENAME, policy=BudgetPolicy)
    if result.errors or result.code is None:
        raise UnsafeExpressionError("; ".join(result.errors) or "cannot compile script")
    return result.code


class RestrictedEnvironment(TaskDataEnvironment):
    """Task data as the namespace; exposed functions and guards as globals."""

    def __init__(self, functions: Mapping[str, Callable[..., Any]],
                 service_handler: ServiceHandler | None = None) -> None:
        super().__init__({**_GUARDS, **functions})
        self.service_handler = service_handler

    def evaluate(self, expression: str, context: dict[str, Any],
                 external_context: dict[str, Any] | None = None) -> Any:
        namespace = dict(self.globals)
        namespace.update(external_context or {})
        namespace.update(context)
        return budget.traced(eval, compile_expression(expression), namespace)

    def execute(self, script: str, context: dict[str, Any],
                external_context: dict[str, Any] | None = None) -> bool:
        self.check_for_overwrite(context, external_context or {})
        code = compile_script(script)
        context.update(self.globals)
        context.update(external_context or {})
        try:
            budget.traced(exec, code, context)
        finally:
            self._remove_globals_and_functions_from_context(context, external_context)
        return True

    def call_service(self, context: dict[str, Any], operation_name: str = "",
                     operation_params: dict[str, Any] | None = None, **_: Any) -> str:
        if self.service_handler is None:
            raise RuntimeError(f"no service handler for {operation_name}")
        params = {k: v["value"] for k, v in (operation_params or {}).items()}
        return json.dumps(self.service_handler(operation_name, params, context))


class RestrictedScriptEngine(PythonScriptEngine):
    """Validation goes through RestrictedPython too, so DMN's '==' guessing stays restricted."""

    def validate(self, expression: str) -> None:
        try:
            compile_expression(expression)
        except UnsafeExpressionError as exc:
            raise SyntaxError(str(exc)) from exc


def make_script_engine(functions: Mapping[str, Callable[..., Any]],
                       service_handler: ServiceHandler | None = None) -> RestrictedScriptEngine:
    """A script engine exposing only `functions` (plain callables, never modules)."""
    return RestrictedScriptEngine(RestrictedEnvironment(functions, service_handler))
