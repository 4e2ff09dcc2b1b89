"""Who may open which page: every route of the app, for every role, in one table.

`ACCESS` has one entry per endpoint of `app.url_map` (static files aside), and in it one line per
method (GET, and POST where the route takes it) that says, for each role, what must happen:

- `ok`: the page is served (200) or the action redirects somewhere other than the login page;
- `login`: an anonymous visitor is sent to the login page;
- `hidden`: 404, because the user may not know the thing exists (another family; plan content
  for those who may not read it);
- `forbidden`: 403, because the user sees the thing but may not do this with it.

Every role must be named exactly once per line; the groups `members` (every role in the world's
family), `youths` and `everyone` save typing. A route without an entry, a method without a line,
or an entry for a route that no longer exists makes `test_every_route_has_an_entry` fail: so a
later issue that adds a route adds its entry here, and, when its URL names a new kind of thing,
teaches `URL_VALUES` (and, if needed, `Scene`) how to fill it in.

A POST sends an empty form with a valid CSRF token: the question here is who gets in, not whether
the form is filled in well (the feature tests check that).
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import cached_property
from typing import Callable
from urllib.parse import urlsplit

import pytest
from flask import url_for

from portal.extensions import db
from portal.invitations.services import invite
from portal.meetings.models import Meeting, MeetingInvitation
from portal.tasks.models import TaskStatus
from tests.factories import ROLE_NAMES, TaskFactory, World

OK, LOGIN, HIDDEN, FORBIDDEN = "ok", "login", "hidden (404)", "forbidden (403)"
ROLES = ("anonymous", *ROLE_NAMES)
GROUPS = {
    "youths": ("youth", "youth_under_12", "youth_16"),
    "members": tuple(r for r in ROLE_NAMES if r != "outsider"),
    "everyone": ROLES,
}


def _expand(names: str) -> list[str]:
    expanded: list[str] = []
    for name in names.split():
        expanded += GROUPS.get(name, (name,))
    return expanded


def when(*, ok: str = "", login: str = "", hidden: str = "", forbidden: str = "") -> dict[str, str]:
    """Expected outcome per role; every role must be named exactly once."""
    expected: dict[str, str] = {}
    for outcome, names in ((OK, ok), (LOGIN, login), (HIDDEN, hidden), (FORBIDDEN, forbidden)):
        for role in _expand(names):
            assert role in ROLES, f"unknown role {role!r} in the access table"
            assert role not in expected, f"role {role!r} named twice in one line of the access table"
            expected[role] = outcome
    missing = [r for r in ROLES if r not in expected]
    assert not missing, f"roles missing from a line of the access table: {missing}"
    return expected


# Pages anyone may open, logged in or not.
PUBLIC = when(ok="everyone")
# Pages for any logged-in user, whatever their families.
ACCOUNT = when(login="anonymous", ok="members outsider")
# Managing the family's network: the family and the mentor.
KEEPERS_ONLY = when(login="anonymous", ok="family mentor", forbidden="network youths professional",
                    hidden="outsider")
# One task of the family, open for anyone in the network (a youth sees only their own tasks).
TASK_READERS = when(login="anonymous", ok="family mentor network", hidden="youths professional outsider")
# Meetings: read by the network and the youths; prepared by the family and the mentor.
MEETING_READERS = when(login="anonymous", ok="family mentor network youths", hidden="professional outsider")
MEETING_KEEPERS = when(login="anonymous", ok="family mentor", forbidden="network youths",
                       hidden="professional outsider")

ACCESS: dict[str, dict[str, dict[str, str]]] = {
    "main.index": {"GET": PUBLIC},
    "main.language": {"POST": PUBLIC},
    "auth.register": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.login": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.logout": {"POST": ACCOUNT},
    "families.new": {"GET": ACCOUNT, "POST": ACCOUNT},
    "families.home": {
        "GET": when(login="anonymous", ok="members", hidden="outsider"),
    },
    "families.people": {
        "GET": when(login="anonymous", ok="family mentor network youths", hidden="professional outsider"),
    },
    "families.add": {"GET": KEEPERS_ONLY, "POST": KEEPERS_ONLY},
    "invitations.new": {"GET": KEEPERS_ONLY, "POST": KEEPERS_ONLY},
    "invitations.show": {"GET": KEEPERS_ONLY},
    # The link itself is the key: whoever holds it may open it.
    "invitations.join": {"GET": PUBLIC, "POST": PUBLIC},
    "tasks.plan": {
        "GET": when(login="anonymous", ok="family mentor network", hidden="youths professional outsider"),
    },
    "tasks.commitments": {
        "GET": when(login="anonymous", ok="family mentor", hidden="network youths professional outsider"),
    },
    "tasks.mine": {
        "GET": when(login="anonymous", ok="family mentor network youths", forbidden="professional",
                    hidden="outsider"),
    },
    "tasks.new": {"GET": KEEPERS_ONLY, "POST": KEEPERS_ONLY},
    "tasks.detail": {"GET": TASK_READERS},
    "tasks.edit": {
        "GET": when(login="anonymous", ok="family mentor", forbidden="network",
                    hidden="youths professional outsider"),
        "POST": when(login="anonymous", ok="family mentor", forbidden="network",
                     hidden="youths professional outsider"),
    },
    "tasks.accept": {"POST": TASK_READERS},
    "tasks.decline": {"POST": TASK_READERS},
    "tasks.done": {"POST": TASK_READERS},
    "tasks.release": {"POST": TASK_READERS},
    "meetings.index": {"GET": MEETING_READERS},
    "meetings.show": {"GET": MEETING_READERS},
    "meetings.agenda": {"GET": MEETING_READERS},
    "meetings.new": {"GET": MEETING_KEEPERS, "POST": MEETING_KEEPERS},
    "meetings.edit": {"GET": MEETING_KEEPERS, "POST": MEETING_KEEPERS},
    "meetings.invite_people": {"GET": MEETING_KEEPERS, "POST": MEETING_KEEPERS},
    "meetings.withdraw_invitation": {"POST": MEETING_KEEPERS},
    "meetings.notes": {"GET": MEETING_KEEPERS, "POST": MEETING_KEEPERS},
    "meetings.add_agreement": {"GET": MEETING_KEEPERS, "POST": MEETING_KEEPERS},
    # The URL names the person without an account: only the family and the mentor note their answer.
    # (Everyone invited answers for themselves: see tests/test_meetings.py.)
    "meetings.reply": {"POST": MEETING_KEEPERS},
    "review.index": {
        "GET": when(login="anonymous", ok="family mentor", hidden="network youths professional outsider"),
    },
}


class Scene:
    """The world, plus one thing of each kind a URL can name, made when a URL first needs it."""

    def __init__(self, world: World):
        self.world = world

    @cached_property
    def task(self):
        """A task of the world's family, open for anyone in its network."""
        return TaskFactory(family=self.world.family, title="Boodschappen doen", status=TaskStatus.OPEN)

    @cached_property
    def invitation(self):
        """A fresh link invitation for the person without an account; (invitation, token)."""
        outcome = invite(self.world.people["no_account"], self.world.accounts["family"],
                         email=None, send_mail=False)
        return outcome.invitation, outcome.token

    @cached_property
    def meeting(self):
        """A coming meeting of the world's family for the whole network; the person without an
        account is invited."""
        meeting = Meeting(family_id=self.world.family.id, title="Netwerkberaad",
                          meeting_date=date.today() + timedelta(days=14))
        meeting.invitations.append(MeetingInvitation(person_id=self.world.people["no_account"].id))
        db.session.add(meeting)
        db.session.flush()
        return meeting


