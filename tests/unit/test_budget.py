"""Diagram code runs under a step, time and size budget (workflow/engine/budget.py, guards.py).

Every bomb below stops within the budget with a clear error, in any thread, and the thread
serves the next evaluation normally. `test_the_bombs_are_real` runs the same code the way
diagrams ran before the budget (RestrictedPython's compile and guards, plain eval/exec) in a
subprocess: each one is still running after a few seconds or fails to allocate half a
gigabyte, so every test of a bomb here would hang or exhaust memory without the budget.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime

import pytest

from tests.conftest import BPMN_DIR
from workflow.engine import budget
from workflow.engine.budget import BudgetExceededError
from workflow.engine.definitions import parse
from workflow.engine.runner import ElementError
from workflow.engine.scripting import RestrictedEnvironment
from workflow.services.definitions import read_directory
from workflow.services.process_trials import test_run as run_draft
from workflow.services.runtime import build_runtime

FILES = read_directory(BPMN_DIR)
ENOUGH = budget.DEFAULT.seconds + 1.0  # each bomb stops well before this

# (label, source, is_script, what the error says)
BOMBS = [
    ("endless loop", "while True:\n    pass", True, "steps"),
    ("loop on one line", "[x for x in range(10**5) for y in range(10**5)]", False, "steps"),
    ("generator in C", "sum(x for x in range(10**5) for y in range(10**5))", False, "steps"),
    ("exponential recursion",
     "def f(n):\n    return 1 if n == 0 else f(n - 1) + f(n - 1)\nresult = f(60)", True,
     "steps"),
    ("caught and looped again",
     "try:\n    while True:\n        pass\nexcept BaseException:\n    pass\nwhile True:\n"
     "    pass", True, "steps"),
    ("looped in finally", "try:\n    while True:\n        pass\nfinally:\n    while True:\n"
     "        pass", True, "steps"),
    ("huge power", "10**10**8", False, "bits"),
    ("huge shift", "1 << 10**10", False, "bits"),
    ("round to a huge power", "round(5, -10**8)", False, "bits"),
    ("modular power with a huge exponent", "pow(3, 10**10000, 10**10000)", False, "items"),
    ("string repetition", "'a' * 10**10", False, "items"),
    ("list repetition", "[0] * 10**9", False, "items"),
    ("sum of a huge range", "sum(range(10**12))", False, "items"),
    ("percent format width", "'%0999999999d' % 1", False, "items"),
    ("f-string width", "f'{1:>999999999}'", False, "items"),
    ("padding method", "'x'.ljust(10**10)", False, "items"),
    ("to_bytes", "(1).to_bytes(10**10, 'big')", False, "items"),
    ("replace amplification", "s = 'ab' * 50000\nt = s.replace('a', s)", True, "items"),
    ("join amplification", "''.join(['a' * 99999] * 100000)", False, "items"),
    ("doubling extend", "l = [1]\nfor i in range(64):\n    l.extend(l)", True, "items"),
    ("doubling concatenation", "s = 'ab'\nfor i in range(64):\n    s += s", True, "items"),
    ("text of shared references", "str([('a' * 99999)] * 100000)", False, "items"),
    ("many large copies", "[[0] * 99999 for i in range(100000)]", False, "in all"),
]


def _run(source: str, is_script: bool) -> object:
    env = RestrictedEnvironment({})
    if is_script:
        return env.execute(source, {})
    return env.evaluate(source, {})


@pytest.mark.parametrize(("label", "source", "is_script", "said"), BOMBS,
                         ids=[b[0] for b in BOMBS])
def test_each_bomb_stops_within_the_budget(label, source, is_script, said):
    tracing = sys.gettrace()
    started = time.perf_counter()
    with pytest.raises(BudgetExceededError, match=said):
        _run(source, is_script)
    assert time.perf_counter() - started < ENOUGH
    assert sys.gettrace() is tracing and budget.current() is None
    # The thread serves on: the next evaluation gets a budget of its own.
    assert RestrictedEnvironment({}).evaluate("decision == 'approve'",
                                              {"decision": "approve"}) is True


def test_deep_recursion_fails_with_python_s_own_error():
    with pytest.raises(RecursionError):
        _run("def f(n):\n    return f(n + 1)\nf(0)", True)


def test_the_clock_stops_what_steps_do_not_count():
    # Comparing two large lists is one instruction; a line of thousands of them is not a loop.
    line = " and ".join(["x == y"] * 5000)
    env = RestrictedEnvironment({})
    limits = budget.Limits(seconds=0.2)
    started = time.perf_counter()
    with pytest.raises(BudgetExceededError, match="longer than 0.2 seconds"):
        budget.spend(limits, lambda: env.evaluate(
            line, {"x": list(range(99_999)), "y": list(range(99_999))}))
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(("source", "expected"), [
    ("f'{x!r} and {y:>5}'", "[1, 2] and    ab"),
    ("'%s-%05d' % (y, 3)", "ab-00003"),
    ("[*range(3), *y]", [0, 1, 2, "a", "b"]),
    ("{**z, 'b': 2}", {"a": 1, "b": 2}),
    ("isinstance(x, list) and isinstance(y, (str, int)) and not isinstance(z, list)", True),
    ("sum(x) + len(str(x)) + max(x) + round(2.5) + pow(2, 10) + 2**10", 2061),
    ("sorted(set(y)) + list(z) + list(tuple(x))[:1]", ["a", "b", "a", 1]),
    ("','.join(s.upper() for s in y).replace(',', ';').ljust(4, '.')", "A;B."),
    ("z.get('a') * 3 + (10**20 // 7) % 5", 7),
    ("[i * i for i in range(5) if i % 2]", [1, 9]),
])
def test_ordinary_code_still_works(source, expected):
    data = {"x": [1, 2], "y": "ab", "z": {"a": 1}}
    assert RestrictedEnvironment({}).evaluate(source, data) == expected


def test_scripts_may_build_and_catch_within_the_budget():
    data: dict[str, object] = {}
    RestrictedEnvironment({}).execute(
        "total = 0\nfor i in range(1000):\n    total += i\nwords = []\nwords += ['a', 'b']\n"
        "try:\n    missing = {}['x']\nexcept KeyError:\n    missing = None\n", data)
    assert (data["total"], data["words"], data["missing"]) == (499500, ["a", "b"], None)


def test_the_budget_works_in_any_thread():
    results: dict[str, object] = {}

    def bomb() -> None:
        try:
            _run("while True:\n    pass", True)
        except BudgetExceededError as exc:
            results["bomb"] = str(exc)

    def ordinary() -> None:
        results["ordinary"] = [RestrictedEnvironment({}).evaluate("x + 1", {"x": i})
                               for i in range(2000)]

    threads = [threading.Thread(target=bomb), threading.Thread(target=ordinary)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert "steps" in str(results["bomb"])
    assert results["ordinary"] == list(range(1, 2001))


def _with_condition(condition: str) -> dict[str, str]:
    # The township's approve flow, taken only by claims from 王洼镇: the test run files its
    # synthetic claim in 白阳镇, so it never evaluates the rest of the condition.
    old = '<bpmn:conditionExpression>decision == "approve"</bpmn:conditionExpression>'
    bpmn = FILES["subsidy_claim.bpmn"].replace(
        old, f'<bpmn:conditionExpression>decision == "approve" and (township != "wangwa" or '
             f'{condition})</bpmn:conditionExpression>', 1)
    assert bpmn != FILES["subsidy_claim.bpmn"]
    return {**FILES, "subsidy_claim.bpmn": bpmn}


@pytest.mark.parametrize("bomb", ["sum(range(10**12)) > 0", "len('a' * 10**10) > 0",
                                  "len([x for x in range(10**5) for y in range(10**5)]) > 0"])
def test_the_engine_names_the_element_and_drops_nothing_else(bomb):
    engine = build_runtime().engine
    spec = parse("subsidy_claim", _with_condition(bomb))
    instance = engine.start(spec, {"township": "wangwa", "certificate_code": "PY-22",
                                   "certificate_level": ""})
    task = engine.state(instance).ready_tasks[0]
    started = time.perf_counter()
    with pytest.raises(ElementError) as raised:
        engine.complete(instance, task.id, {"decision": "approve"})
    assert time.perf_counter() - started < ENOUGH
    assert raised.value.element == "Gateway_township" and raised.value.over_budget
    assert raised.value.name == "Identity verified?"
    # The next call on the same engine runs normally.
    other = engine.start(spec, {"township": "baiyang", "certificate_code": "PY-22",
                                "certificate_level": ""})
    engine.complete(other, engine.state(other).ready_tasks[0].id, {"decision": "approve"})
    assert engine.state(other).ready_tasks[0].name == "Task_department_review"


@pytest.mark.parametrize("bomb", ["sum(range(10**12)) > 0",
                                  "len([x for x in range(10**5) for y in range(10**5)]) > 0"])
def test_a_bomb_the_test_run_reaches_fails_its_path_instead_of_hanging_the_deploy(bomb):
    rejects = '<bpmn:conditionExpression>decision == "reject"</bpmn:conditionExpression>'
    bpmn = FILES["subsidy_claim.bpmn"].replace(
        rejects, f'<bpmn:conditionExpression>decision == "reject" and {bomb}'
                 '</bpmn:conditionExpression>', 1)
    started = time.perf_counter()
    result = run_draft(build_runtime(), "subsidy_claim", {**FILES, "subsidy_claim.bpmn": bpmn},
                       datetime(2026, 11, 2, tzinfo=UTC))
    assert time.perf_counter() - started < 10 * ENOUGH
    assert not result.ok
    (failed,) = result.failed
    assert failed.steps == ("Task_township_review: reject",)
    assert (failed.error or "").startswith("Gateway_township: it ")


def test_a_loop_in_the_diagram_itself_is_stopped():
    # The routing task leads back to the identity gateway: a claim without a township loops
    # between them forever, each turn a DMN table, without waiting for anyone.
    bpmn = FILES["subsidy_claim.bpmn"].replace(
        'sourceRef="Task_route_department" targetRef="Task_department_review"',
        'sourceRef="Task_route_department" targetRef="Gateway_identity"').replace(
        "<bpmn:incoming>Flow_start_township</bpmn:incoming>",
        "<bpmn:incoming>Flow_start_township</bpmn:incoming>"
        "<bpmn:incoming>Flow_route_review</bpmn:incoming>")
    spec = parse("subsidy_claim", {**FILES, "subsidy_claim.bpmn": bpmn})
    started = time.perf_counter()
    with pytest.raises(ElementError, match="steps"):
        build_runtime().engine.start(spec, {"township": "", "certificate_code": "PY-22",
                                            "certificate_level": ""})
    assert time.perf_counter() - started < ENOUGH


UNPROTECTED = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (512 * 2**20, 512 * 2**20))
    from RestrictedPython import compile_restricted_eval, compile_restricted_exec, safe_builtins
    from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
    from RestrictedPython.Guards import safer_getattr
    source, is_script = sys.argv[1], sys.argv[2] == "1"
    builtins = {**safe_builtins, "sum": sum, "len": len, "str": str, "list": list}
    scope = {"__builtins__": builtins, "_getattr_": safer_getattr,
             "_getitem_": default_guarded_getitem, "_getiter_": default_guarded_getiter,
             "_inplacevar_": lambda op, a, b: eval("a " + op[:-1] + " b")}
    compiled = (compile_restricted_exec if is_script else compile_restricted_eval)(source)
    (exec if is_script else eval)(compiled.code, scope)
""")


