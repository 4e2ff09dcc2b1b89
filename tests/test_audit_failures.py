"""The access log on the edges: a request that fails on our side still gets its one row (written
in a transaction of its own, after the request's own was rolled back), and an attempt by someone
outside a family is kept for the operators, not shown in that family's log."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import portal.logbook.routes
import portal.tasks.routes
from portal.audit.models import AccessLogEntry, AuditAction, AuditResult
from portal.audit.services import verify_chain
from portal.extensions import db
from portal.logbook.models import LogEntry
from portal.logbook.services import write_entry
from tests.conftest import page_text
from tests.factories import TaskFactory


@pytest.fixture()
def app_config() -> dict:
    return {"PROPAGATE_EXCEPTIONS": False, "BABEL_DEFAULT_LOCALE": "en"}


def _rows() -> list[AccessLogEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AccessLogEntry).order_by(AccessLogEntry.id)))


def _broken(*args, **kwargs):
    raise RuntimeError("a bug in the view")


def test_a_read_that_fails_leaves_one_error_row(auth, world, monkeypatch):
    client = auth.login("family")
    monkeypatch.setattr(portal.logbook.routes, "log_page", _broken)
    before = len(_rows())
    assert client.get(f"/families/{world.family.id}/log").status_code == 500
    [row] = _rows()[before:]
    assert (row.action, row.result) == (AuditAction.READ, AuditResult.ERROR)
    assert row.family_id == world.family.id and row.user_id == world.accounts["family"].id
    assert verify_chain(db.session).intact


def test_a_change_that_fails_is_undone_and_still_logged(auth, world, monkeypatch):
    def write_then_break(*args, **kwargs):
        write_entry(*args, **kwargs)
        raise RuntimeError("a bug after the write")

    client = auth.login("family")
    monkeypatch.setattr(portal.logbook.routes, "write_entry", write_then_break)
    before = len(_rows())
    response = client.post(f"/families/{world.family.id}/log", data={"text": "Noor was vrolijk", "visibility": "network"})
    assert response.status_code == 500
    [row] = _rows()[before:]
    assert (row.action, row.result) == (AuditAction.CREATE, AuditResult.ERROR)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LogEntry)) == 0
    assert verify_chain(db.session).intact


def test_a_commit_that_fails_takes_its_row_along_and_a_new_one_is_written(auth, world, monkeypatch):
    """The row rides on the request's commit; when that commit fails, the row is gone with it."""
    def write_a_broken_entry(author, text, visibility):
        db.session.add(LogEntry(family_id=author.family_id, author_id=2**31 - 1, text=text, visibility=visibility))

    client = auth.login("family")
    monkeypatch.setattr(portal.logbook.routes, "write_entry", write_a_broken_entry)
    before = len(_rows())
    response = client.post(f"/families/{world.family.id}/log", data={"text": "Noor was vrolijk", "visibility": "network"})
    assert response.status_code == 500
    [row] = _rows()[before:]
    assert row.result == AuditResult.ERROR
    assert verify_chain(db.session).intact


def test_the_audit_command_finds_the_chain_intact_after_errors(app, auth, world, monkeypatch):
    monkeypatch.setattr(portal.tasks.routes, "plan_overview", _broken)
    client = auth.login("family")
    for _ in range(2):
        assert client.get(f"/families/{world.family.id}/tasks").status_code == 500
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", ["/families/{family}/tasks", "/families/{family}/plan/concerns",
                                  "/tasks/{task}", "/families/{family}/access-log"])
def test_an_outsiders_attempt_is_kept_for_the_operators_not_shown_to_the_family(app, auth, world, path):
    task = TaskFactory(family=world.family)
    db.session.commit()
    outsider = world.accounts["outsider"]
    before = len(_rows())
    assert auth.login("outsider").get(path.format(family=world.family.id, task=task.id)).status_code == 404
    [row] = _rows()[before:]
    assert row.result == AuditResult.DENIED and row.user_id == outsider.id
    assert row.family_id is None                                  # in no family's log
    assert str(world.family.id) in row.subject or str(task.id) in row.subject   # operators see where
    shown = page_text(auth.login("family").get(f"/families/{world.family.id}/access-log"))
    assert outsider.name not in shown


def test_a_members_denied_attempt_stays_in_their_familys_log(app, auth, world):
    before = len(_rows())
    assert auth.login("youth").get(f"/families/{world.family.id}/plan/concerns").status_code == 404
    [row] = _rows()[before:]
    assert row.result == AuditResult.DENIED and row.family_id == world.family.id
