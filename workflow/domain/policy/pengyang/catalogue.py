"""Pengyang occupational-qualification subsidy catalogue (彭阳县职业资格培训补贴目录).

Source: 003_6bc740e2a48a5116.txt, 附件1. Rows 1-19 lost their amounts when the document was
converted to text: they are `None` here ("not configured") and are never guessed.
Row 32 names two departments (应急管理部门 林业草原部门); the first one reviews.
"""

from __future__ import annotations

from dataclasses import dataclass

OUTSIDE_CATALOGUE = "other"
# The choice of a certificate outside 附件1, as the claim form names it beside the catalogue's.
OUTSIDE_NAME = "目录外职业资格证书（1000元）"


SOURCE = "003_6bc740e2a48a5116.txt"


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    row: int | None  # the row of 附件1; None for an entry a later version added
    group: str
    name: str
    amount_fen: int | None  # None: the source lost it ("not configured")
    department: str
    note: str = ""
    clause: str = ""  # where the entry comes from
    version: int = 1  # the pack version that added it


def _rows() -> list[CatalogueEntry]:
    spec: list[tuple[int, str, str, int | None, str, str]] = [
        (1, "特种作业人员", "低压电工作业", None, "emergency", ""),
        (2, "特种作业人员", "高压电工作业", None, "emergency", ""),
        (3, "特种作业人员", "焊接与热切割作业", None, "emergency", ""),
        (4, "特种作业人员", "高处作业", None, "emergency", ""),
        (5, "特种作业人员", "煤矿安全作业", None, "emergency", ""),
        (6, "特种作业人员", "矿山安全作业", None, "emergency", ""),
        (7, "特种作业人员", "石油天然气安全作业", None, "emergency", ""),
        (8, "特种作业人员", "危化品安全作业", None, "emergency", ""),
        (9, "特种作业人员", "冶金生产安全作业", None, "emergency", ""),
        (10, "建筑施工特种作业人员", "建筑电工", None, "housing", ""),
        (11, "建筑施工特种作业人员", "建筑架子工", None, "housing", ""),
        (12, "建筑施工特种作业人员", "塔式起重机械司机", None, "housing", ""),
        (13, "建筑施工特种作业人员", "起重机械安拆工", None, "housing", ""),
        (14, "特种设备安全管理和作业人员", "特种设备安全管理", None, "market", ""),
        (15, "特种设备安全管理和作业人员", "锅炉司炉", None, "market", ""),
        (16, "特种设备安全管理和作业人员", "压力容器作业", None, "market", ""),
        (17, "特种设备安全管理和作业人员", "电梯作业", None, "market", ""),
        (18, "特种设备安全管理和作业人员", "特种设备焊接作业", None, "market", ""),
        (19, "特种设备安全管理和作业人员", "起重机司机", None, "market", ""),
        (20, "特种设备安全管理和作业人员", "客运索道司机", 1800, "market", ""),
        (21, "特种设备安全管理和作业人员", "观光车司机", 1800, "market", ""),
        (22, "特种设备安全管理和作业人员", "叉车司机", 1400, "market", ""),
        (23, "消防设施操作员", "消防设施操作员", 2400, "fire_appraisal", ""),
        (24, "安全保护服务人员", "保安员", 1400, "police", ""),
        (25, "安全保护服务人员", "民航安全检查员", 4000, "aviation_appraisal", ""),
        (26, "道路运输从业人员", "经营性客运驾驶员", 6000, "transport",
         "需分别取得A2和B2以上驾驶证。"),
        (27, "道路运输从业人员", "经营性货运驾驶员", 5000, "transport",
         "需分别取得A2和B2以上驾驶证。"),
        (28, "危险货物化学品运输从业人员", "危险货物道路运输从业人员", 1600, "transport", ""),
        (29, "危险货物化学品运输从业人员", "放射性物品道路运输从业人员", 1600, "transport", ""),
        (30, "危险货物化学品运输从业人员", "危险货物水路运输从业人员", 1600, "transport", ""),
        (31, "消防和应急救援人员", "消防员", 2500, "fire_appraisal", ""),
        (32, "消防和应急救援人员", "森林消防员", 2500, "emergency",
         "附件1 lists 应急管理部门 and 林业草原部门"),
        (33, "消防和应急救援人员", "应急救援员", 2500, "rescue_appraisal", ""),
    ]
    return [CatalogueEntry(f"PY-{row:02d}", row, group, name,
                           None if yuan is None else yuan * 100, dept, note,
                           f"{SOURCE} 附件1 第{row}行")
            for row, group, name, yuan, dept, note in spec]


CATALOGUE: dict[str, CatalogueEntry] = {entry.code: entry for entry in _rows()}


def is_known_certificate(code: str) -> bool:
    """True for a catalogue code or the outside-the-catalogue code."""
    return code in CATALOGUE or code == OUTSIDE_CATALOGUE
