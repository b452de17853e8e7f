"""The `butie` command: init, deploy, migrate-claims, create-user, tick, worker, audit, demo, serve
(and Flask's own)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from web import create_app, messaging
from web.db import keyring, runtime, sessions
from workflow.persistence.crypto import DataKeyError
from workflow.persistence.migrate import upgrade
from workflow.services import definitions, demo, exports, payments, timers, users

BPMN_DIR = Path(__file__).resolve().parents[1] / "bpmn"


def _app(**_: Any) -> Any:
    app = create_app()
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # a command's pooled connections close with it, not at collection
        ctx.call_on_close(app.extensions["butie.engine"].dispose)
    return app


def _schema_missing(exc: DBAPIError) -> bool:
    """The database exists but `butie init` never ran on it (SQLite: no such table;
    PostgreSQL: undefined_table, SQLSTATE 42P01)."""
    return "no such table" in str(exc.orig) or getattr(exc.orig, "sqlstate", None) == "42P01"


class ButieGroup(FlaskGroup):
    """Flask's command group, telling an operator what to do where a traceback would say it
    less clearly: a database not initialised yet, a data key that does not fit."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DBAPIError as exc:
            if not _schema_missing(exc):
                raise
            url = make_url(ctx.ensure_object(ScriptInfo).load_app().config["DATABASE_URL"])
            raise click.ClickException(  # repr() of the URL hides a password
                f"the database has no butie tables yet: run `butie init` first ({url!r})"
            ) from exc
        except DataKeyError as exc:
            raise click.ClickException(f"data key: {exc}") from exc


@click.group(cls=ButieGroup, create_app=_app, add_default_commands=True,
             set_debug_flag=False, load_dotenv=False)
def cli() -> None:
    """butie: vocational-training subsidy claims."""


@cli.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    upgrade(current_app.config["DATABASE_URL"], keyring(current_app))
    click.echo("database is at the newest schema")


@cli.command("deploy")
@click.option("--dir", "directory", type=click.Path(exists=True, file_okay=False,
                                                    path_type=Path), default=BPMN_DIR)
@click.option("--note", default="deployed from the command line")
@click.option("--author", default="cli")
@with_appcontext
def deploy_command(directory: Path, note: str, author: str) -> None:
    """Deploy the process and decision files of a directory as a new version."""
    from workflow.engine.definitions import DefinitionError

    rt = runtime(current_app)
    with sessions(current_app).begin() as session:
        try:
            row, created = definitions.deploy(session, definitions.PROCESS_ID,
                                              definitions.read_directory(directory), author,
                                              note, rt.clock())
        except DefinitionError as exc:
            raise click.ClickException(f"not deployed: {exc}") from exc
        click.echo(f"{row.process_id} version {row.version} "
                   f"({'new' if created else 'unchanged'}, sha256 {row.content_hash[:12]})")


@cli.command("migrate-claims")
@click.option("--to", "target", type=int, default=None, help="version number (default newest)")
@click.option("--dry-run", is_flag=True, help="only say which claims could move")
@with_appcontext
def migrate_claims_command(target: int | None, dry_run: bool) -> None:
    """Move running claims to a newer process version (those that can move safely)."""
    from workflow.domain.access import Actor, Role
    from workflow.services import migrations

    rt = runtime(current_app)
    with sessions(current_app).begin() as session:
        target_id = None
        if target is not None:
            found = [v for v in definitions.versions(session) if v.version == target]
            if not found:
                raise click.ClickException(f"no version {target}")
            target_id = found[0].id
        plan = migrations.dry_run(session, rt, target_id) if dry_run else migrations.migrate(
            session, rt, Actor(None, Role.ADMIN, name="cli"),
            target_id or definitions.current(session).id, rt.clock())
        for version, at, count, safe in plan.groups():
            click.echo(f"version {version} at {at}: {count} claims, {safe} can move")
        for move in plan.unsafe:
            click.echo(f"stays: {move.reference} (version {move.from_version}): "
                       f"{'; '.join(move.reasons)}")
        click.echo(f"{plan.moved_count if not dry_run else plan.safe_count} claims "
                   f"{'moved' if not dry_run else 'can move'} to version {plan.target_version}")


