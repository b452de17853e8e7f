"""Reviewing departments (实施管理部门) named in Pengyang's catalogue.

Source: 003_6bc740e2a48a5116.txt, 附件1 column 实施管理部门. Certificates outside the catalogue
are reviewed by the HR bureau itself (附件2 row 1: 人力资源社会保障局 负责…职业资格培训补贴).
Huzhou's industry departments (004_7b2ca6ac373157b2.txt 二 5, its addressees; which governs
which industry: workflow.domain.policy.huzhou.industries) review its employers' staff training.
"""

from __future__ import annotations

DEPARTMENTS: dict[str, str] = {
    "emergency": "应急管理部门",
    "housing": "住房城乡建设部门",
    "market": "市场监管部门",
    "fire_appraisal": "消防技能鉴定机构",
    "police": "公安部门",
    "aviation_appraisal": "民航技能鉴定机构",
    "transport": "交通运输部门",
    "forestry": "林业草原部门",
    "rescue_appraisal": "紧急救援技能鉴定机构",
    "hr_bureau": "人力资源社会保障局",
    "hz_economy": "湖州市经信局",
    "hz_civil_affairs": "湖州市民政局",
    "hz_commerce": "湖州市商务局",
    "hz_health": "湖州市卫生健康局",
}


def department_name(code: str) -> str:
    """The Chinese name of a department code; unknown codes are returned as they are."""
    return DEPARTMENTS.get(code, code)
