"""Every read and change of plan content, every login, failed login and denied attempt writes
exactly one access-log row, with who, in which role, for whom, which family, part and result."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AccessLogEntry, AuditAction, AuditResult
from portal.audit.services import verify_chain
from portal.consent.models import ConsentLevel
from portal.consent.rules import AgeBands, required_grantors
from portal.consent.services import approve, create_consent
from portal.consent.grants import family_people
from portal.extensions import db
from portal.logbook.models import LogEntry
from portal.parts.models import PlanPart
from portal.tasks.models import TaskStatus
from tests.accounts import app_config, log_in, world  # noqa: F401
from tests.factories import PASSWORD, TaskFactory


def _rows() -> list[AccessLogEntry]:
    return list(db.session.scalars(sa.select(AccessLogEntry).order_by(AccessLogEntry.id)))


def _new_rows(before: int) -> list[AccessLogEntry]:
    db.session.expire_all()
    return _rows()[before:]


@pytest.fixture()
def open_task(world):
    task = TaskFactory(family=world.family, title="Boodschappen doen", status=TaskStatus.OPEN)
    db.session.commit()
    return task


def test_reading_a_part_writes_one_allowed_read_row(auth, world):
    client = auth.login("network")
    before = len(_rows())
    assert client.get(f"/families/{world.family.id}/tasks").status_code == 200
    [row] = _new_rows(before)
    assert (row.action, row.result, row.role, row.part) == (AuditAction.READ, AuditResult.ALLOWED, "network",
                                                             "agreements")
    assert row.user_id == world.accounts["network"].id and row.family_id == world.family.id
    assert row.consent_id is None


def test_a_change_writes_one_row_in_its_own_transaction(auth, world, open_task):
    client = auth.login("network")
    before = len(_rows())
    response = client.post(f"/tasks/{open_task.id}/accept", data={})
    assert response.status_code == 303
    [row] = _new_rows(before)
    assert (row.action, row.result, row.part) == (AuditAction.UPDATE, AuditResult.ALLOWED, "agreements")
    assert f"task_id={open_task.id}" in row.subject
    db.session.refresh(open_task)
    assert open_task.status == TaskStatus.ACCEPTED


def test_a_refused_change_writes_one_refused_row_and_changes_nothing(auth, world, open_task):
    auth.login("mentor").post(f"/tasks/{open_task.id}/accept", data={})
    client = auth.login("network")
    before = len(_rows())
    client.post(f"/tasks/{open_task.id}/accept", data={})
    [row] = _new_rows(before)
    assert (row.action, row.result) == (AuditAction.UPDATE, AuditResult.REFUSED)
    db.session.refresh(open_task)
    assert open_task.assignee_id == world.people["mentor"].id


def test_recording_for_someone_without_an_account_says_on_whose_behalf(auth, world, open_task):
    client = auth.login("family")
    before = len(_rows())
    client.post(f"/tasks/{open_task.id}/accept", data={"person_id": str(world.people["no_account"].id)})
    [row] = _new_rows(before)
    assert row.on_behalf_of == world.people["no_account"].name
    assert row.result == AuditResult.ALLOWED


# Someone outside the family is logged for the operators, not in the family's log:
# see tests/test_audit_failures.py.
@pytest.mark.parametrize("role, path", [
    ("professional", "/families/{family}/tasks"),      # a member, without consent
    ("youth", "/families/{family}/plan/concerns"),     # a member whose role does not read this part
])
def test_a_denied_attempt_writes_one_denied_row(auth, world, role, path):
    client = auth.login(role)
    before = len(_rows())
    assert client.get(path.format(family=world.family.id)).status_code == 404
    [row] = _new_rows(before)
    assert (row.action, row.result) == (AuditAction.READ, AuditResult.DENIED)
    assert row.family_id == world.family.id and row.user_id == world.accounts[role].id


def test_a_view_that_refuses_on_its_own_logs_a_denied_attempt(auth, world):
    """The log's author rule lives in the view's loader (403), not in the decorators: still denied."""
    entry = LogEntry(family_id=world.family.id, author_id=world.people["network"].id, text="Opa's bericht.")
    db.session.add(entry)
    db.session.commit()
    client = auth.login("mentor")
    before = len(_rows())
    assert client.post(f"/families/{world.family.id}/log/{entry.id}/remove", data={}).status_code == 403
    [row] = _new_rows(before)
    assert (row.action, row.result, row.role) == (AuditAction.DELETE, AuditResult.DENIED, "mentor")


def test_a_professionals_read_names_the_consent_that_allowed_it(auth, world):
    pro = world.people["professional"]
    consent = create_consent(world.family.id, pro, {PlanPart.AGREEMENTS}, ConsentLevel.READ,
                             date.today() - timedelta(days=1), date.today() + timedelta(days=30), "",
                             world.accounts["family"])
    for grantor in required_grantors(family_people(world.family.id), date.today(), AgeBands()):
        approve(consent, grantor, date.today())
    db.session.commit()
    client = auth.login("professional")
    before = len(_rows())
    assert client.get(f"/families/{world.family.id}/tasks").status_code == 200
    [row] = _new_rows(before)
    assert (row.role, row.result, row.consent_id) == ("professional", AuditResult.ALLOWED, consent.id)


def test_logins_and_failed_logins_are_logged(client, world):
    user = world.accounts["network"]
    before = len(_rows())
    log_in(client, user, password="not the password")
    log_in(client, user, password=PASSWORD)
    failed, succeeded = _new_rows(before)
    assert (failed.action, failed.result, failed.user_id) == (AuditAction.LOGIN_FAILED, AuditResult.DENIED, user.id)
    assert (succeeded.action, succeeded.result, succeeded.user_id) == (AuditAction.LOGIN, AuditResult.ALLOWED,
                                                                         user.id)


def test_a_failed_login_for_an_unknown_address_keeps_what_was_typed(client, world):
    before = len(_rows())
    client.post("/login", data={"email": "Niemand@Example.org", "password": "whatever it is"})
    [row] = _new_rows(before)
    assert (row.user_id, row.user_name, row.action) == (None, "niemand@example.org", AuditAction.LOGIN_FAILED)


def test_many_actions_keep_one_intact_chain(auth, world, open_task):
    client = auth.login("family")
    for path in ("/tasks", "/plan", "/plan/concerns", "/people"):
        client.get(f"/families/{world.family.id}{path}")
    client.post(f"/tasks/{open_task.id}/accept", data={})
    report = verify_chain(db.session)
    assert report.intact and report.checked == len(_rows()) >= 5
