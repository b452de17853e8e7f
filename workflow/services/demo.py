"""Demo users for every role and a few claims at different stages, for a first look."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from workflow.domain.access import Actor
from workflow.persistence.models import User
from workflow.services import claims, queries, users
from workflow.services.runtime import Runtime

PASSWORD = "butie-demo-2026"
# username, role, scope, name, ID number (valid GB 11643 check digits)
DEMO_USERS = [
    ("zhangsan", "applicant", None, "张三", "642226199001011235"),
    ("lisi", "applicant", None, "李四", "642226199202021245"),
    ("wangwu", "applicant", None, "王五", "64222619880303125X"),
    ("baiyang", "township_reviewer", "baiyang", "白阳镇审核员", None),
    ("market", "department_reviewer", "market", "市场监管部门审核员", None),
    ("transport", "department_reviewer", "transport", "交通运输部门审核员", None),
    ("police", "department_reviewer", "police", "公安部门审核员", None),
    ("emergency", "department_reviewer", "emergency", "应急管理部门审核员", None),
    ("hrcert", "department_reviewer", "hr_bureau", "人社局证书审核员", None),
    ("bureau", "bureau_officer", None, "人社局验收科", None),
    ("finance", "finance_officer", None, "财务科", None),
    ("admin", "administrator", None, "系统管理员", None),
]


def _claim(user: User, code: str, name: str, number: str) -> claims.ClaimInput:
    return claims.ClaimInput(
        full_name=user.full_name, id_number=user.id_number or "", phone="13900000000",
        township="baiyang", target_group="rural_migrant", certificate_code=code,
        certificate_name=name, certificate_number=number, certificate_level="",
        certificate_issued_on=date(2026, 6, 1), certificate_issuer="固原市发证机关",
        bank_name="中国农业银行彭阳县支行", account_number="6228480000" + number[-9:],
        account_holder=user.full_name)


def _advance(factory: sessionmaker[Session], runtime: Runtime, actor: Actor, claim_id: int,
             decision: str) -> None:
    with factory.begin() as session:
        task = next(t for t in queries.open_tasks(session, claims.visible_claim(
            session, actor, claim_id)))
        claims.complete_task(session, runtime, actor, claim_id, task.task_id, decision)


def seed(factory: sessionmaker[Session], runtime: Runtime) -> list[tuple[str, str, str]]:
    """Create the demo data unless it exists; returns (username, role, password) rows."""
    now = runtime.clock()
    with factory.begin() as session:
        if session.scalar(select(User.id).where(User.username == "admin")) is not None:
            return [(u, r, PASSWORD) for u, r, *_ in DEMO_USERS]
        made = {u: users.create_user(session, u, PASSWORD, r, n, now, scope=s, id_number=i)
                for u, r, s, n, i in DEMO_USERS}
        actors = {u: users.actor_of(user) for u, user in made.items()}
    plan = [("zhangsan", "PY-22", "叉车司机", "DEMO-000000001", []),
            ("lisi", "PY-26", "经营性客运驾驶员", "DEMO-000000002", ["baiyang"]),
            ("wangwu", "other", "育婴员", "DEMO-000000003", ["baiyang", "hrcert"]),
            ("zhangsan", "PY-01", "低压电工作业", "DEMO-000000004", ["baiyang", "emergency"]),
            ("lisi", "PY-23", "消防设施操作员", "DEMO-000000005", []),
            ("wangwu", "PY-24", "保安员", "DEMO-000000006", ["baiyang", "police", "bureau"])]
    for username, code, name, number, steps in plan:
        with factory.begin() as session:
            claim = claims.submit_claim(session, runtime, actors[username],
                                        _claim(made[username], code, name, number))
            claim_id = claim.id
        for reviewer in steps:
            _advance(factory, runtime, actors[reviewer], claim_id, "approve")
    return [(u, r, PASSWORD) for u, r, *_ in DEMO_USERS]
