"""Townships (乡镇) of Pengyang County, the household registrations the default pack accepts.

Pengyang plan 三(三): subsidies go to workers with Pengyang household registration (彭阳户籍).
The list is the county's administrative divisions (4 towns, 8 townships).
"""

from __future__ import annotations

TOWNSHIPS: dict[str, str] = {
    "baiyang": "白阳镇",
    "wangwa": "王洼镇",
    "gucheng": "古城镇",
    "honghe": "红河镇",
    "xinji": "新集乡",
    "chengyang": "城阳乡",
    "fengzhuang": "冯庄乡",
    "xiaocha": "小岔乡",
    "mengyuan": "孟塬乡",
    "luowa": "罗洼乡",
    "jiaocha": "交岔乡",
    "caomiao": "草庙乡",
}


def township_name(code: str) -> str:
    """The Chinese name of a township code; unknown codes are returned as they are."""
    return TOWNSHIPS.get(code, code)
