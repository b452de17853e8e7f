"""Services and pages ask the pack and never branch on which pack it is (issue 19 item 1): no
module under workflow/services or web/ compares with a pack id literal or keys on one; each pack
names itself and declares its table's addition form."""

from __future__ import annotations

import ast
from pathlib import Path

from workflow.domain.policy import PACKS

ROOT = Path(__file__).resolve().parents[2]
PACK_IDS = frozenset(PACKS)
# Generated sample data (`butie seed`, `butie demo`) is written for a named pack on purpose:
# the demo's budget and the seed's accepted claims are Pengyang's. They pass the id as a value
# and do not branch, but they are the one place where naming a pack is the point.
EXCLUDED = {Path("workflow/services/seed.py"), Path("workflow/services/demo.py")}


def _literals(node: ast.AST) -> list[str]:
    """Pack ids among a node's string constants (a tuple or set of them included)."""
    inner = node.elts if isinstance(node, ast.Tuple | ast.List | ast.Set) else [node]
    return [n.value for n in inner if isinstance(n, ast.Constant) and n.value in PACK_IDS]


def _branches(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):  # == "huzhou", in ("lanzhou", "huzhou")
            parts = [node.left, *node.comparators]
        elif isinstance(node, ast.Dict):  # {"lanzhou": ...}
            parts = [k for k in node.keys if k is not None]
        elif isinstance(node, ast.Subscript):  # PACKS["pengyang"]
            parts = [node.slice]
        elif isinstance(node, ast.match_case):  # case "huzhou":
            parts = [getattr(node.pattern, "value", node.pattern)]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("get", "pop", "setdefault") and node.args):
            parts = [node.args[0]]  # names.get("lanzhou")
        else:
            continue
        found += [(node.lineno if hasattr(node, "lineno") else 0, v)
                  for part in parts for v in _literals(part)]
    return found


def _modules() -> list[Path]:
    paths = [*(ROOT / "workflow/services").rglob("*.py"), *(ROOT / "web").rglob("*.py")]
    return sorted(p.relative_to(ROOT) for p in paths)


def test_no_service_or_page_branches_on_a_pack_id():
    offenders = [f"{path}:{line}: {value}" for path in _modules() if path not in EXCLUDED
                 for line, value in _branches(ast.parse((ROOT / path).read_text()))]
    assert offenders == []


def test_the_scan_finds_each_way_of_branching():
    code = ('if pack == "huzhou": pass\nx = pack in ("lanzhou", "x")\nn = {"pengyang": 1}\n'
            'm = PACKS["huzhou"]\nk = names.get("lanzhou")\nok = f(pack_id="pengyang")\n')
    assert [v for _, v in _branches(ast.parse(code))] == [
        "huzhou", "lanzhou", "pengyang", "huzhou", "lanzhou"]


def test_each_pack_names_itself_and_declares_its_addition_form():
    for pack in PACKS.values():
        assert pack.name.template and not pack.name.values, pack.pack_id
        if pack.table is not None:
            names = [a.name for a in pack.table.adds]
            assert "clause" in names and len(set(names)) == len(names), pack.pack_id


def _template_branches(source: str) -> list[tuple[int, str]]:
    """Pack ids a Jinja template compares with or looks up by ({% if pack == "huzhou" %},
    {% if form in ("lanzhou", "huzhou") %}, names["pengyang"])."""
    from jinja2 import Environment, nodes

    tree = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do",
                                   "jinja2.ext.loopcontrols"]).parse(source)
    found: list[tuple[int, str]] = []
    for node in tree.find_all((nodes.Compare, nodes.Getitem)):
        parts = [node.arg] if isinstance(node, nodes.Getitem) else \
            [node.expr, *(op.expr for op in node.ops)]
        for part in parts:
            inner = part.items if isinstance(part, nodes.Tuple | nodes.List) else [part]
            found += [(node.lineno, n.value) for n in inner
                      if isinstance(n, nodes.Const) and n.value in PACK_IDS]
    return found


def test_no_template_branches_on_a_pack_id():
    """The shared templates ask what the pack declares (its table's addition form, whether the
    township reviews first); a pack's own templates (under workflow/domain/policy) are its own."""
    offenders = [f"{path.relative_to(ROOT)}:{line}: {value}"
                 for path in sorted((ROOT / "templates").rglob("*.html"))
                 for line, value in _template_branches(path.read_text())]
    assert offenders == []


def test_the_template_scan_finds_each_way_of_branching():
    source = ('{% if table_form == "lanzhou" %}x{% endif %}'
              '{% if p in ("huzhou", "x") %}y{% endif %}{{ names["pengyang"] }}'
              '{{ f(pack="lanzhou") }}')
    assert [v for _, v in _template_branches(source)] == ["lanzhou", "huzhou", "pengyang"]


def _pack_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Imports of one pack's package (workflow.domain.policy.<pack>[.module]): a page or service
    that reads a pack's constants gives a new pack nothing (it would not get them)."""
    prefixes = tuple(f"workflow.domain.policy.{pack_id}" for pack_id in PACK_IDS)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [(node.lineno, name) for name in names
                  if name == prefixes or name.startswith(prefixes)][:1]
    return found


def test_no_service_or_page_imports_a_packs_package():
    """Services and pages read what every pack declares (workflow.domain.policy's unions, the
    PolicyPack's fields), never one pack's module (issue 19 item 1)."""
    offenders = [f"{path}:{line}: {name}" for path in _modules() if path not in EXCLUDED
                 for line, name in _pack_imports(ast.parse((ROOT / path).read_text()))]
    assert offenders == []


def test_the_import_scan_finds_each_way_of_importing_a_pack():
    code = ("from workflow.domain.policy.huzhou.industries import INDUSTRIES\n"
            "import workflow.domain.policy.lanzhou.filing\n"
            "from workflow.domain.policy import pengyang\n"
            "from workflow.domain.policy import PACKS\n")
    assert [line for line, _ in _pack_imports(ast.parse(code))] == [1, 2, 3]
