"""000_52f3d35499bfb498.txt 附件2 备注5: what employment- and job-skills training pays on.

"鼓励机构承接项目化培训，培训时长不得低于60课时，就业技能培训合格人员取得职业技能等级证书、
专项能力证书、特种作业证书、特种设备操作证书并实现就业的，按照上表分类给予培训补贴。企业职工
岗位技能培训合格人员取得职业技能等级证书、专项能力证书、特种作业证书、特种设备操作证书的，按照
上表分类给予培训补贴。企业新型学徒培训不适用此条款。"

Read as the conditions of every employment- and job-skills subsidy of 附件2 (the sentences name
those trainings, not only project-based ones); the 60 class hours are project-based training's
(四(一) 项目化培训时长和标准按照相关标准执行), which replace the category's minimum. The
apprenticeship (企业新型学徒培训) is not subject to it.
"""

from __future__ import annotations

from workflow.domain.policy.lanzhou.tables import SOURCE
from workflow.domain.policy.model import QuoteRequest, Reason, because

REMARK5 = f"{SOURCE} 附件2 备注5"
# The certificates 备注5 pays on (the form's choices; "none" says only the training certificate).
CERTIFICATES = {"skill_level": "职业技能等级证书", "special_ability": "专项能力证书",
                "special_operation": "特种作业证书", "special_equipment": "特种设备操作证书"}
PROJECT_MIN_HOURS = 60  # 备注5 项目化培训 培训时长不得低于60课时
PROJECT_CLAUSE = f"{REMARK5} 项目化培训时长不得低于60课时"
_LISTED = "职业技能等级证书、专项能力证书、特种作业证书、特种设备操作证书"


def _certificate(request: QuoteRequest, clause: str) -> Reason:
    given = request.skill_certificate
    if given in CERTIFICATES:
        return Reason("skill_certificate", clause, CERTIFICATES[given])  # its name, in Chinese
    if not given:
        return because("skill_certificate", clause, "the skill certificate obtained is not "
                       "given: the training pays on one of the four the clause lists", False)
    return because("skill_certificate", clause, "%(given)s: the training pays only on one of "
                   "the four certificates the clause lists", False, given=given)


def conditions(request: QuoteRequest) -> list[Reason]:
    """The certificate obtained (both trainings) and, after employment-skills training, the
    employment (实现就业)."""
    if request.kind == "employment_skills":
        clause = f"{REMARK5} 就业技能培训合格人员取得{_LISTED}并实现就业的"
        found = [_certificate(request, clause)]
        if request.employed is None:
            found.append(because("employed", clause, "not said whether the trainee is employed: "
                                 "employment-skills training pays once the trainee is employed",
                                 False))
        elif request.employed:
            found.append(because("employed", clause, "employed after the training"))
        else:
            found.append(because("employed", clause, "not employed: employment-skills training "
                                 "pays once the trainee is employed", False))
        return found
    if request.kind == "job_skills":
        return [_certificate(request, f"{REMARK5} 企业职工岗位技能培训合格人员取得{_LISTED}的")]
    return []
