"""What Lanzhou New Area pays a unit per worker (001_300a128483aeb037.txt): the roster kind the
winner's unit files (workflow.domain.rosters reads and checks it).

四: 提高对国家技能大赛获奖选手及所在单位的奖励力度,比照省级对获奖选手的资金奖励标准,给予同等奖励.
The winner files his own reward (the `competition_reward` kind, high_skill.py); his unit (所在
单位) files its reward here, one row per winner. The provincial standard is in no document
here, for winners or units: each award's reward to the unit is "not configured" until an
administrator sets it (UNIT-GOLD, ...); 同等奖励 may mean the winner's amount, but what the
province pays a unit is not written here, so it is kept as its own entry. Reviewed as every
Lanzhou claim is, by the HR bureau's own reviewers with no township step (the pack's Filing).
"""

from __future__ import annotations

from datetime import date

from workflow.domain.phrases import Phrase, phrase, reason_text
from workflow.domain.policy.lanzhou.high_skill import AWARDS, COMPETITION, REWARDS_SOURCE
from workflow.domain.policy.lanzhou.rules import VALID_FROM, VALID_TO
from workflow.domain.policy.model import SettableEntry
from workflow.domain.rosters import Column, RosterKind, Row

UNIT_REWARD = "lz_competition_unit_reward"  # 001 四 所在单位
UNIT_ENTRY = {award: f"UNIT-{award.upper()}" for award in AWARDS}
BY_NAME = {name: award for award, name in AWARDS.items()}


def award_of(value: str | date) -> str | None:
    """The award as the sheet writes it (金牌) or by its code (gold)."""
    text = str(value)
    return text if text in AWARDS else BY_NAME.get(text)


def unit_reward_problems(row: Row, filed_on: date) -> dict[str, Phrase]:
    """Column -> why the winner's row does not meet 001 四 on the filing day."""
    found: dict[str, Phrase] = {}
    if award_of(row["award"]) is None:
        found["award"] = phrase("the award must be one of %(awards)s (a national skills "
                                "competition, 001 四)", awards="、".join(AWARDS.values()))
    won = row["awarded_on"]
    assert isinstance(won, date)
    if won > filed_on or not VALID_FROM <= won <= VALID_TO:
        found["awarded_on"] = phrase("the award must be won within %(start)s to %(end)s, by "
                                     "the filing day", start=VALID_FROM.isoformat(),
                                     end=VALID_TO.isoformat())
    return found


def _entry(row: Row) -> str:
    return UNIT_ENTRY.get(award_of(row["award"]) or "", "")


UNIT_REWARD_KIND = RosterKind(
    kind=UNIT_REWARD, pack_id="lanzhou",
    title=reason_text("Reward to a national skills competition winner's unit (兰州新区 技能人才"
                      "高地 四; amount not configured)"),
    notice_title="技能大赛获奖选手所在单位奖励",
    clause=f"{REWARDS_SOURCE} 四 获奖选手及所在单位",
    columns=(Column("full_name", "获奖选手姓名"), Column("id_number", "身份证号码", "id_number"),
             Column("competition", "大赛名称"), Column("award", "奖项（金牌/银牌/铜牌/优胜奖）"),
             Column("awarded_on", "获奖日期", "date")),
    attestation=reason_text(
        "The unit confirms that each winner listed won the award as its own worker or "
        "student (001 四 获奖选手及所在单位)."),
    problems=unit_reward_problems, amount_fen=lambda row: None,
    # One reward to a unit per winner and competition.
    slot=lambda row: f"lz_unit:{str(row['competition'])[:40]}", entry_of=_entry)

ENTRIES = tuple(SettableEntry(code, f"国家技能大赛{AWARDS[award]}获奖选手所在单位奖励（比照省级"
                                    "标准）", COMPETITION) for award, code in UNIT_ENTRY.items())
ROSTERS = (UNIT_REWARD_KIND,)