# How to fill in each URL parameter. A route whose URL names something new teaches it here.
URL_VALUES: dict[str, Callable[[Scene], object]] = {
    "family_id": lambda scene: scene.world.family.id,
    "person_id": lambda scene: scene.world.people["no_account"].id,
    "task_id": lambda scene: scene.task.id,
    "invitation_id": lambda scene: scene.invitation[0].id,
    "token": lambda scene: scene.invitation[1],
    "meeting_id": lambda scene: scene.meeting.id,
}

CHECKED_METHODS = ("GET", "POST")


def _cases():
    for endpoint, methods in ACCESS.items():
        for method, expected in methods.items():
            for role in ROLES:
                yield pytest.param(endpoint, method, role, expected[role], id=f"{endpoint}-{method}-{role}")


def test_every_route_has_an_entry(app):
    """New routes join the table: a route without an entry (or a stale entry) fails here."""
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        routes.setdefault(rule.endpoint, set()).update(m for m in rule.methods if m in CHECKED_METHODS)
        unknown = [arg for arg in rule.arguments if arg not in URL_VALUES]
        assert not unknown, f"{rule.rule}: teach URL_VALUES how to fill in {unknown}"
    missing = sorted(set(routes) - set(ACCESS))
    assert not missing, f"routes without an entry in ACCESS: {missing}"
    stale = sorted(set(ACCESS) - set(routes))
    assert not stale, f"entries in ACCESS for routes that no longer exist: {stale}"
    for endpoint, methods in routes.items():
        assert set(ACCESS[endpoint]) == methods, (
            f"{endpoint}: the table covers {sorted(ACCESS[endpoint])}, the route takes {sorted(methods)}")


