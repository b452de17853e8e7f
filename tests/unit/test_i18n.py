"""Both catalogues are complete: every string marked in the code has a zh and an en translation."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-k",
                    "lazy_gettext", "-k", "N_", "-k", "because:3", "-k", "phrase", "-k",
                    "reason_text", "--no-location", "-o", str(pot), "."], cwd=ROOT,
                   check=True, capture_output=True)
    with pot.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_marked_string_is_translated(marked: set[str], lang: str) -> None:
    with (ROOT / "web/translations" / lang / "LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(marked - set(translated))
    assert not missing, f"{lang}: untranslated (run scripts/i18n.sh): {missing[:10]}"
    for msgid in marked:
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(
            translated[msgid])), f"{lang}: placeholders differ in {msgid!r}"


def test_chinese_is_really_chinese(marked: set[str]) -> None:
    with (ROOT / "web/translations/zh/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    untouched = [m.id for m in catalog if m.id and m.id == m.string]
    assert not untouched, f"zh entries copied from English: {untouched[:10]}"
