"""Fill untranslated entries of a catalogue from a JSON file of msgid -> text (en: the msgid).

    python scripts/fill_catalogue.py zh new-strings.json
    python scripts/fill_catalogue.py en
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    lang = sys.argv[1]
    given = json.loads(Path(sys.argv[2]).read_text("utf-8")) if len(sys.argv) > 2 else {}
    path = ROOT / "web/translations" / lang / "LC_MESSAGES/messages.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if message.id and not message.string:
            message.string = given.get(message.id, message.id if lang == "en" else "")
        message.flags.discard("fuzzy")
    with path.open("wb") as f:
        write_po(f, catalog, width=100, sort_output=True)


if __name__ == "__main__":
    main()
