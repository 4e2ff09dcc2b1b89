"""Calendar feeds: parsed with `icalendar`; Europe/Amsterdam times right on both sides of the clock
changes; a stopped address answers 404; a feed shows only what its owner may see."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from portal.extensions import db, utcnow
from portal.meetings.models import Meeting, MeetingInvitation, Reply
from portal.notifications.feeds import new_feed
from portal.parts.models import Visibility
from portal.agreements.models import Agreement
from portal.tasks.models import Rhythm, TaskStatus
from tests.factories import TaskFactory

# Monday 19 October 2026: summer time; the clocks go back on Sunday 25 October and forward on
# Sunday 28 March 2027.
MONDAY_IN_SUMMER_TIME = date(2026, 10, 19)


def feed_of(client, token: str) -> Calendar:
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.data)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_a_weekly_task_stays_on_its_day_across_both_clock_changes(app, client, world):
    opa = world.people["network"]
    TaskFactory(family=world.family, title="Hond uitlaten", status=TaskStatus.ACCEPTED, assignee=opa,
                rhythm=Rhythm.WEEKLY, due_date=MONDAY_IN_SUMMER_TIME)
    token = new_feed(opa, whole_plan=False)
    db.session.commit()

    event = events(feed_of(client, token))["Hond uitlaten"]

    start = event.decoded("dtstart")
    assert start == MONDAY_IN_SUMMER_TIME and not isinstance(start, datetime), "a day, not a moment"
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=datetime.combine(start, time(0)))
    days = [d.date() for d in rule.between(datetime(2026, 10, 1), datetime(2027, 4, 10))]
    assert date(2026, 10, 26) in days and date(2027, 3, 29) in days   # right after each change
    assert all(d.weekday() == 0 for d in days) and len(days) == 25
    assert all(b - a == timedelta(days=7) for a, b in zip(days, days[1:]))


def test_meeting_times_are_amsterdam_times_with_their_time_zone(app, client, world):
    opa = world.people["network"]
    for title, day in (("Voor de wisseling", date(2026, 10, 20)), ("Na de wisseling", date(2026, 10, 27)),
                       ("In maart", date(2027, 3, 30))):
        meeting = Meeting(family_id=world.family.id, title=title, meeting_date=day, start_time=time(19, 30))
        meeting.invitations.append(MeetingInvitation(person_id=opa.id))
        db.session.add(meeting)
    token = new_feed(opa, whole_plan=False)
    db.session.commit()

    calendar = feed_of(client, token)
    found = events(calendar)
    [zone] = calendar.walk("VTIMEZONE")
    amsterdam = zone.to_tz()   # the time zone as the feed itself describes it
    utc_starts = {}
    for title, event in found.items():
        assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
        local = event.decoded("dtstart").replace(tzinfo=None)
        assert local.time() == time(19, 30)
        utc_starts[title] = local.replace(tzinfo=amsterdam).astimezone(timezone.utc).time()
    assert utc_starts == {"Voor de wisseling": time(17, 30), "Na de wisseling": time(18, 30),
                          "In maart": time(17, 30)}


def test_a_stopped_or_renewed_address_answers_404(app, auth, world):
    client = auth.login("network")
    family_id = world.family.id
    client.post(f"/families/{family_id}/calendar/mine")
    page = client.get("/account").get_data(as_text=True)
    first = re.search(r"/calendar/([A-Za-z0-9_\-]+)\.ics", page).group(1)
    assert client.get(f"/calendar/{first}.ics").status_code == 200
    assert ".ics" not in client.get("/account").get_data(as_text=True), "the address is shown once"

    client.post(f"/families/{family_id}/calendar/mine")
    second = re.search(r"/calendar/([A-Za-z0-9_\-]+)\.ics", client.get("/account").get_data(as_text=True)).group(1)
    assert second != first and client.get(f"/calendar/{second}.ics").status_code == 200
    assert client.get(f"/calendar/{first}.ics").status_code == 404, "a new address stops the old one"

    token = new_feed(world.people["network"], whole_plan=False)
    db.session.commit()
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    client.post(f"/families/{family_id}/calendar/mine/stop")
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    assert client.get("/calendar/made-up.ics").status_code == 404


def test_a_feed_shows_only_what_its_owner_may_see(app, client, world):
    opa, aunt, family = world.people["network"], world.people["no_account"], world.people["family"]
    narrowed = Agreement(family_id=world.family.id, title="Alleen gezin", visibility=Visibility.FAMILY_AND_MENTOR)
    db.session.add(narrowed)
    db.session.flush()
    TaskFactory(family=world.family, title="Van opa", status=TaskStatus.ACCEPTED, assignee=opa, due_date=date(2026, 12, 9))
    TaskFactory(family=world.family, title="Van tante", status=TaskStatus.ACCEPTED, assignee=aunt,
                due_date=date(2026, 12, 9))
    TaskFactory(family=world.family, title="Open", status=TaskStatus.OPEN, due_date=date(2026, 12, 10))
    TaskFactory(family=world.family, title="Geheim", status=TaskStatus.OPEN, due_date=date(2026, 12, 10),
                agreement_id=narrowed.id)
    invited = Meeting(family_id=world.family.id, title="Opa komt", meeting_date=date(2026, 12, 12))
    invited.invitations.append(MeetingInvitation(person_id=opa.id))
    not_coming = Meeting(family_id=world.family.id, title="Opa kan niet", meeting_date=date(2026, 12, 13))
    not_coming.invitations.append(MeetingInvitation(person_id=opa.id, reply=Reply.NOT_COMING))
    family_only = Meeting(family_id=world.family.id, title="Alleen gezin overleg", meeting_date=date(2026, 12, 14),
                          visibility=Visibility.FAMILY_AND_MENTOR)
    db.session.add_all([invited, not_coming, family_only])
    mine = new_feed(opa, whole_plan=False)
    plan = new_feed(family, whole_plan=True)
    other_family = new_feed(world.people["outsider"], whole_plan=False)
    db.session.commit()

    assert set(events(feed_of(client, mine))) == {"Van opa", "Opa komt"}
    assert set(events(feed_of(client, plan))) == {"Van opa", "Van tante", "Open", "Geheim", "Opa komt",
                                                  "Opa kan niet", "Alleen gezin overleg"}
    assert events(feed_of(client, other_family)) == {}


def test_a_feed_stops_when_its_owner_leaves_or_loses_the_right(app, client, world):
    opa, mentor = world.people["network"], world.people["mentor"]
    mine = new_feed(opa, whole_plan=False)
    plan = new_feed(mentor, whole_plan=True)
    db.session.commit()
    assert client.get(f"/calendar/{plan}.ics").status_code == 200

    opa.left_at = utcnow()
    mentor.role = world.people["network"].role   # no longer the mentor: no whole-plan feed
    db.session.commit()

    assert client.get(f"/calendar/{mine}.ics").status_code == 404
    assert client.get(f"/calendar/{plan}.ics").status_code == 404


def test_only_the_hash_of_the_address_is_kept(app, world):
    from portal.notifications.models import CalendarFeed

    token = new_feed(world.people["network"], whole_plan=False)
    db.session.commit()
    [feed] = db.session.query(CalendarFeed).all()
    assert token not in feed.token_hash and len(feed.token_hash) == 64


def test_a_professional_has_no_calendar_of_the_plan(app, client, world):
    """Professionals are guests who see only what consent allows: Kring gives them no feed at all."""
    token = new_feed(world.people["professional"], whole_plan=False)
    db.session.commit()
    assert client.get(f"/calendar/{token}.ics").status_code == 404
