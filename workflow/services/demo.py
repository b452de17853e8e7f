"""Demo data for a first look: users for every role and about 50 claims at every stage, and
an enterprise with a 以工代训 roster waiting at its township.

Claims are filed on days spread over the last three weeks (so queues show overdue work) and
driven through the real process, one transaction per step, as requests would. The demo invents
no holiday table: when a notice's window runs into a year whose statutory calendar is not
configured, that notice is not published (its claims wait for one) and the demo says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from stdnum.cn import ric, uscc

from workflow.domain.access import Actor
from workflow.domain.limits import Limit
from workflow.domain.workdays import CalendarNotCoveredError
from workflow.persistence.models import User
from workflow.services import (
    claims,
    decisions,
    enterprise_accounts,
    enterprise_claims,
    holiday_calendar,
    notices,
    queries,
    targets,
    timers,
    users,
)
from workflow.services.errors import InvalidInputError
from workflow.services.runtime import Runtime

PASSWORD = "butie-demo-2026"
# username, role, scope, name, ID number (valid GB 11643 check digits)
DEMO_USERS = [
    ("zhangsan", "applicant", None, "张三", "642226199001011235"),
    ("lisi", "applicant", None, "李四", "642226199202021245"),
    ("wangwu", "applicant", None, "王五", "64222619880303125X"),
    ("baiyang", "township_reviewer", "baiyang", "白阳镇审核员", None),
    ("wangwa", "township_reviewer", "wangwa", "王洼镇审核员", None),
    ("gucheng", "township_reviewer", "gucheng", "古城镇审核员", None),
    ("market", "department_reviewer", "market", "市场监管部门审核员", None),
    ("transport", "department_reviewer", "transport", "交通运输部门审核员", None),
    ("police", "department_reviewer", "police", "公安部门审核员", None),
    ("emergency", "department_reviewer", "emergency", "应急管理部门审核员", None),
    ("hrcert", "department_reviewer", "hr_bureau", "人社局证书审核员", None),
    ("fire", "department_reviewer", "fire_appraisal", "消防技能鉴定机构审核员", None),
    ("bureau", "bureau_officer", None, "人社局验收科", None),
    ("finance", "finance_officer", None, "财务科", None),
    ("finance2", "finance_officer", None, "财务科复核", None),  # the second pair of eyes
    ("admin", "administrator", None, "系统管理员", None),
]
SURNAMES = "赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施孔曹严华金魏陶姜谢邹喻柏水窦章苏潘葛"
GIVEN = ["建国", "秀英", "志强", "海燕", "永红", "国庆", "丽娟", "小军", "春梅", "德明", "玉兰",
         "文博", "晓燕", "俊杰", "桂芳", "立新", "淑珍", "宏伟", "䶮", "红霞"]
# certificate code, name, the department that reviews it (for the demo's reviewer lookup)
CERTIFICATES = [("PY-22", "叉车司机", "market"), ("PY-26", "经营性客运驾驶员", "transport"),
                ("other", "育婴员", "hrcert"), ("PY-24", "保安员", "police"),
                ("PY-23", "消防设施操作员", "fire"), ("PY-01", "低压电工作业", "emergency")]
TOWNSHIP_CYCLE = ["baiyang", "wangwa", "gucheng"]
# How far each demo claim goes, and how many of each (52 in all).
PLAN = ([("township", 10), ("correction", 4), ("department", 8), ("bureau", 7)]
        + [("payment", 5), ("account_correction", 2), ("paid", 4), ("rejected", 2),
           ("withdrawn", 2)] + [("awaiting", 3), ("notice", 6), ("objection", 2)])
PAST_NOTICE = {"payment", "account_correction", "paid"}  # published three weeks ago, closed
OPEN_NOTICE = {"notice", "objection"}  # published today, open for objections
# Demo values only: the documents give no objection contact (see NOTICE_CONTACT_* settings).
DEMO_CONTACT = ("彭阳县人社局就业股（演示）", "0954-0000000（演示）", "彭阳县白阳镇（演示）")
SETTINGS = notices.PENGYANG_NOTICES
# Demo value only: the documents give no budget; the dashboard shows the money against it.
DEMO_BUDGET_FEN = 500_000_00


@dataclass(frozen=True)
class DemoClaim:
    username: str
    township: str
    code: str
    name: str
    department: str
    target: str
    days_ago: int


def _id_number(serial: int) -> str:
    body = f"6422261990{(serial % 12) + 1:02d}{(serial % 28) + 1:02d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def _plan() -> list[DemoClaim]:
    found: list[DemoClaim] = []
    serial = 0
    for target, count in PLAN:
        for _ in range(count):
            code, name, department = CERTIFICATES[serial % len(CERTIFICATES)]
            if target in {"awaiting", "notice", "objection", "payment", "account_correction",
                          "paid"} and code == "PY-01":
                # No amount (the source lost it): such a claim stops at bureau acceptance.
                code, name, department = CERTIFICATES[0]
            found.append(DemoClaim(f"applicant{serial + 1:02d}",
                                   TOWNSHIP_CYCLE[serial % len(TOWNSHIP_CYCLE)], code, name,
                                   department, target, 1 + (serial * 7) % 20))
            serial += 1
    return found


def _input(user: User, item: DemoClaim, serial: int) -> claims.ClaimInput:
    return claims.ClaimInput(
        full_name=user.full_name, id_number=user.id_number or "", phone=f"139{serial:08d}",
        township=item.township, target_group="rural_migrant", certificate_code=item.code,
        certificate_name=item.name, certificate_number=f"DEMO-{serial:06d}",
        certificate_level="", certificate_issued_on=date(2026, 6, 1),
        certificate_issuer="固原市发证机关", bank_name="中国农业银行彭阳县支行",
        account_number=f"62284800{serial:011d}", account_holder=user.full_name)


def seed(factory: sessionmaker[Session], runtime: Runtime
         ) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Create the demo data unless it exists; returns (username, role, password) rows and
    notes on what could not be shown (a notice whose year's calendar is not configured)."""
    logins = [(u, r, PASSWORD) for u, r, *_ in DEMO_USERS] + [
        ("applicant01…55", "applicant", PASSWORD), (ENTERPRISE, "enterprise", PASSWORD)]
    now = runtime.clock()
    with factory.begin() as session:
        if session.scalar(select(User.id).where(User.username == "admin")) is not None:
            return logins, []
        made = {u: users.create_user(session, u, PASSWORD, r, n, now, scope=s, id_number=i)
                for u, r, s, n, i in DEMO_USERS}
        plan = _plan()
        for serial, item in enumerate(plan):
            name = SURNAMES[serial % len(SURNAMES)] + GIVEN[serial % len(GIVEN)]
            made[item.username] = users.create_user(
                session, item.username, PASSWORD, "applicant", name, now,
                id_number=_id_number(serial + 1))
        actors = {u: users.actor_of(user) for u, user in made.items()}
        inputs = {item.username: _input(made[item.username], item, serial)
                  for serial, item in enumerate(plan)}
    clock = runtime.clock
    try:
        past = [i for i in plan if i.target in PAST_NOTICE]
        runtime.clock = _fixed(now - timedelta(days=21))
        paying = {i.username: _drive(factory, runtime, actors, i, inputs[i.username])
                  for i in past}
        notes = _publish(factory, runtime, actors["bureau"], tuple(paying.values()))
        runtime.clock = _fixed(now - timedelta(days=1))
        timers.fire_due(factory, runtime)  # that notice closed long ago: on to payment
        for item in past if not notes else ():
            _finish_payment(factory, runtime, actors, item, paying[item.username])
        on_notice: list[tuple[DemoClaim, int]] = []
        for item in plan:
            if item.target in PAST_NOTICE:
                continue
            at = now if item.target in OPEN_NOTICE else now - timedelta(days=item.days_ago)
            runtime.clock = _fixed(at)
            claim_id = _drive(factory, runtime, actors, item, inputs[item.username])
            if item.target in OPEN_NOTICE:
                on_notice.append((item, claim_id))
        runtime.clock = _fixed(now)
        unpublished = _publish(factory, runtime, actors["bureau"], tuple(i for _, i in on_notice))
        notes += unpublished
        for item, claim_id in on_notice if not unpublished else ():
            if item.target == "objection":
                with factory.begin() as session:
                    reference = claims.visible_claim(session, actors["bureau"],
                                                     claim_id).reference
                    notices.file_objection(session, runtime, reference, "申请人未参加培训", "匿名")
    finally:
        runtime.clock = clock
    with factory.begin() as session:
        targets.set_budget(session, actors["admin"], "pengyang",
                           now.astimezone(notices.COUNTY_TIME).year, DEMO_BUDGET_FEN,
                           "演示数据：政策文件未给出预算", now)
    return logins, notes + _enterprise(factory, runtime)


