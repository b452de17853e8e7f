"""The task-form registry: every form a process names is registered, and each entry is whole
(decisions, effect, partial); an unknown form is refused with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import BPMN_DIR
from workflow.domain.claims import FORM_DECISIONS, HOLDING_DECISIONS, NEEDS_REASON
from workflow.services import claims, seed, task_forms
from workflow.services.definitions import CONTRACT
from workflow.services.errors import InvalidInputError, ProcessError

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
# The definition deployed today and the earlier ones claims may still run on (the migration
# tests deploy them as a running deployment would have).
SHIPPED = sorted([*BPMN_DIR.glob("*.bpmn"), *(ROOT / "tests" / "data").glob("*.bpmn")])
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"


def _forms_named(path: Path) -> dict[str, str]:
    """Each user task of the file and the form it names ("" when it names none)."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    named = {}
    for task in tree.iter(f"{BPMN}userTask"):
        forms = [p.get("value", "") for p in task.iter(f"{SPIFF}property")
                 if p.get("name") == "form"]
        named[task.get("id", "")] = forms[0] if forms else ""
    return named


def test_the_shipped_definitions_are_found():
    assert BPMN_DIR / "subsidy_claim.bpmn" in SHIPPED and len(SHIPPED) >= 5
    assert _forms_named(BPMN_DIR / "subsidy_claim.bpmn")["Task_bureau_acceptance"] == \
        "acceptance"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_user_task_names_a_registered_form(path):
    named = _forms_named(path)
    assert named, f"{path.name} has no user task"
    unregistered = {task: form for task, form in named.items() if form not in task_forms.FORMS}
    assert not unregistered, f"{path.name}: forms with no registry entry: {unregistered}"


def test_seeded_tasks_and_the_deploy_contract_name_registered_forms():
    """The seeded claims' open tasks, and every form a definition may name to be deployed."""
    assert {form for *_, form in seed.TASKS.values()} <= set(task_forms.FORMS)
    assert CONTRACT.forms == set(task_forms.FORMS)


def test_the_registry_and_the_domains_decisions_name_the_same_forms():
    assert set(task_forms.FORMS) == set(FORM_DECISIONS)
    assert set(HOLDING_DECISIONS) <= set(task_forms.FORMS)


@pytest.mark.parametrize("form", sorted(task_forms.FORMS.values(), key=lambda f: f.name),
                         ids=lambda f: f.name)
def test_each_entry_is_whole(form):
    assert form.decisions, "a form moves the process with at least one decision"
    assert form.offered == form.decisions + form.holding
    assert (TEMPLATES / form.partial).is_file(), form.partial
    assert callable(form.effect)
    assert (form.hold is not None) == bool(form.holding), "holding decisions need a hold"
    assert set(form.changes) <= set(claims.CLAIM_FIELDS)
    assert {"decision", "comment", "version"} <= set(form.posts)
    assert ("changes" in form.posts) == bool(form.changes)
    assert ("started_on" in form.posts) == form.started_on
    assert form.needs <= {"pricing", "objections"}  # what the pages know how to load


def test_what_each_form_posts_and_shows():
    forms = task_forms.FORMS
    assert forms["claim_correction"].changes == claims.CLAIM_FIELDS
    assert forms["claim_correction"].refiles
    assert forms["account_correction"].changes == claims.ACCOUNT_FIELDS
    assert not forms["account_correction"].refiles
    assert forms["installment_condition"].posts == ("decision", "comment", "version",
                                                    "started_on")
    assert forms["installment_condition"].holding == ("schedule",)
    assert forms["acceptance"].needs == {"pricing"}
    assert forms["objection_review"].needs == {"objections"}
    assert dict(task_forms.CORRECTIONS) == {"claim_correction": claims.CLAIM_FIELDS,
                                            "account_correction": claims.ACCOUNT_FIELDS}
    assert task_forms.needs(["acceptance", "review", None, "mystery"]) == {"pricing"}
    assert task_forms.refiles("claim_correction") and not task_forms.refiles("mystery")


def test_an_unknown_form_is_refused_with_a_clear_error():
    with pytest.raises(ProcessError, match="form is not one this service knows"):
        task_forms.form_of("mystery")
    with pytest.raises(ProcessError):
        task_forms.form_of(None)
    # Pages still show such a task, with nothing to decide.
    assert task_forms.offered("mystery") == ()
    assert task_forms.shown("mystery").partial == task_forms.PLAIN
    assert task_forms.shown("acceptance") is task_forms.FORMS["acceptance"]


def test_a_form_refuses_decisions_it_does_not_offer_and_wants_reasons():
    review = task_forms.form_of("review")
    review.check("approve", "")
    with pytest.raises(InvalidInputError) as refused:
        review.check("paid", "")
    assert refused.value.errors == {"decision": "must be one of approve, return, reject"}
    for decision in set(review.offered) & NEEDS_REASON:
        with pytest.raises(InvalidInputError) as refused:
            review.check(decision, "  ")
        assert set(refused.value.errors) == {"comment"}
    task_forms.form_of("installment_condition").check("schedule", "")


def test_an_enterprises_claim_is_corrected_by_its_roster_form():
    """Issue 19 item 3: a returned roster claim's correction is the registry's roster form
    (its rows checked as at filing), not a person's fields; a person's claim keeps its own."""
    roster = task_forms.form_of("claim_correction", "enterprise")
    person = task_forms.form_of("claim_correction", None)
    assert roster.partial == "task_forms/roster_correction.html" and roster.changes == ("roster",)
    assert roster.offered == person.offered == ("resubmit",) and roster.refiles
    assert person.changes == claims.CLAIM_FIELDS
    assert task_forms.shown("claim_correction", "enterprise") is roster
    assert task_forms.form_of("review", "enterprise") is task_forms.FORMS["review"]
    for form in task_forms.PAYEE_FORMS.values():  # whole, like every entry
        assert (TEMPLATES / form.partial).is_file() and form.name in task_forms.FORMS
