"""Reviewing departments (实施管理部门) named in Pengyang's catalogue.

Source: 003_6bc740e2a48a5116.txt, 附件1 column 实施管理部门. Certificates outside the catalogue
are reviewed by the HR bureau itself (附件2 row 1: 人力资源社会保障局 负责…职业资格培训补贴).
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
}


def department_name(code: str) -> str:
    """The Chinese name of a department code; unknown codes are returned as they are."""
    return DEPARTMENTS.get(code, code)
