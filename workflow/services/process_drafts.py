"""Drafts of the claim process: start one, upload or save files, check, deploy or discard.

Every file is screened when it arrives (a hostile upload is refused and the draft keeps what it
had); the full checks run before deploy, which stores the next version and removes the draft in
one transaction, audited.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.domain.access import Actor
from workflow.domain.phrases import said
from workflow.engine.changes import Difference, compare_files
from workflow.engine.outline import outline
from workflow.engine.xml_safety import HostileFileError, safe_tree
from workflow.persistence.models import ProcessDefinition, ProcessDraft, User
from workflow.services import definitions, instances, process_trials
from workflow.services.errors import InvalidInputError, NotFoundError
from workflow.services.runtime import Runtime

FILE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}\.(bpmn|dmn)$")
MAX_FILES = 20


def drafts(session: Session, process_id: str = definitions.PROCESS_ID) -> list[ProcessDraft]:
    """Open drafts, most recently saved first."""
    return list(session.scalars(select(ProcessDraft).where(
        ProcessDraft.process_id == process_id).order_by(ProcessDraft.updated_at.desc())))


def draft(session: Session, draft_id: int) -> ProcessDraft:
    found = session.get(ProcessDraft, draft_id)
    if found is None:
        raise NotFoundError("no such draft (deployed or discarded already?)")
    return found


def _username(session: Session, actor: Actor) -> str:
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    return user.username if user is not None else actor.name or str(actor.role)


def start(session: Session, actor: Actor, now: datetime, definition_id: int | None = None,
          process_id: str = definitions.PROCESS_ID) -> ProcessDraft:
    """A draft holding a copy of a deployed version (the newest one if none is given)."""
    base: ProcessDefinition | None = definitions.current(session, process_id) \
        if definition_id is None else session.get(ProcessDefinition, definition_id)
    if base is None:
        raise NotFoundError("no such process version")
    author = _username(session, actor)
    row = ProcessDraft(process_id=base.process_id, based_on_id=base.id, files=dict(base.files),
                       note="", created_by=author, created_at=now, updated_by=author,
                       updated_at=now)
    session.add(row)
    session.flush()
    instances.audit(session, None, actor, "draft_started", now,
                    comment=f"draft {row.id} from version {base.version}")
    return row


def _screened(name: str, content: bytes | str) -> str:
    """The file's text if its name and content are acceptable; InvalidInputError otherwise."""
    if not FILE_NAME.match(name):
        raise InvalidInputError({"file": f"{name!r}: a .bpmn or .dmn file name of letters, "
                                 "digits, '.', '_' or '-'"})
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError as exc:
        raise InvalidInputError({"file": f"{name}: not UTF-8 text"}) from exc
    try:
        safe_tree(name, text)
    except HostileFileError as exc:
        raise InvalidInputError({"file": exc.said}) from exc
    return text


def save_files(session: Session, actor: Actor, draft_id: int, files: dict[str, bytes | str],
               now: datetime, note: str | None = None) -> ProcessDraft:
    """Add or replace files of a draft; all are refused if one is (the draft keeps its own)."""
    row = draft(session, draft_id)
    checked = {name: _screened(name, content) for name, content in files.items()}
    merged = {**row.files, **checked}
    if len(merged) > MAX_FILES:
        raise InvalidInputError({"file": f"at most {MAX_FILES} files in a process"})
    row.files = merged
    if note is not None:
        row.note = note.strip()
    row.updated_by, row.updated_at = _username(session, actor), now
    session.flush()
    instances.audit(session, None, actor, "draft_saved", now,
                    comment=f"draft {row.id}: {', '.join(sorted(checked)) or 'note'}")
    return row


def start_from_upload(session: Session, actor: Actor, files: dict[str, bytes | str],
                      now: datetime) -> ProcessDraft:
    """A draft of the newest version with uploaded files added or replaced; a refused file
    stops it before anything is written."""
    for name, content in files.items():
        _screened(name, content)
    row = start(session, actor, now)
    return save_files(session, actor, row.id, files, now)


def remove_file(session: Session, actor: Actor, draft_id: int, name: str,
                now: datetime) -> ProcessDraft:
    row = draft(session, draft_id)
    if name not in row.files:
        raise NotFoundError("the draft has no such file")
    row.files = {k: v for k, v in row.files.items() if k != name}
    row.updated_by, row.updated_at = _username(session, actor), now
    instances.audit(session, None, actor, "draft_saved", now,
                    comment=f"draft {row.id}: removed {name}")
    return row


def discard(session: Session, actor: Actor, draft_id: int, now: datetime) -> None:
    """Delete a draft; the deployed versions are untouched."""
    row = draft(session, draft_id)
    instances.audit(session, None, actor, "draft_discarded", now, comment=f"draft {row.id}")
    session.delete(row)


def changes(session: Session, draft_id: int) -> Difference | None:
    """What the draft changes against the version it started from (None: nothing to compare)."""
    row = draft(session, draft_id)
    base = session.get(ProcessDefinition, row.based_on_id) if row.based_on_id else None
    if base is None:
        return None
    try:
        return compare_files(base.files, row.files)
    except HostileFileError:
        return None


def deploy(session: Session, runtime: Runtime, actor: Actor, draft_id: int, note: str,
           now: datetime) -> ProcessDefinition:
    """Check and test-run the draft, then store it as the next version with the change note
    and drop the draft.

    New claims start on the new version; running claims stay on theirs until migrated.
    """
    row = draft(session, draft_id)
    if not note.strip():
        raise InvalidInputError({"note": "say what this version changes"})
    found, result = process_trials.check_and_try(runtime, row, now)
    if found:
        raise InvalidInputError({"draft": "the draft does not pass the checks listed"},
                                "; ".join(str(p) for p in found))
    if result is not None and not result.ok:
        raise InvalidInputError({"draft": "a path of the test run fails"},
                                "; ".join(f"{p.error}" for p in result.failed))
    definition, created = definitions.deploy(session, row.process_id, dict(row.files),
                                             _username(session, actor), note.strip(), now)
    if not created:
        raise InvalidInputError({"draft": said("identical to version %(version)s",
                                                  version=definition.version)},
                                "nothing to deploy")
    instances.audit(session, None, actor, "deployed", now,
                    comment=f"version {definition.version} from draft {row.id}: {note.strip()}")
    session.delete(row)
    return definition


def editor_vocabulary(row: ProcessDraft) -> dict[str, list[str]]:
    """The values the modeler offers: forms, stages and lanes butie knows, the draft's decisions."""
    try:
        elements = outline(row.files)
    except HostileFileError:
        elements = {}
    contract = definitions.CONTRACT
    return {"forms": sorted(contract.forms), "stages": sorted(contract.stages),
            "lanes": sorted(contract.lanes),
            "decisions": sorted(e.id for e in elements.values() if e.category == "decision")}
