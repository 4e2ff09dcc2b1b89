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
the form is filled in well (the feature tests check that). The roles for whom a request changes
nothing (every GET, and a POST that is turned away) take turns in one test, whose failure lists
each role that got the wrong answer; each role whose POST gets in has a test and a world of its own.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import cached_property
from typing import Callable
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import url_for

from portal.agreements.models import Agreement
from portal.auth.twofactor import enable_two_factor, new_secret
from portal.consent.models import ConsentLevel
from portal.consent.services import create_consent
from portal.conditions.models import Condition
from portal.extensions import db
from portal.families.models import Person, Role
from portal.invitations.services import invite
from portal.logbook.models import LogEntry
from portal.meetings.models import Meeting, MeetingInvitation
from portal.needs.models import HelpOffer, Need
from portal.network.models import CircleQuestion, TieKind
from portal.network.services import add_sociogram, add_tie
from portal.notifications.feeds import new_feed
from portal.notifications.links import unsubscribe_token
from portal.photos.services import put_up_photo
from portal.plans.models import EntryKind, PlanEntry
from portal.parts.models import PlanPart, Visibility
from portal.relapse.models import RelapseKind
from portal.relapse.services import AlarmDetails, save_alarm_pair, save_entry
from portal.safety.models import LinkKind
from portal.safety.services import LinkDetails, SafePlaceDetails, SituationDetails, create_situation, save_safe_place
from portal.scores.models import ScaleQuestion
from portal.tasks.models import TaskStatus
from tests.conftest import _SHARED_WORLD as SHARED_WORLD
from tests.conftest import AuthActions
from tests.consents import consent_in_force
from tests.factories import ROLE_NAMES, TaskFactory, World, member
from tests.images import tiny_jpeg

