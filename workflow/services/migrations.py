"""Moving running claims to a newer process version: a dry run, then the safe ones, audited.

Claims started on an older version run on it until moved (running claims stay on theirs at
deploy). The dry run says, for every running claim on another version, where it waits and
whether it can move (workflow.engine.migration: SpiffWorkflow's diff and migrate, rehearsed
on a copy); the migration moves the safe ones, each in a savepoint of its own with an audit
event, and leaves the others where they are with the reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from workflow.domain.access import Actor
from workflow.domain.claims import Status
from workflow.domain.phrases import said
from workflow.engine.migration import MigrationRefusedError, Migrator, waiting_at
from workflow.persistence.models import Claim, ProcessDefinition
from workflow.services import definitions, instances
from workflow.services.runtime import Runtime


@dataclass(frozen=True)
class ClaimMove:
    claim_id: int
    reference: str
    stage: str
    from_version: int
    at: tuple[str, ...]
    safe: bool
    reasons: tuple[str, ...]
    moved: bool = False


@dataclass(frozen=True)
class Plan:
    target_id: int
    target_version: int
    moves: tuple[ClaimMove, ...]

    def groups(self) -> list[tuple[int, str, int, int]]:
        """(from version, where claims wait, how many, how many can move), in version order."""
        total: Counter[tuple[int, str]] = Counter()
        safe: Counter[tuple[int, str]] = Counter()
        for move in self.moves:
            key = (move.from_version, ", ".join(move.at))
            total[key] += 1
            safe[key] += move.safe
        return [(v, at, n, safe[(v, at)]) for (v, at), n in sorted(total.items())]

    @property
    def safe_count(self) -> int:
        return sum(1 for m in self.moves if m.safe)

    @property
    def moved_count(self) -> int:
        return sum(1 for m in self.moves if m.moved)

    @property
    def unsafe(self) -> tuple[ClaimMove, ...]:
        return tuple(m for m in self.moves if not m.safe)


def _running(session: Session, target: ProcessDefinition) -> list[tuple[Claim, int]]:
    """Running claims on other versions of the target's process, with their version number."""
    rows = session.execute(
        select(Claim, ProcessDefinition.version)
        .join(ProcessDefinition, ProcessDefinition.id == Claim.definition_id)
        .where(Claim.status == Status.IN_PROGRESS,
               ProcessDefinition.process_id == target.process_id,
               Claim.definition_id != target.id)
        .order_by(ProcessDefinition.version, Claim.id).options(undefer(Claim.state)))
    return [(claim, version) for claim, version in rows]


class _Migrators(dict[int, Migrator]):
    """One Migrator per old version, built when first needed."""

    def __init__(self, session: Session, runtime: Runtime, target: ProcessDefinition) -> None:
        super().__init__()
        self.session, self.runtime, self.target = session, runtime, target
        self.new = definitions.parsed(session, runtime, target.id)

    def __missing__(self, definition_id: int) -> Migrator:
        old = definitions.parsed(self.session, self.runtime, definition_id)
        found = Migrator(self.runtime.engine, old, self.new, f"version {self.target.version}")
        self[definition_id] = found
        return found


def _target(session: Session, target_id: int | None) -> ProcessDefinition:
    return definitions.current(session) if target_id is None \
        else definitions.version(session, target_id)


def dry_run(session: Session, runtime: Runtime, target_id: int | None = None) -> Plan:
    """Where each running claim on another version waits, and whether it can move."""
    target = _target(session, target_id)
    migrators = _Migrators(session, runtime, target)
    moves = []
    for claim, version in _running(session, target):
        instance = runtime.engine.restore(migrators[claim.definition_id].old, claim.state)
        verdict = migrators[claim.definition_id].check(instance, consume=True)
        moves.append(ClaimMove(claim.id, claim.reference, claim.stage, version, verdict.at,
                               verdict.safe, verdict.reasons))
    return Plan(target.id, target.version, tuple(moves))


def migrate(session: Session, runtime: Runtime, actor: Actor, target_id: int,
            now: datetime) -> Plan:
    """Move every running claim that can move to the target version; each one audited.

    Each claim moves in a savepoint: one that fails (changed meanwhile, say) stays where it
    is with the reason, and the others still move.
    """
    target = _target(session, target_id)
    migrators = _Migrators(session, runtime, target)
    moves = []
    for claim, version in _running(session, target):
        moves.append(_move(session, runtime, actor, claim, version, migrators[claim.definition_id],
                           target, now))
    return Plan(target.id, target.version, tuple(moves))


def _move(session: Session, runtime: Runtime, actor: Actor, claim: Claim, version: int,
          migrator: Migrator, target: ProcessDefinition, now: datetime) -> ClaimMove:
    """One claim, in a savepoint: moved and audited, or left as it was with the reason."""
    instance = runtime.engine.restore(migrator.old, claim.state)
    at = waiting_at(runtime.engine, instance)
    try:
        with session.begin_nested():
            moved = migrator.migrate(instance)
            claim.definition_id = target.id
            instances.save(session, runtime, claim, moved, now)
            instances.audit(session, claim, actor, "migrated", now, stage=claim.stage,
                            comment=said("version %(old)s → %(new)s", old=version,
                                         new=target.version))
    except MigrationRefusedError as exc:
        return ClaimMove(claim.id, claim.reference, claim.stage, version, at, False, exc.reasons)
    except Exception as exc:  # one claim that cannot move must not stop the others
        session.expire(claim)
        return ClaimMove(claim.id, claim.reference, claim.stage, version, at, False,
                         (f"not moved: {exc}",))
    return ClaimMove(claim.id, claim.reference, claim.stage, version, at, True, (), moved=True)
