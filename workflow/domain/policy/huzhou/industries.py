"""The industries 004 (004_7b2ca6ac373157b2.txt) names, and the departments that look after them.

Preamble: 新能源汽车及关键零部件、半导体及光电、智能物流装备、生物医药、特种材料、绿色能源、
地理信息+、仿生机器人及数控机床等八大新兴产业链以及养老护理、电子商务、托育服务行业.

一 3 names three trades and their posts (养老护理、电子商务、托育服务岗位); the occupations of the
national classification that are those trades' certificates are read here from the 附件's
names: 养老护理员 (elderly care), 电子商务师 (e-commerce), 婴幼儿发展引导员, 育婴员 and 保育师
(childcare). Any other occupation is not one of 一 3's certificates.

二 5 leaves the training of an industry's staff to its industry department (具体由行业主管部门负责);
004 names the departments it is addressed to (人力社保局、经信局、科技局、民政局、财政局、商务局、
卫生健康局) but not which one governs which industry. Read here: the eight chains to 经信局
(economy and information technology), elderly care to 民政局, e-commerce to 商务局, childcare to
卫生健康局.
"""

from __future__ import annotations

CHAINS = {"nev": "新能源汽车及关键零部件", "semiconductor": "半导体及光电",
          "logistics_equipment": "智能物流装备", "biomedicine": "生物医药",
          "special_materials": "特种材料", "green_energy": "绿色能源", "geoinfo": "地理信息+",
          "robots_cnc": "仿生机器人及数控机床"}
TRADES = {"elderly_care": "养老护理", "ecommerce": "电子商务", "childcare": "托育服务"}
INDUSTRIES = {**CHAINS, **TRADES}
# 一 3's certificates: national occupation code -> trade (附件 rows 6, 54, 58, 4, 59).
TRADE_OF_OCCUPATION = {"4-10-01-05": "elderly_care", "4-01-06-01": "ecommerce",
                       "4-10-01-01": "childcare", "4-10-01-02": "childcare",
                       "4-10-01-03": "childcare"}
# 二 5: the industry department of each industry (see above), as department codes.
DEPARTMENT_OF = {**dict.fromkeys(CHAINS, "hz_economy"), "elderly_care": "hz_civil_affairs",
                 "ecommerce": "hz_commerce", "childcare": "hz_health"}
BY_NAME = {name: code for code, name in INDUSTRIES.items()}


def industry_code(value: object) -> str | None:
    """The industry of a roster row, written as 004 names it (生物医药) or by its code
    (biomedicine)."""
    text = str(value)
    return text if text in INDUSTRIES else BY_NAME.get(text)
