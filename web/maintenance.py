"""Operator commands that look after the data: audit verify, backup, restore."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from web.db import files, keyring, runtime, sessions
from workflow.persistence import backup as backups
from workflow.persistence.crypto import DataKeyError, generate_key
from workflow.persistence.migrate import upgrade
from workflow.persistence.rekey import rekey
from workflow.services.audit import verify_chain

BPMN_DIR = Path(__file__).resolve().parents[1] / "bpmn"


@click.group("audit")
def audit_group() -> None:
    """The tamper-evident audit trail."""


@audit_group.command("verify")
@with_appcontext
def audit_verify_command() -> None:
    """Check the audit trail's hash chain; exit 1 naming the first broken event."""
    if not _report_chain():
        raise SystemExit(1)


def _report_chain() -> bool:
    with sessions(current_app)() as session:
        verdict = verify_chain(session)
    if verdict.broken is None:
        click.echo(f"audit chain intact: {verdict.events} event(s), last hash {verdict.last_hash}")
        return True
    broken = verdict.broken
    where = f"event {broken.event_id}" if broken.event_id is not None else "the chain's end"
    position = f" (position {broken.seq})" if broken.seq is not None else ""
    click.echo(f"audit chain BROKEN at {where}{position}: {broken.reason}; "
               f"{verdict.events} event(s) before it verified", err=True)
    return False


def _where() -> str:
    return make_url(current_app.config["DATABASE_URL"]).render_as_string(hide_password=True)


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Back up the database and the uploaded scans into one file, while the service runs."""
    try:
        manifest = backups.backup(current_app.config["DATABASE_URL"], files(current_app),
                                  target, runtime(current_app).clock(),
                                  current_app.config["PG_TOOLS"] or None)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backed up {_where()} to {target}: {manifest.claims} claim(s), "
               f"{manifest.audit_seq} audit event(s), {manifest.files} file(s), "
               f"schema {manifest.schema}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="do not ask before replacing the database")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database and put back the scans from a backup (stop the service first);
    then migrate to this version's schema and verify the audit chain."""
    url = current_app.config["DATABASE_URL"]
    if not yes:
        click.confirm(f"replace everything in {_where()} with {source}?", abort=True)
    try:
        manifest = backups.restore(url, files(current_app), source,
                                   current_app.config["PG_TOOLS"] or None)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    upgrade(url, keyring(current_app))
    click.echo(f"restored {source} (made {manifest.created_at}): {manifest.claims} claim(s), "
               f"{manifest.audit_seq} audit event(s), {manifest.files} file(s)")
    if not _report_chain():
        raise SystemExit(1)


@click.command("seed")
@click.option("--claims", "count", type=click.IntRange(1, 10_000_000), required=True,
              help="how many claims to generate")
@click.option("--batch", type=click.IntRange(100, 1_000_000), default=20_000,
              help="claims written per transaction")
@click.option("--seed", "rng_seed", default=1, help="random seed (same seed, same data)")
@with_appcontext
def seed_command(count: int, batch: int, rng_seed: int) -> None:
    """Fill an empty database with generated claims at every stage, for load tests; they are
    read-only (no workflow state behind them). Deploys the process first if needed."""
    from workflow.services import definitions, seed

    rt = runtime(current_app)
    with sessions(current_app).begin() as session:
        definitions.deploy(session, definitions.PROCESS_ID,
                           definitions.read_directory(BPMN_DIR), "seed", "seed", rt.clock())
    engine = current_app.extensions["butie.engine"]
    step = max(count // 10, batch)
    try:
        result = seed.seed(engine, count, rt.clock(), batch, rng_seed, progress=lambda done: (
            click.echo(f"  {done} claims", err=True) if done % step < batch else None))
    except seed.SeedError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"seeded {result.claims} claims of {result.applicants} applicants "
               f"({result.tasks} open tasks) in {result.seconds:.1f} s "
               f"({result.claims / result.seconds:,.0f} claims/s)")


@click.command("generate-data-key")
def generate_data_key_command() -> None:
    """Print a new random data key (base64) for BUTIE_DATA_KEY."""
    click.echo(generate_key())


@click.command("rekey")
@with_appcontext
def rekey_command() -> None:
    """Seal every encrypted value again under the current data key (after a rotation: the old
    key in BUTIE_DATA_KEYS_OLD, the new one in BUTIE_DATA_KEY); then the old key can go."""
    engine = current_app.extensions["butie.engine"]
    try:
        done = rekey(engine, progress=lambda column, count: click.echo(
            f"  {column}: {count} re-encrypted", err=True))
        done["uploads"] = files(current_app).reseal()
        click.echo(f"  uploads: {done['uploads']} re-encrypted", err=True)
    except DataKeyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"all values are under data key {keyring(current_app).current.key_id.hex()} "
               f"({sum(done.values())} value(s) rewritten); BUTIE_DATA_KEYS_OLD may be emptied")


commands = [audit_group, backup_command, restore_command, seed_command,
            generate_data_key_command, rekey_command]
