"""The subsidy amount of one claim, with the rule that produced it.

Sources (003_6bc740e2a48a5116.txt):
- 二(三): catalogue certificates get the amount in 附件1; certificates outside the catalogue
  get 1000 yuan.
- 二(五): senior worker / technician / senior technician certificates are raised to
  4000 / 5000 / 6000 yuan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from workflow.domain.numerals import plain_yuan
from workflow.domain.phrases import Phrase, phrase
from workflow.domain.policy.pengyang.catalogue import CATALOGUE, OUTSIDE_CATALOGUE, CatalogueEntry
from workflow.domain.targets import SKILL_LEVELS

OUTSIDE_CATALOGUE_FEN = 1000_00  # 二(三) 未列入…统一按照1000元标准给予补贴
HIGH_SKILL_FEN: dict[str, int] = {  # 二(五) 补贴标准分别提高到4000元、5000元、6000元
    "senior_worker": 4000_00,
    "technician": 5000_00,
    "senior_technician": 6000_00,
}
LEVELS = SKILL_LEVELS  # 二(五) prices the three high levels; the others take the entry's amount


def _yuan(fen: int) -> str:
    """1400 for whole yuan, 1400.50 otherwise (an amount set by hand may carry fen)."""
    return str(fen // 100) if fen % 100 == 0 else plain_yuan(fen)


@dataclass(frozen=True)
class Pricing:
    amount_fen: int | None
    rule: str
    configured: bool
    # The rule as a catalogue message (workflow.domain.phrases), for pages.
    said: Phrase = field(default=Phrase(""), compare=False, repr=False)


def _priced(amount_fen: int | None, said: Phrase) -> Pricing:
    return Pricing(amount_fen, str(said), amount_fen is not None, said)


def price_claim(certificate_code: str, level: str | None = None,
                set_amounts: Mapping[str, int] | None = None,
                catalogue: Mapping[str, CatalogueEntry] = CATALOGUE) -> Pricing:
    """Price a certificate; `amount_fen` is None when the source document lost the amount and
    no administrator has set it (`set_amounts`: catalogue code -> fen, for such rows only).
    `catalogue`: the entries in force in the pack version that prices (version 1: 附件1)."""
    base: int | None
    if certificate_code == OUTSIDE_CATALOGUE:
        base = OUTSIDE_CATALOGUE_FEN
        said = phrase("彭阳 二(三): 未列入目录的职业资格证书 1000 元")
    else:
        entry = catalogue.get(certificate_code)
        if entry is None:
            return _priced(None, phrase("unknown certificate code %(code)s",
                                        code=repr(certificate_code)))
        base = entry.amount_fen
        row = (phrase("彭阳 附件1 第%(row)s行 %(name)s", row=entry.row, name=entry.name)
               if entry.row is not None else
               phrase("彭阳 %(clause)s %(name)s (version %(version)s)", clause=entry.clause,
                      name=entry.name, version=entry.version))
        if base is None and set_amounts and certificate_code in set_amounts:
            base = set_amounts[certificate_code]
            said = phrase("%(row)s (原文缺失, 由管理员设定) %(yuan)s 元", row=row, yuan=_yuan(base))
        elif base is None:
            return _priced(None, phrase("%(row)s: 补贴标准未配置 (the source document lost this "
                                        "amount; an administrator must set it)", row=row))
        else:
            said = phrase("%(row)s %(yuan)s 元", row=row, yuan=_yuan(base))
    uplift = HIGH_SKILL_FEN.get(level or "")
    if uplift is not None and uplift > base:
        return _priced(uplift, phrase("彭阳 二(五): 高技能等级 %(level)s 提高到 %(yuan)s 元",
                                      level=level, yuan=uplift // 100))
    return _priced(base, said)