OK, LOGIN, HIDDEN, FORBIDDEN = "ok", "login", "hidden (404)", "forbidden (403)"
# A second professional of the world's family, with a "read and comment" permission for the agreements
# (and so their tasks) that everyone who must agree has agreed to: see the `world` fixture below. A line
# that does not name this role expects for it what it expects for the professional without permission:
# a permission for one part opens that part, and nothing else.
CONSENTED = "professional_with_consent"
ROLES = ("anonymous", *ROLE_NAMES, CONSENTED)
GROUPS = {
    "youths": ("youth", "youth_under_12", "youth_16"),
    "members": tuple(r for r in ROLES if r not in ("anonymous", "outsider")),
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
    if CONSENTED not in expected and "professional" in expected:
        expected[CONSENTED] = expected["professional"]
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
# One task of the family, open for anyone in the network (a youth sees only their own tasks) and for a
# professional with permission for the agreements; taking tasks on is the network's.
TASK_READERS = when(login="anonymous", ok=f"family mentor network {CONSENTED}", hidden="youths professional outsider")
TASK_TAKERS = when(login="anonymous", ok="family mentor network", forbidden=CONSENTED,
                   hidden="youths professional outsider")
# A part of the plan the network reads (goal, concerns, agreements) and the family and mentor keep.
PART_READERS = when(login="anonymous", ok="family mentor network", hidden="youths professional outsider")
PART_KEEPERS = when(login="anonymous", ok="family mentor", forbidden="network",
                    hidden="youths professional outsider")
# The agreements: as any part, and read by the professional with permission for them.
AGREEMENT_READERS = when(login="anonymous", ok=f"family mentor network {CONSENTED}",
                         hidden="youths professional outsider")
AGREEMENT_KEEPERS = when(login="anonymous", ok="family mentor", forbidden=f"network {CONSENTED}",
                         hidden="youths professional outsider")
# The network map: youths read it too; professionals only with a permission for it.
MAP_READERS = when(login="anonymous", ok="family mentor network youths", hidden="professional outsider")
MAP_KEEPERS = when(login="anonymous", ok="family mentor", forbidden="network youths",
                   hidden="professional outsider")
# Permissions: seen by the family, the mentor, youths from 12 and professionals (their own); given by the
# family; agreed to and withdrawn by whoever must agree (the scene's permission is the professional's,
# waiting for the parent and the youths from 12), and withdrawn by the family too.
CONSENT_GRANTORS = when(login="anonymous", ok="family youth youth_16",
                        forbidden="youth_under_12 mentor network professional", hidden=f"{CONSENTED} outsider")
# Conditions: professionals read them too, add them, and comment with the family and the mentor.
CONDITION_READERS = when(login="anonymous", ok="family mentor network professional", hidden="youths outsider")
CONDITION_SETTERS = when(login="anonymous", ok="professional", forbidden="family mentor network",
                         hidden="youths outsider")
CONDITION_COMMENTERS = when(login="anonymous", ok="family mentor professional", forbidden="network",
                            hidden="youths outsider")
CONDITION_KEEPERS = when(login="anonymous", ok="family mentor", forbidden="network professional",
                         hidden="youths outsider")
# Meetings: read by the network and the youths; prepared by the family and the mentor.
MEETING_READERS = when(login="anonymous", ok="family mentor network youths", hidden="professional outsider")
MEETING_KEEPERS = when(login="anonymous", ok="family mentor", forbidden="network youths",
                       hidden="professional outsider")
# The safety plan: every member but professionals reads it (each their own chains); the family and the
# mentor keep it. The scene's chain is for the whole network, its safe place is the youth's with opa.
SAFETY_READERS = when(login="anonymous", ok="family mentor network youths", hidden="professional outsider")
SAFETY_KEEPERS = when(login="anonymous", ok="family mentor", forbidden="network youths",
                      hidden="professional outsider")
SAFE_PLACE_KEEPERS = when(login="anonymous", ok="family mentor", forbidden="network youth",
                          hidden="youth_under_12 youth_16 professional outsider")
# Scale questions and the log: every member but professionals reads and answers or writes; the family
# and the mentor set the questions and narrow entries.
SCORES_AND_LOG_READERS = when(login="anonymous", ok="family mentor network youths", hidden="professional outsider")
# Mail and calendar choices: every member but professionals, who are guests.
NOT_PROFESSIONALS = when(login="anonymous", ok="family mentor network youths", forbidden="professional", hidden="outsider")
SCORES_AND_LOG_KEEPERS = when(login="anonymous", ok="family mentor", forbidden="network youths",
                              hidden="professional outsider")

ACCESS: dict[str, dict[str, dict[str, str]]] = {
    "main.index": {"GET": PUBLIC},
    "main.language": {"POST": PUBLIC},
    # The load balancer's question "can this server reach the database?": no one's data in it.
    "health.check": {"GET": PUBLIC},
    "auth.register": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.login": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.logout": {"POST": ACCOUNT},
    "auth.login_code": {"GET": ACCOUNT, "POST": ACCOUNT},
    "auth.account": {"GET": ACCOUNT},
    "auth.change_password": {"GET": ACCOUNT, "POST": ACCOUNT},
    "auth.end_other_sessions": {"POST": ACCOUNT},
    "auth.two_factor_setup": {"GET": ACCOUNT, "POST": ACCOUNT},
    "auth.two_factor_off": {"GET": ACCOUNT, "POST": ACCOUNT},
    "auth.recovery_codes": {"GET": ACCOUNT, "POST": ACCOUNT},
    "auth.forgot_password": {"GET": PUBLIC, "POST": PUBLIC},
    # The scene's token is an invitation's, not a reset link's: it opens nothing, for anyone.
    "auth.reset_password": {"GET": when(hidden="everyone"), "POST": when(hidden="everyone")},
    # Likewise not an address-confirmation link.
    "auth.confirm_email": {"GET": when(hidden="everyone"), "POST": when(hidden="everyone")},
    "auth.send_confirmation_again": {"POST": ACCOUNT},
    "families.new": {"GET": ACCOUNT, "POST": ACCOUNT},
    "families.home": {
        "GET": when(login="anonymous", ok="members", hidden="outsider"),
    },
    "families.people": {
        "GET": when(login="anonymous", ok="family mentor network youths", hidden="professional outsider"),
    },
    "families.add": {"GET": KEEPERS_ONLY, "POST": KEEPERS_ONLY},
    # The network map: read by whoever reads the part (professionals only with consent for it), kept
    # by the family and the mentor (the scene's person is the aunt, whom the mentor may also add).
    "network.index": {"GET": MAP_READERS},
    "network.family_tree": {"GET": MAP_READERS},
    "network.person": {"GET": MAP_READERS},
    "network.edit_person": {"GET": MAP_KEEPERS, "POST": MAP_KEEPERS},
    "network.new_tie": {"GET": MAP_KEEPERS, "POST": MAP_KEEPERS},
    "network.remove_tie_view": {"GET": MAP_KEEPERS, "POST": MAP_KEEPERS},
    "network.circles": {"GET": MAP_READERS},
    "network.new_circles": {"GET": MAP_KEEPERS, "POST": MAP_KEEPERS},
    "network.place": {"GET": MAP_KEEPERS, "POST": MAP_KEEPERS},
    "network.remove_circles": {"GET": MAP_KEEPERS, "POST": MAP_KEEPERS},
    "invitations.new": {"GET": KEEPERS_ONLY, "POST": KEEPERS_ONLY},
    "invitations.show": {"GET": KEEPERS_ONLY},
    # The link itself is the key: whoever holds it may open it.
    "invitations.join": {"GET": PUBLIC, "POST": PUBLIC},
    # Answered from the start page only by the account whose proven address it was mailed to; the
    # scene's invitation is a link shared by hand, mailed to nobody.
    "invitations.answer": {"GET": when(login="anonymous", hidden="members outsider"),
                           "POST": when(login="anonymous", hidden="members outsider")},
    "invitations.decline_invitation": {"POST": when(login="anonymous", hidden="members outsider")},
    "tasks.plan": {
        "GET": when(login="anonymous", ok=f"family mentor network {CONSENTED}", hidden="youths professional outsider"),
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
        "GET": when(login="anonymous", ok="family mentor", forbidden=f"network {CONSENTED}",
                    hidden="youths professional outsider"),
        "POST": when(login="anonymous", ok="family mentor", forbidden=f"network {CONSENTED}",
                     hidden="youths professional outsider"),
    },
    "tasks.accept": {"POST": TASK_TAKERS},
    "tasks.decline": {"POST": TASK_TAKERS},
    "tasks.done": {"POST": TASK_TAKERS},
    "tasks.release": {"POST": TASK_TAKERS},
    # The plan's hub: every member, with a card per part they may read.
    "plans.overview": {"GET": when(login="anonymous", ok="members", hidden="outsider")},
    "plans.visibility": {
        "GET": when(login="anonymous", ok="family mentor", forbidden="network youths professional",
                    hidden="outsider"),
        "POST": when(login="anonymous", ok="family mentor", forbidden="network youths professional",
                     hidden="outsider"),
    },
    "plans.goal": {"GET": PART_READERS},
    "plans.goal_history": {"GET": PART_READERS},
    "plans.edit_goal": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "plans.concerns": {"GET": PART_READERS},
    "plans.new_entry": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "plans.edit_entry_page": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "plans.remove_entry_page": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "agreements.index": {"GET": AGREEMENT_READERS},
    "agreements.detail": {"GET": AGREEMENT_READERS},
    "agreements.new": {"GET": AGREEMENT_KEEPERS, "POST": AGREEMENT_KEEPERS},
    "agreements.edit": {"GET": AGREEMENT_KEEPERS, "POST": AGREEMENT_KEEPERS},
    "agreements.remove": {"GET": AGREEMENT_KEEPERS, "POST": AGREEMENT_KEEPERS},
    "conditions.index": {"GET": CONDITION_READERS},
    "conditions.detail": {"GET": CONDITION_READERS},
    "conditions.new": {"GET": CONDITION_SETTERS, "POST": CONDITION_SETTERS},
    "conditions.edit": {"GET": CONDITION_SETTERS, "POST": CONDITION_SETTERS},
    "conditions.comment": {"POST": CONDITION_COMMENTERS},
    "conditions.link": {"POST": CONDITION_KEEPERS},
    "conditions.unlink": {"POST": CONDITION_KEEPERS},
    "conditions.visibility": {"POST": CONDITION_KEEPERS},
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
    "safety.index": {"GET": SAFETY_READERS},
    "safety.now": {"GET": SAFETY_READERS},
    # A child's own page: the child, and the family and the mentor who go through it with them.
    "safety.now_for_youth": {
        "GET": when(login="anonymous", ok="family mentor youth",
                    hidden="youth_under_12 youth_16 network professional outsider"),
    },
    "safety.new_situation": {"GET": SAFETY_KEEPERS, "POST": SAFETY_KEEPERS},
    "safety.edit_situation": {"GET": SAFETY_KEEPERS, "POST": SAFETY_KEEPERS},
    "safety.delete_situation_view": {"GET": SAFETY_KEEPERS, "POST": SAFETY_KEEPERS},
    "safety.move": {"POST": SAFETY_KEEPERS},
    "safety.edit_briefing": {"GET": SAFETY_KEEPERS, "POST": SAFETY_KEEPERS},
    "safety.new_safe_place": {"GET": SAFETY_KEEPERS, "POST": SAFETY_KEEPERS},
    "safety.edit_safe_place": {"GET": SAFE_PLACE_KEEPERS, "POST": SAFE_PLACE_KEEPERS},
    "safety.delete_safe_place_view": {"GET": SAFE_PLACE_KEEPERS, "POST": SAFE_PLACE_KEEPERS},
    "relapse.index": {"GET": PART_READERS},
    "relapse.new_entry": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "relapse.edit_entry": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "relapse.delete_entry_view": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "relapse.new_alarm": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "relapse.edit_alarm": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "relapse.delete_alarm": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "review.index": {
        "GET": when(login="anonymous", ok="family mentor", hidden="network youths professional outsider"),
    },
    "review.today": {
        "GET": when(login="anonymous", ok="family mentor", hidden="network youths professional outsider"),
    },
    "needs.index": {"GET": PART_READERS},
    "needs.detail": {"GET": PART_READERS},
    "needs.new": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "needs.edit": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "needs.ask": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    # Anyone who reads a need offers help: helpers as themselves, the family for helpers without an account.
    "needs.offer": {"POST": PART_READERS},
    "needs.accept": {"GET": PART_KEEPERS, "POST": PART_KEEPERS},
    "needs.decline": {"POST": PART_KEEPERS},
    # Helpers say how they take part; the family asks for help and has no such choice.
    "needs.taking_part": {
        "GET": when(login="anonymous", ok="mentor network", forbidden="family", hidden="youths professional outsider"),
        "POST": when(login="anonymous", ok="mentor network", forbidden="family",
                     hidden="youths professional outsider"),
    },
    "scores.index": {"GET": SCORES_AND_LOG_READERS},
    "scores.answer": {"GET": SCORES_AND_LOG_READERS, "POST": SCORES_AND_LOG_READERS},
    "scores.new": {"GET": SCORES_AND_LOG_KEEPERS, "POST": SCORES_AND_LOG_KEEPERS},
    "scores.edit": {"GET": SCORES_AND_LOG_KEEPERS, "POST": SCORES_AND_LOG_KEEPERS},
    "log.index": {"GET": SCORES_AND_LOG_READERS},
    "log.write": {"POST": SCORES_AND_LOG_READERS},
    "log.visibility": {"POST": SCORES_AND_LOG_KEEPERS},
    # Only the author takes back their own words (the scene's entry is opa's).
    "log.remove": {
        "GET": when(login="anonymous", ok="network", forbidden="family mentor youths",
                    hidden="professional outsider"),
        "POST": when(login="anonymous", ok="network", forbidden="family mentor youths",
                     hidden="professional outsider"),
    },
    # Privacy rights: everyone sees and downloads what Kring holds about them, and deletes their account
    # (the world's parent, the only one of the family with an account, is asked to delete the family first).
    "privacy.my_data": {"GET": ACCOUNT},
    "privacy.my_data_json": {"GET": ACCOUNT},
    "privacy.delete_account": {"GET": ACCOUNT, "POST": ACCOUNT},
    # The family space is the family's: only they delete it, not even the mentor.
    "privacy.delete_family": {
        "GET": when(login="anonymous", ok="family", forbidden="mentor network youths professional", hidden="outsider"),
        "POST": when(login="anonymous", ok="family", forbidden="mentor network youths professional",
                     hidden="outsider"),
    },
    # Handover: the family and the mentor take someone out of the network (the scene's person is the aunt).
    "privacy.remove_person": {"GET": KEEPERS_ONLY, "POST": KEEPERS_ONLY},
    # Permissions (consent) and the access log.
    "consent.index": {
        "GET": when(login="anonymous", ok="family mentor youth youth_16 professional",
                    forbidden="youth_under_12 network", hidden="outsider"),
    },
    "consent.new": {
        "GET": when(login="anonymous", ok="family", forbidden="mentor network youths professional", hidden="outsider"),
        "POST": when(login="anonymous", ok="family", forbidden="mentor network youths professional",
                     hidden="outsider"),
    },
    "consent.agree": {"POST": CONSENT_GRANTORS},
    "consent.withdraw": {"GET": CONSENT_GRANTORS, "POST": CONSENT_GRANTORS},
    # Commenting on a part (the scene's part is the agreements): a "read and comment" permission only.
    "consent.comment": {
        "POST": when(login="anonymous", ok=CONSENTED, forbidden="family mentor network",
                     hidden="youths professional outsider"),
    },
    # "Who looked at our plan": the family and youths from 12 all of it, professionals their own rows.
    # The plan on paper: every member gets the parts they may read (a professional: the consented ones).
    "paper.plan_pdf": {"GET": when(login="anonymous", ok="members", hidden="outsider")},
    # A child's safety card and fridge sheet: whoever may open the child's own page.
    "paper.safety_card_pdf": {
        "GET": when(login="anonymous", ok="family mentor youth",
                    hidden="youth_under_12 youth_16 network professional outsider"),
    },
    "paper.safety_sheet_pdf": {
        "GET": when(login="anonymous", ok="family mentor youth",
                    hidden="youth_under_12 youth_16 network professional outsider"),
    },
    # The offline safety page's worker script and manifest: the same for everyone, no one's data.
    "offline.worker": {"GET": PUBLIC},
    "offline.manifest": {"GET": PUBLIC},
    # A person's own photo: everyone in the family puts up (and takes down) their own; photos are
    # people-list data, seen by whoever reads the people list (the scene's photo is opa's).
    "photos.mine": {"GET": when(login="anonymous", ok="members", hidden="outsider"),
                    "POST": when(login="anonymous", ok="members", hidden="outsider")},
    "photos.remove": {"POST": when(login="anonymous", ok="members", hidden="outsider")},
    "photos.photo": {
        "GET": when(login="anonymous", ok="family mentor network youths", hidden="professional outsider"),
    },
    "audit.family_log": {
        "GET": when(login="anonymous", ok="family youth youth_16 professional",
                    forbidden="youth_under_12 mentor network", hidden="outsider"),
    },
    # Which mail one gets: everyone in the network; professionals get no mail about the plan.
    "notifications.settings": {"GET": NOT_PROFESSIONALS, "POST": NOT_PROFESSIONALS},
    # Who could not be reached by mail: for the family and the mentor, to call them.
    "notifications.unreached": {"GET": KEEPERS_ONLY},
    # The signed token in the mail is the key (a mail program posts without a login).
    "notifications.unsubscribe": {"GET": PUBLIC, "POST": PUBLIC},
    # The calendar address is the key: a phone asks it without a login.
    "notifications.calendar_feed": {"GET": PUBLIC},
    "notifications.renew_my_feed": {"POST": NOT_PROFESSIONALS},
    "notifications.stop_my_feed": {"POST": NOT_PROFESSIONALS},
    "notifications.renew_plan_feed": {"POST": KEEPERS_ONLY},
    "notifications.stop_plan_feed": {"POST": KEEPERS_ONLY},
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
    def entry(self):
        """A concern of the world's family that the whole network sees."""
        entry = PlanEntry(family_id=self.world.family.id, kind=EntryKind.CONCERN, text="Noor slaapt slecht",
                          visibility=Visibility.NETWORK, author_id=self.world.people["family"].id)
        db.session.add(entry)
        db.session.flush()
        return entry

    @cached_property
    def agreement(self):
        """An agreement of the world's family that the whole network sees."""
        agreement = Agreement(family_id=self.world.family.id, title="Opa brengt Noor naar school",
                              visibility=Visibility.NETWORK)
        db.session.add(agreement)
        db.session.flush()
        return agreement

    @cached_property
    def condition(self):
        """A condition of the world's family that the family showed to the whole network."""
        condition = Condition(family_id=self.world.family.id, text="Opvang voor Noor op twee dagen",
                              visibility=Visibility.NETWORK, created_by_id=self.world.people["professional"].id)
        db.session.add(condition)
        db.session.flush()
        return condition

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


    @cached_property
    def situation(self):
        """A safety chain for the whole network: opa first, then Veilig Thuis."""
        return create_situation(self.world.family, SituationDetails("Als het thuis niet veilig is", None,
                                                                    Visibility.NETWORK, [
            LinkDetails(self.world.people["network"], "", "06 12345678", "", LinkKind.NETWORK),
            LinkDetails(None, "Veilig Thuis", "0800-2000", "", LinkKind.PROFESSIONAL)]))

    @cached_property
    def safe_place(self):
        """Where the 14-year-old can go: to opa."""
        return save_safe_place(self.world.family, SafePlaceDetails(
            self.world.people["youth"], "Naar opa", self.world.people["network"], "", Visibility.NETWORK))

    @cached_property
    def consent(self):
        """The family's permission for the professional to see the agreements, that nobody agreed to yet."""
        return create_consent(self.world.family.id, self.world.people["professional"], {PlanPart.AGREEMENTS},
                              ConsentLevel.READ, date.today(), date.today() + timedelta(days=90), "",
                              self.world.accounts["family"])

    @cached_property
    def need(self):
        """Something the world's family is looking for, seen by the whole network."""
        need = Need(family_id=self.world.family.id, title="Vervoer naar de zwemles", visibility=Visibility.NETWORK)
        db.session.add(need)
        db.session.flush()
        return need

    @cached_property
    def offer(self):
        """Opa's offer to help with the need, waiting for the family's answer."""
        offer = HelpOffer(need_id=self.need.id, person_id=self.world.people["network"].id, message="Ik rijd wel")
        db.session.add(offer)
        db.session.flush()
        return offer

    @cached_property
    def question(self):
        """A scale question for everyone in the plan."""
        question = ScaleQuestion(family_id=self.world.family.id, text="Hoe veilig voelt het thuis?",
                                 visibility=Visibility.NETWORK)
        db.session.add(question)
        db.session.flush()
        return question

    @cached_property
    def log_entry(self):
        """Opa's update in the log, for the whole network."""
        entry = LogEntry(family_id=self.world.family.id, author_id=self.world.people["network"].id,
                         text="Noor naar school gebracht", visibility=Visibility.NETWORK)
        db.session.add(entry)
        db.session.flush()
        return entry

    @cached_property
    def photo_owner(self):
        """Opa, who put up a photo of himself."""
        opa = self.world.people["network"]
        put_up_photo(opa, tiny_jpeg())
        db.session.flush()
        return opa

    @cached_property
    def relapse_entry(self):
        return save_entry(self.world.family, RelapseKind.WARNING_SIGN, "Neemt de telefoon niet op",
                          Visibility.NETWORK)

    @cached_property
    def alarm(self):
        """Opa may raise the alarm with the mentor."""
        return save_alarm_pair(self.world.family, AlarmDetails(self.world.people["network"],
                                                               self.world.people["mentor"], "", Visibility.NETWORK))

    @cached_property
    def feed_token(self):
        """Opa's private calendar address."""
        return new_feed(self.world.people["network"], whole_plan=False)


    @cached_property
    def tie(self):
        """The parent is a parent of the youth."""
        return add_tie(self.world.family, self.world.people["family"], TieKind.PARENT, self.world.people["youth"])

    @cached_property
    def sociogram(self):
        return add_sociogram(self.world.family, CircleQuestion.IMPORTANT)


# How to fill in each URL parameter. A route whose URL names something new teaches it here.
URL_VALUES: dict[str, Callable[[Scene], object]] = {
    "family_id": lambda scene: scene.world.family.id,
    "person_id": lambda scene: scene.world.people["no_account"].id,
    "task_id": lambda scene: scene.task.id,
    "entry_id": lambda scene: scene.entry.id,
    "agreement_id": lambda scene: scene.agreement.id,
    "condition_id": lambda scene: scene.condition.id,
    "invitation_id": lambda scene: scene.invitation[0].id,
    "token": lambda scene: scene.invitation[1],
    "meeting_id": lambda scene: scene.meeting.id,
    "situation_id": lambda scene: scene.situation.id,
    "link_id": lambda scene: scene.situation.links[0].id,
    "place_id": lambda scene: scene.safe_place.id,
    "youth_id": lambda scene: scene.world.people["youth"].id,
    "relapse_entry_id": lambda scene: scene.relapse_entry.id,
    "alarm_id": lambda scene: scene.alarm.id,
    "need_id": lambda scene: scene.need.id,
    "offer_id": lambda scene: scene.offer.id,
    "question_id": lambda scene: scene.question.id,
    "log_entry_id": lambda scene: scene.log_entry.id,
    "consent_id": lambda scene: scene.consent.id,
    "part": lambda scene: PlanPart.AGREEMENTS.value,
    "tie_id": lambda scene: scene.tie.id,
    "sociogram_id": lambda scene: scene.sociogram.id,
    "unsubscribe_token": lambda scene: unsubscribe_token(scene.world.people["network"].id, "task_offered"),
    "feed_token": lambda scene: scene.feed_token,
    "owner_id": lambda scene: scene.photo_owner.id,
}

CHECKED_METHODS = ("GET", "POST")


@pytest.fixture()
def world(world):
    """The world, with a second professional who has a "read and comment" permission for the
    agreements, in force (everyone who must agree has agreed)."""
    person, user = member(world.family, Role.PROFESSIONAL, "Jeugdarts Test", relation="jeugdarts")
    enable_two_factor(user, new_secret())
    consent_in_force(person, {PlanPart.AGREEMENTS}, world.accounts["family"], level=ConsentLevel.COMMENT)
    world.people[CONSENTED], world.accounts[CONSENTED] = person, user
    return world


def _cases():
    """A GET changes nothing, and neither does a POST that is turned away: those roles take turns
    on one world, which all such cases share (`world_ro`, built once; they come first). A POST that
    gets in may change what the next role finds, so each role that is let in posts in a world of
    its own."""
    shared, own = [], []
    for endpoint, methods in ACCESS.items():
        for method, expected in methods.items():
            let_in = [] if method == "GET" else [role for role in ROLES if expected[role] == OK]
            sharing = tuple(role for role in ROLES if role not in let_in)
            if sharing:
                suffix = "" if method == "GET" else "-turned-away"
                shared.append(pytest.param(endpoint, method, sharing, expected, id=f"{endpoint}-{method}{suffix}",
                                           marks=pytest.mark.shares_world))
            for role in let_in:
                own.append(pytest.param(endpoint, method, (role,), expected, id=f"{endpoint}-{method}-{role}"))
    return shared + own


def _shared_scene(world: World) -> Scene:
    """The scene of the shared world: what one test made, the next finds again (made twice, some
    things are refused, like a second alarm for the same pair). It lives as long as the shared world."""
    scene = SHARED_WORLD.setdefault("scene", Scene(world))
    scene.world = world
    for name, value in list(vars(scene).items()):
        if name != "world":
            vars(scene)[name] = _in_this_session(value)
    return scene


def _in_this_session(value):
    """`value` (a row, or a tuple holding rows) loaded again in this test's database session."""
    if isinstance(value, tuple):
        return tuple(_in_this_session(item) for item in value)
    if isinstance(value, db.Model):
        return db.session.get(type(value), sa.inspect(value).identity)
    return value


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


@pytest.mark.parametrize("endpoint, method, roles, expected", _cases())
def test_access(request, app, endpoint, method, roles, expected):
    shared = request.node.get_closest_marker("shares_world") is not None
    world = request.getfixturevalue("world_ro" if shared else "world")
    auth = AuthActions(app, world)
    scene = _shared_scene(world) if shared else Scene(world)
    rule = next(r for r in app.url_map.iter_rules(endpoint=endpoint))
    with app.test_request_context():
        url = url_for(endpoint, **{arg: URL_VALUES[arg](scene) for arg in rule.arguments})
    db.session.commit()

    wrong = []
    for role in roles:
        client = app.test_client() if role == "anonymous" else auth.login(role)
        response = client.get(url) if method == "GET" else client.post(url, data={})
        with app.test_request_context():
            outcome = _outcome(response)
        if outcome != expected[role]:
            wrong.append(f"{method} {url} as {role}: expected {expected[role]}, got {response.status_code} "
                         f"{response.headers.get('Location', '')}")

    assert not wrong, "\n".join(wrong)


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


# Who may grant which role ---------------------------------------------------------------------------
# The person form (`families.add`) posted filled in, as each member, for each role it can hand out: the
# role-granting rules of the access policy (`portal.access.grants`), route by route. `carer` is a family
# member without parental authority (a foster parent, say), made for this section. What is refused
# creates nobody.
GRANTERS = ("anonymous", "family", "carer", "mentor", "network", "youth", "youth_16", "professional", "outsider")


def grants(*, ok: str = "") -> dict[str, str]:
    """Expected outcome per granter: `ok` adds the person; the others are turned away, each as the
    policy turns them away (the form offers them nothing, so a POST naming the role is refused)."""
    allowed = set(ok.split())
    expected = {"anonymous": LOGIN, "outsider": HIDDEN}
    expected.update({g: OK if g in allowed else FORBIDDEN for g in GRANTERS if g not in expected})
    return expected


ROLE_GRANTS: dict[str, dict[str, str]] = {
    "family_with_authority": grants(ok="family"),
    "family_without_authority": grants(ok="family"),
    "youth": grants(ok="family carer"),
    "mentor": grants(ok="family carer"),
    "network": grants(ok="family carer mentor"),
    "professional": grants(ok="family carer"),
}
GRANT_FIELDS = {
    "family_with_authority": {"role": "family", "has_parental_authority": "y"},
    "family_without_authority": {"role": "family"},
    "youth": {"role": "youth", "date_of_birth": "2015-03-01"},
    "mentor": {"role": "mentor"},
    "network": {"role": "network"},
    "professional": {"role": "professional"},
}


@pytest.mark.parametrize("target", ROLE_GRANTS)
@pytest.mark.parametrize("granter", GRANTERS)
def test_who_may_grant_which_role(app, auth, world, granter, target):
    if granter == "carer":
        world.people["carer"], world.accounts["carer"] = member(world.family, Role.FAMILY, "Pleegvader Test")
    db.session.commit()
    with app.test_request_context():
        url = url_for("families.add", family_id=world.family.id)
    client = app.test_client() if granter == "anonymous" else auth.login(granter)

    response = client.post(url, data={"name": "Nieuw Iemand", "relation": "kennis", "invite_how": "none",
                                      **GRANT_FIELDS[target]})

    with app.test_request_context():
        outcome = _outcome(response)
    assert outcome == ROLE_GRANTS[target][granter], f"{granter} giving {target}: got {response.status_code}"
    created = db.session.scalar(sa.select(Person).where(Person.name == "Nieuw Iemand"))
    if outcome != OK:
        assert created is None
    else:
        role, authority = GRANT_FIELDS[target]["role"], "has_parental_authority" in GRANT_FIELDS[target]
        assert (created.role.value, created.has_parental_authority) == (role, authority)
