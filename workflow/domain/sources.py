"""The source documents by their titles, for people: the code cites a clause by the seed file
that holds the document (003_6bc740e2a48a5116.txt 附件1), a reader sees the document's title
and the clause (《彭阳县职业技能提升培训三年行动方案》附件1).

Titles as each document prints them (its first lines; /work/shared/seeds/README.md says who
issued which).
"""

from __future__ import annotations

import re

DOCUMENTS = {
    "000_52f3d35499bfb498.txt":
        "《兰州新区“技能兴区·万名工匠”培训行动实施方案》（新民社发〔2026〕14号）",
    "001_300a128483aeb037.txt":
        "《兰州新区打造西部高水平产业技能人才高地的若干意见》（新政办发〔2024〕31号）",
    "002_bb54aa0badca5692.txt":
        "《甘肃省开展大规模职业技能提升培训实施方案（2025—2027年）》（甘政办发〔2025〕66号）",
    "003_6bc740e2a48a5116.txt": "《彭阳县职业技能提升培训三年行动方案》",
    "004_7b2ca6ac373157b2.txt":
        "《湖州市关于进一步加强我市重点产业领域技能人才培养的十条措施》",
}
_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


def cite(text: str) -> str:
    """`text` with every seed file name replaced by its document's title (an unknown one is
    left as it is)."""
    return _FILE.sub(lambda found: DOCUMENTS.get(found.group(0), found.group(0)), text)