@pytest.mark.slow
@pytest.mark.parametrize(("label", "source", "is_script", "said"), BOMBS,
                         ids=[b[0] for b in BOMBS])
def test_the_bombs_are_real(label, source, is_script, said):
    # Without the budget: still running after 3 s, or out of memory under a 512 MB limit.
    try:
        done = subprocess.run([sys.executable, "-c", UNPROTECTED, source,
                               "1" if is_script else "0"],
                              capture_output=True, text=True, timeout=3)
    except subprocess.TimeoutExpired:
        return
    assert "MemoryError" in done.stderr, (done.returncode, done.stderr[-500:])


TRACED_ONLY = textwrap.dedent("""
    import sys
    from RestrictedPython import compile_restricted_exec
    from workflow.engine import budget
    from workflow.engine.scripting import _GUARDS
    code = compile_restricted_exec(sys.argv[1], budget.FILENAME).code  # the stock policy
    budget.traced(exec, code, dict(_GUARDS))
""")


@pytest.mark.slow
@pytest.mark.parametrize("label", ["caught and looped again", "looped in finally"])
def test_the_tracer_alone_is_not_enough(label):
    # CPython unsets a tracer that raises: without the check the policy puts at the top of
    # every handler and finally block, the second loop runs untraced, for ever.
    source = next(b[1] for b in BOMBS if b[0] == label)
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run([sys.executable, "-c", TRACED_ONLY, source], capture_output=True,
                       timeout=3, env={**os.environ, "PYTHONPATH": str(BPMN_DIR.parent)})