ENTERPRISE = "qiye"
WORKERS = ("马小龙", "杨春花", "海文军")


def _enterprise(factory: sessionmaker[Session], runtime: Runtime) -> list[str]:
    """A demo enterprise (a credit code with a valid check character, 白阳镇) and its 以工代训
    roster (003 二(四)) of three workers, waiting at the township; a note if the plan's dates
    no longer allow one."""
    now = runtime.clock()
    code = "91640425MA76BT0Y1"
    with factory.begin() as session:
        enterprise = enterprise_accounts.register(session, enterprise_accounts.EnterpriseInput(
            ENTERPRISE, PASSWORD, "彭阳县示范农业科技有限公司", code + uscc.calc_check_digit(code),
            "baiyang", "13900000000", "宁夏银行彭阳支行", "6228480000000009900",
            "彭阳县示范农业科技有限公司"), now, "demo", Limit(1000))
        actor = users.actor_of(session.get_one(User, enterprise.user_id))
    today = now.date()
    rows = tuple({"full_name": name, "id_number": _id_number(900 + n),
                  "training_start": (today - timedelta(days=190)).isoformat(),
                  "training_end": (today - timedelta(days=140)).isoformat(),
                  "certificate_number": f"YGDX-{today.year}-{n + 1:03d}",
                  "employed_since": (today - timedelta(days=135)).isoformat()}
                 for n, name in enumerate(WORKERS))
    try:
        with factory.begin() as session:
            enterprise_claims.file_roster(session, runtime, actor, enterprise_claims.RosterFiling(
                "work_for_training", rows, attested=True))
    except InvalidInputError:  # e.g. a demo run after the plan's last year
        return ["note: the demo enterprise's roster was not filed (the plan's dates refuse it)"]
    return []