def _outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        target = urlsplit(response.headers["Location"]).path
        return LOGIN if target == url_for("auth.login") else OK
    return {200: OK, 403: FORBIDDEN, 404: HIDDEN}.get(response.status_code, f"status {response.status_code}")


@pytest.mark.parametrize("endpoint, method, role, expected", list(_cases()))
def test_access(app, auth, world, endpoint, method, role, expected):
    scene = Scene(world)
    rule = next(r for r in app.url_map.iter_rules(endpoint=endpoint))
    with app.test_request_context():
        url = url_for(endpoint, **{arg: URL_VALUES[arg](scene) for arg in rule.arguments})
    db.session.commit()
    client = app.test_client() if role == "anonymous" else auth.login(role)

    response = client.get(url) if method == "GET" else client.post(url, data={})

    with app.test_request_context():
        assert _outcome(response) == expected, (
            f"{method} {url} as {role}: got {response.status_code} {response.headers.get('Location', '')}")


def test_a_member_of_one_family_reaches_nothing_of_another(app, auth, world):
    """The other direction of the `outsider` column: the world's family in the other family's URLs."""
    other_task = TaskFactory(family=world.other_family, status=TaskStatus.OPEN)
    outsider_person = world.people["outsider"]
    db.session.commit()
    client = auth.login("family")
    with app.test_request_context():
        urls = [url_for("families.home", family_id=world.other_family.id),
                url_for("families.people", family_id=world.other_family.id),
                url_for("tasks.plan", family_id=world.other_family.id),
                url_for("tasks.detail", task_id=other_task.id),
                url_for("tasks.edit", task_id=other_task.id),
                url_for("invitations.new", family_id=world.other_family.id, person_id=outsider_person.id)]
        posts = [url_for("tasks.accept", task_id=other_task.id),
                 url_for("families.add", family_id=world.other_family.id)]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, data={"title": "x", "name": "x"}).status_code == 404, url
    # And a person of another family cannot be named in one's own family's URLs either.
    with app.test_request_context():
        own_family_other_person = url_for("invitations.new", family_id=world.family.id,
                                          person_id=outsider_person.id)
    assert client.get(own_family_other_person).status_code == 404
    db.session.refresh(other_task)
    assert other_task.status == TaskStatus.OPEN and other_task.assignee_id is None