@cli.command("create-user")
@click.argument("username")
@click.option("--role", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--scope", default=None, help="township or department code for reviewers")
@click.option("--id-number", default=None)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_user_command(username: str, role: str, full_name: str, scope: str | None,
                        id_number: str | None, password: str) -> None:
    """Create an account."""
    from workflow.services.errors import InvalidInputError

    with sessions(current_app).begin() as session:
        try:
            user = users.create_user(session, username, password, role, full_name,
                                     runtime(current_app).clock(), scope=scope,
                                     id_number=id_number, assigned=True)
        except InvalidInputError as exc:
            raise click.ClickException(
                "; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from exc
        click.echo(f"created {user.username} ({user.role})")


@cli.command("tick")
@with_appcontext
def tick_command() -> None:
    """Fire every timer that is due now, apply recorded bank results, build exports and send
    the SMS outbox, once."""
    fired = timers.fire_due(sessions(current_app), runtime(current_app))
    click.echo(f"fired {len(fired)} timer(s)" + (": " + ", ".join(fired) if fired else ""))
    applied = payments.apply_results(sessions(current_app), runtime(current_app))
    if applied:
        click.echo(f"applied {applied} bank result(s)")
    built = exports.run_pending(sessions(current_app), runtime(current_app).clock)
    if built:
        click.echo(f"built {len(built)} export(s)")
    texts = messaging.send_round(current_app)
    if texts:
        click.echo(f"SMS: {len(texts.sent)} sent, {len(texts.retried)} to retry, "
                   f"{len(texts.failed)} failed, {texts.expired} expired, {texts.off} off")


@cli.command("worker")
@click.option("--interval", default=5.0, help="seconds between ticks when idle")
@click.option("--batch", default=200, help="timers or bank results taken per transaction")
@with_appcontext
def worker_command(interval: float, batch: int) -> None:
    """Fire due timers, apply bank results, build exports and send the SMS outbox forever
    (several workers may run at once: each takes `batch` rows the others have not locked)."""
    factory, rt = sessions(current_app), runtime(current_app)
    while True:
        fired = timers.fire_due(factory, rt, limit=batch)
        applied = payments.apply_results(factory, rt, limit=batch)
        built = exports.run_pending(factory, rt.clock, limit=1)
        texts = messaging.send_round(current_app, limit=min(batch, 50))
        if fired or applied or built or texts:
            click.echo(f"fired {len(fired)} timer(s), applied {applied} bank result(s), "
                       f"built {len(built)} export(s), sent {len(texts.sent)} SMS")
        else:
            time.sleep(interval)


@cli.command("quote")
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@with_appcontext
def quote_command(source: Any) -> None:
    """Evaluate a claim (JSON on stdin or in a file) under the policy, without filing it."""
    import json

    from marshmallow import ValidationError

    from web.api.schemas import QuoteInputSchema
    from workflow.services import quotes
    from workflow.services.pack_versions import county_date

    try:
        data = QuoteInputSchema().load(json.load(source))
    except (ValueError, ValidationError) as exc:
        raise click.ClickException(f"not a valid quote request: {exc}") from exc
    with sessions(current_app)() as session:
        answer = quotes.quote_for(session, today=county_date(runtime(current_app).clock()), **data)
    click.echo(json.dumps(answer.as_data(), ensure_ascii=False, indent=2, default=str))


@cli.command("demo")
@with_appcontext
def demo_command() -> None:
    """Migrate, deploy bpmn/, and create demo users and claims; prints the logins."""
    upgrade(current_app.config["DATABASE_URL"], keyring(current_app))
    rt = runtime(current_app)
    with sessions(current_app).begin() as session:
        definitions.deploy(session, definitions.PROCESS_ID,
                           definitions.read_directory(BPMN_DIR), "demo", "demo", rt.clock())
    rows, notes = demo.seed(sessions(current_app), rt)
    click.echo("demo users (username / role / password):")
    for username, role, password in rows:
        click.echo(f"  {username:<10} {role:<20} {password}")
    for note in notes:
        click.echo(f"note: {note}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000)
def serve_command(host: str, port: int) -> None:
    """Run the development server with a timer ticker thread."""
    from werkzeug.serving import run_simple

    run_simple(host, port, create_app({"TICKER": True}), threaded=True, use_reloader=False)


from web.maintenance import commands as _maintenance  # noqa: E402 - needs `cli` defined above

for _command in _maintenance:
    cli.add_command(_command)
