"""Claims an organisation files for one project it carried out (issue 19 item 3, Huzhou 004 二 6
评价项目开发资助): not a roster of people but one project, its facts checked by the kind its pack
declares (`ProjectKind`), paid to the organisation's account.

A project is paid once: the same organisation cannot file the same project (by its name, spaces
and case aside) twice while a claim of it is live (`slot`, a key a live claim holds).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from workflow.domain.phrases import Phrase


@dataclass(frozen=True)
class ProjectFacts:
    """One project as the organisation files it."""

    project_name: str
    project_type: str
    industry: str
    reviewed_on: date  # the day of the review's conclusion (评审结论)
    requested_fen: int  # what the organisation asks for


@dataclass(frozen=True)
class ProjectKind:
    """What a pack pays an organisation per project, and how the project is checked."""

    kind: str  # the claim's subsidy_kind
    pack_id: str
    title: str  # English; pages translate it
    notice_title: str  # the subsidy as the Chinese-only public notice prints it
    clause: str
    types: Mapping[str, str]  # project type code -> its name in the source
    industries: Mapping[str, str]  # industry code -> its name in the source
    # Field -> why the project does not meet the pack's rules on the filing day.
    problems: Callable[[ProjectFacts, date], dict[str, Phrase]]
    department_of: Callable[[ProjectFacts], str]  # who reviews it after filing
    entry: str  # the administrator's entry that sets the standard (not in the source)
    cap_fen: int  # the most one project is paid (the source's 最高)
    filers: tuple[str, ...]  # the kinds of organisation that may file it


@dataclass(frozen=True)
class ProjectPrice:
    """What the project is paid: the least of what was asked, the standard set and the cap;
    None while the standard is not set."""

    amount_fen: int | None
    limited_by: str = ""  # "requested", "standard" or "cap"


def price(kind: ProjectKind, requested_fen: int, set_fen: int | None) -> ProjectPrice:
    if set_fen is None:
        return ProjectPrice(None)
    candidates = [(requested_fen, "requested"), (set_fen, "standard"), (kind.cap_fen, "cap")]
    amount, limited_by = min(candidates, key=lambda c: c[0])
    return ProjectPrice(amount, limited_by)


def normalised_name(name: str) -> str:
    """A project's name as compared: inner spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()


def slot(kind: ProjectKind, organisation_id: int, name: str) -> str:
    """The key a live claim of this project holds (fits the 80 characters of the column)."""
    digest = hashlib.sha256(normalised_name(name).encode()).hexdigest()[:40]
    return f"{kind.kind[:20]}:{organisation_id}:{digest}"