def _publish(factory: sessionmaker[Session], runtime: Runtime, bureau: Actor,
             claim_ids: tuple[int, ...]) -> list[str]:
    """Publish today's notice; or, when its window runs into a year nobody entered, a note
    saying so (the claims stay awaiting notice)."""
    today = runtime.clock().astimezone(notices.COUNTY_TIME).date()
    with factory.begin() as session:
        try:
            notices.window_on(session, today, SETTINGS.working_days)
        except CalendarNotCoveredError as exc:
            return [f"a notice of {today.isoformat()} was not published: "
                    f"{holiday_calendar.not_configured(exc.year)}"]
        notices.publish(session, runtime, bureau, SETTINGS, notices.BatchInput(
            today, SETTINGS.working_days, *DEMO_CONTACT, claim_ids=claim_ids))
    return []


def _fixed(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def _step(factory: sessionmaker[Session], runtime: Runtime, actor: Actor, claim_id: int,
          decision: str, comment: str = "") -> None:
    with factory.begin() as session:
        claim = claims.visible_claim(session, actor, claim_id)
        task = next(t for t in queries.open_tasks(session, claim))
        decisions.complete_task(session, runtime, actor, claim_id, task.task_id, decision, comment)


def _drive(factory: sessionmaker[Session], runtime: Runtime, actors: dict[str, Actor],
           item: DemoClaim, data: claims.ClaimInput) -> int:
    with factory.begin() as session:
        claim_id = claims.submit_claim(session, runtime, actors[item.username], data).id
    township = actors[item.township]
    if item.target == "correction":
        _step(factory, runtime, township, claim_id, "return", "证书照片不清晰，请重新上传")
        return claim_id
    if item.target == "withdrawn":
        with factory.begin() as session:
            claims.withdraw_claim(session, runtime, actors[item.username], claim_id, "已找到工作")
        return claim_id
    if item.target == "rejected":
        _step(factory, runtime, township, claim_id, "reject", "户籍不在本县")
        return claim_id
    reviewers = [township, actors[item.department], actors["bureau"]]
    stop = {"township": 0, "department": 1, "bureau": 2}.get(item.target, 3)
    for reviewer in reviewers[:stop]:
        _step(factory, runtime, reviewer, claim_id, "approve")
    return claim_id


def _finish_payment(factory: sessionmaker[Session], runtime: Runtime, actors: dict[str, Actor],
                    item: DemoClaim, claim_id: int) -> None:
    if item.target == "paid":
        _step(factory, runtime, actors["finance"], claim_id, "paid")
    elif item.target == "account_correction":
        _step(factory, runtime, actors["finance"], claim_id, "failed", "账户已销户")
