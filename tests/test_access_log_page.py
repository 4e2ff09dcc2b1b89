""""Who looked at our plan": the family and youths from 12 read the family's whole access log, a
professional only their own rows; newest first, filtered by person and period, 50 lines a page,
each in plain words; and reading it is itself logged."""
from __future__ import annotations

import re
from html import unescape
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from flask import url_for

from portal.audit.models import AccessLogEntry, AuditAction, AuditResult
from portal.audit.services import AuditEvent, record
from portal.extensions import db
from portal.parts.models import PlanPart
from tests.accounts import app_config, world  # noqa: F401  (pages in English)
from tests.conftest import form_fields, page_text
from tests.consents import consent_in_force


def url(app, endpoint: str, **values) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


def log_url(app, world, **filters) -> str:
    """The log with every line (`whose="guests"`, the page's first view, leaves the network's own out)."""
    return url(app, "audit.family_log", family_id=world.family.id, **{"whose": "everyone", **filters})


def lines(response) -> list[str]:
    """The text of each line of the log table, top to bottom."""
    html = response.get_data(as_text=True)
    rows = re.findall(r"<tr[^>]*>\s*<td.*?</tr>", html, flags=re.S)
    return [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", row))).strip() for row in rows]


def row_at(monkeypatch, when: datetime, **event) -> None:
    """An access-log row written at `when` (the log takes its time from the clock)."""
    monkeypatch.setattr("portal.audit.services.utcnow", lambda: when)
    record(db.session, AuditEvent(**event))
    monkeypatch.undo()
    db.session.commit()


@pytest.fixture()
def busy(app, auth, world):
    """The professional read the agreements under a permission; the family read the goal."""
    consent = consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    assert auth.login("professional").get(url(app, "agreements.index", family_id=world.family.id)).status_code == 200
    assert auth.login("family").get(url(app, "plans.goal", family_id=world.family.id)).status_code == 200
    return consent


def test_the_family_sees_every_row_in_plain_words_with_the_professional_easy_to_spot(app, auth, world, busy):
    response = auth.login("family").get(log_url(app, world))
    assert response.status_code == 200
    shown = lines(response)
    given = f"{busy.created_at.day} {busy.created_at:%B %Y}"
    professional_line = next(line for line in shown if "Wijkteam Test" in line)
    assert professional_line.endswith(f"Professional Wijkteam Test (professional) read the agreements, allowed by "
                                      f"the permission of {given}")
    family_line = next(line for line in shown if "Moeder Test" in line)
    assert "Professional" not in family_line and "read the goal and the family's own words" in family_line
    # Newest first: the family's read came after the professional's.
    assert shown.index(family_line) < shown.index(professional_line)


def test_first_the_family_sees_what_professionals_opened_with_its_own_reading_folded(app, auth, world, busy):
    family = auth.login("family")
    first = family.get(url(app, "audit.family_log", family_id=world.family.id))
    shown = lines(first)
    assert any("Wijkteam Test (professional) read the agreements" in line for line in shown)
    assert not any("Moeder Test" in line for line in shown)
    # Folded: the mother's one read of the goal (her reading of this page is written as it is shown).
    assert "One line of the family and the network itself is folded away" in page_text(first)
    assert 'whose=everyone' in first.get_data(as_text=True)
    everything = lines(family.get(log_url(app, world)))
    assert any("Moeder Test (family) read the goal" in line for line in everything)


def test_a_youth_from_12_sees_the_whole_log_too(app, auth, world, busy):
    text = page_text(auth.login("youth").get(log_url(app, world)))
    assert "Wijkteam Test (professional) read the agreements" in text
    assert "Moeder Test (family) read the goal" in text


@pytest.mark.parametrize("who, status", [("youth_under_12", 403), ("network", 403), ("mentor", 403),
                                         ("outsider", 404)])
def test_others_may_not_read_the_log(app, auth, world, busy, who, status):
    assert auth.login(who).get(log_url(app, world)).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(app, world):
    response = app.test_client().get(log_url(app, world))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_professional_sees_only_their_own_rows(app, auth, world, busy):
    response = auth.login("professional").get(log_url(app, world))
    assert response.status_code == 200
    text = page_text(response)
    assert "What you looked at in this family" in text
    assert "Wijkteam Test (professional) read the agreements" in text
    assert "Moeder Test" not in text
    assert 'name="person"' not in response.get_data(as_text=True)   # nobody else to filter on


def test_the_family_filters_by_person(app, auth, world, busy):
    pro_id = world.accounts["professional"].id
    client = auth.login("family")
    assert f'value="{pro_id}"' in client.get(log_url(app, world)).get_data(as_text=True)
    shown = lines(client.get(log_url(app, world, person=pro_id)))
    assert shown and all("Wijkteam Test" in line for line in shown)


def test_the_family_filters_by_period(app, auth, world, monkeypatch):
    family_id, user = world.family.id, world.accounts["network"]
    for day, part in ((date(2026, 3, 1), PlanPart.GOAL), (date(2026, 3, 10), PlanPart.LOG),
                      (date(2026, 3, 20), PlanPart.MEETINGS)):
        row_at(monkeypatch, datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc), action=AuditAction.READ,
               user_id=user.id, user_name=user.name, role="network", family_id=family_id, part=part.value)
    shown = " ".join(lines(auth.login("family").get(log_url(app, world, start="2026-03-05", end="2026-03-10"))))
    assert "read the log" in shown
    assert "read the goal" not in shown and "read the network meetings" not in shown


