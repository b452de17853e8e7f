"""Reasons a reviewer picks instead of typing them: one list per stage, kept by administrators.

Each stage checks what the policy asks of it (Pengyang 003_6bc740e2a48a5116.txt 三、组织保障
(三): 所在乡镇和相关部门（单位）对人员身份进行审核，相关行业主管部门对取证情况进行审核，
县人力资源社会保障局组织验收). The seeded reasons say what is wrong with a claim in those
terms and name the clause the applicant can read; they are a starting list, edited on the
administrator's page. They state facts found wrong, never a rule the documents do not give.
"""

from __future__ import annotations

from collections.abc import Iterable

from workflow.domain.claims import Stage
from workflow.domain.phrases import said

# The stages whose reviewers return or reject claims with a reason.
REASON_STAGES: tuple[str, ...] = (Stage.TOWNSHIP_REVIEW, Stage.DEPARTMENT_REVIEW,
                                  Stage.BUREAU_ACCEPTANCE)
MAX_LENGTH = 200
MAX_PER_STAGE = 30
SEPARATOR = "；"  # between the chosen reasons and the reviewer's own words

# Township: the person (003 三(三) 乡镇审核人员身份; 二(三) 彭阳户籍、五类人员、资金直补个人).
# Department: the certificate (003 三(三) 行业主管部门审核取证情况; 附件1 the catalogue; 二(三)
# certificates obtained within the plan period 2026-2028). Bureau: acceptance (003 三(三) 县人社局
# 组织验收; 二(三) 每人享受补贴不超过2次; Gansu 002 二(十三): no claim obtains funds twice).
_TOWNSHIP, _DEPARTMENT, _BUREAU = REASON_STAGES
SEEDED: tuple[tuple[str, str], ...] = (
    (_TOWNSHIP,
     "身份证扫描件不清晰，无法核实申请人身份（003 三（三）：乡镇审核人员身份）"),
    (_TOWNSHIP,
     "申请人姓名或身份证号与身份证件不一致（003 三（三）：乡镇审核人员身份）"),
    (_TOWNSHIP,
     "户籍不在彭阳县，不属于补贴对象（003 二（三）：彭阳户籍）"),
    (_TOWNSHIP,
     "无法确认申请人属于五类人员或符合条件的企业职工（003 二（三）：补贴对象）"),
    (_TOWNSHIP,
     "收款账户不是申请人本人的账户（003 二（三）：补贴资金直补个人）"),
    (_DEPARTMENT,
     "证书扫描件不清晰，无法核对证书信息（003 三（三）：行业主管部门审核取证情况）"),
    (_DEPARTMENT,
     "证书编号无法核实或与证书扫描件不一致（003 三（三）：审核取证情况）"),
    (_DEPARTMENT,
     "证书名称与所选补贴目录条目不符（附件1：彭阳县职业资格培训补贴目录）"),
    (_DEPARTMENT,
     "证书不是在方案实施期内（2026年—2028年）取得（003 二（三））"),
    (_DEPARTMENT,
     "证书持有人与申请人不一致（003 三（三）：审核取证情况）"),
    (_BUREAU,
     "申请人享受补贴已达2次（003 二（三）：每人享受补贴不超过2次）"),
    (_BUREAU,
     "同一证书已在另一件申请中申领补贴（002 二（十三）：查处骗取套取培训资金）"),
    (_BUREAU,
     "乡镇或行业主管部门的审核意见与申请材料不符（003 三（三）：县人社局组织验收）"),
)


def text_problem(text: str) -> str | None:
    """What is wrong with a reason's text, or None."""
    if not text.strip():
        return "say what is wrong with the claim"
    if len(text.strip()) > MAX_LENGTH:
        return said("at most %(count)s characters", count=MAX_LENGTH)
    return None


def stage_problem(stage: str) -> str | None:
    if stage not in REASON_STAGES:
        return "choose the stage whose reviewers use this reason"
    return None


def compose(chosen: Iterable[str], typed: str) -> str:
    """The comment a decision records: the chosen reasons, then what the reviewer typed."""
    parts = [text.strip() for text in chosen if text.strip()]
    if typed.strip():
        parts.append(typed.strip())
    return SEPARATOR.join(dict.fromkeys(parts))