def test_bad_dates_keep_what_was_typed_with_a_message(app, auth, world, busy):
    response = auth.login("family").get(log_url(app, world, start="2026-13-45", end=""))
    assert response.status_code == 200
    assert "Not a valid date value." in page_text(response)
    assert form_fields(response, "start")["start"] == "2026-13-45"
    assert any("Wijkteam Test" in line for line in lines(response))   # nothing filtered away by the mistake

    backwards = auth.login("family").get(log_url(app, world, start="2026-03-10", end="2026-03-01"))
    assert "The last day comes before the first day." in page_text(backwards)


def test_fifty_lines_a_page(app, auth, world, monkeypatch):
    user = world.accounts["network"]
    start = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)
    for number in range(60):
        row_at(monkeypatch, start + timedelta(minutes=number), action=AuditAction.READ, user_id=user.id,
               user_name=user.name, role="network", family_id=world.family.id, part=PlanPart.LOG.value)
    client = auth.login("family")
    first = client.get(log_url(app, world))
    assert len(lines(first)) == 50 and "Older lines" in page_text(first)
    # The second page: the ten oldest (one more: the first page's own "looked at this log" moved them along).
    second = client.get(log_url(app, world, page=2))
    assert len(lines(second)) == 11 and "Newer lines" in page_text(second) and "Older lines" not in page_text(second)


def test_reading_the_log_is_logged_once(app, auth, world, busy):
    before = db.session.scalar(sa.select(sa.func.count(AccessLogEntry.id)))
    auth.login("youth").get(log_url(app, world))
    rows = list(db.session.scalars(sa.select(AccessLogEntry).order_by(AccessLogEntry.id).offset(before)))
    assert [(r.action, r.result, r.user_id, r.family_id) for r in rows] == [
        (AuditAction.VIEW_LOG, AuditResult.ALLOWED, world.accounts["youth"].id, world.family.id)]
    assert "Jongere Veertien (young person) looked at this access log" in page_text(
        auth.login("family").get(log_url(app, world)))


def test_refused_and_denied_attempts_are_marked(app, auth, world):
    auth.login("professional").get(url(app, "agreements.index", family_id=world.family.id))   # no permission: 404
    text = page_text(auth.login("family").get(log_url(app, world)))
    assert "Not allowed or not done Wijkteam Test (professional) tried to open the agreements, but may not" in text


def test_pages_outside_the_plan_s_parts_are_named_too(app, auth, world):
    family = auth.login("family")
    family.get(url(app, "consent.index", family_id=world.family.id))
    family.get(url(app, "plans.overview", family_id=world.family.id))
    text = page_text(family.get(log_url(app, world)))
    assert "Moeder Test (family) read who may see what" in text
    assert "Moeder Test (family) read the overview of the plan" in text
