"""Each person's first screen answers "what do I do now?", and the menu keeps their places at hand.

The menu is a table (`portal/navigation.py`): these tests read it per role, as a table, and check
the pages that come first for each role: the family's and the mentor's "what needs you now", the
youth's own first call, their own chain first on the safety page.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.access import family_context
from portal.extensions import db
from portal.navigation import PHONE_BAR, family_menu
from portal.parts.models import Visibility
from portal.review.today import build_today
from portal.safety.models import LinkKind
from portal.safety.services import LinkDetails, SituationDetails, create_situation
from portal.tasks.models import Rhythm, TaskStatus
from tests.conftest import form_fields, page_text
from tests.factories import MeetingFactory, PersonFactory, TaskFactory

TODAY = date.today()


def menu_of(app, world, role: str):
    with app.test_request_context():
        return family_menu(family_context(world.accounts[role].id, world.family.id), "families.home")


# ---- the menu, per role ---------------------------------------------------------------------------

@pytest.mark.parametrize("role, at_hand, also_under_more, never", [
    ("family", ["home", "plan", "tasks", "people"], {"commitments", "review", "consent", "access_log", "safety"}, set()),
    ("mentor", ["home", "commitments", "plan", "people"], {"review", "tasks"}, set()),
    ("network", ["mine", "plan", "safety", "people"], {"tasks"}, {"home", "review", "commitments", "consent"}),
    ("youth", ["home", "safety", "people"], {"access_log"}, {"review", "commitments"}),
    ("professional", ["home", "consent", "access_log"], set(), {"plan", "review", "commitments", "people", "safety"}),
])
def test_each_role_has_its_four_places_at_hand_and_the_rest_under_more(app, world, role, at_hand, also_under_more,
                                                                       never):
    menu = menu_of(app, world, role)
    assert [item.key for item in menu.at_hand] == at_hand
    assert len(menu.at_hand) <= 4
    more = {item.key for item in menu.more}
    assert also_under_more <= more
    assert not never & {item.key for item in menu.everything}
    # Every place in the bar is one the role's table names; each place shows once.
    assert set(at_hand) <= set(PHONE_BAR[world.people[role].role])
    assert len({item.key for item in menu.everything}) == len(menu.everything)


def test_the_menu_marks_where_you_are_also_on_a_start_page_reached_by_a_redirect(auth, world):
    html = auth.login("family").get(f"/families/{world.family.id}/today").get_data(as_text=True)
    assert html.count('aria-current="page"') == 1
    assert f'href="/families/{world.family.id}/" aria-current="page"' in html
    assert 'class="nav-more"' in html   # the rest of the places, under "More"


# ---- the family's and the mentor's "what needs you now" ---------------------------------------------

def test_what_needs_you_now_lists_late_unclaimed_and_unanswered_tasks_and_this_weeks_agenda(auth, world, english):
    family = world.family
    TaskFactory(family=family, title="Tuin (te laat)", status=TaskStatus.ACCEPTED, due_date=TODAY - timedelta(days=2),
                assignee_id=world.people["network"].id)
    TaskFactory(family=family, title="Koken (nog niemand)", status=TaskStatus.OPEN)
    TaskFactory(family=family, title="Post (gevraagd)", status=TaskStatus.OFFERED, offered_to_id=world.people["no_account"].id)
    TaskFactory(family=family, title="Zwemles (deze week)", status=TaskStatus.ACCEPTED, due_date=TODAY + timedelta(days=3),
                assignee_id=world.people["network"].id, rhythm=Rhythm.WEEKLY)
    TaskFactory(family=family, title="Verhuizen (over een maand)", status=TaskStatus.ACCEPTED,
                due_date=TODAY + timedelta(days=30), assignee_id=world.people["network"].id)
    MeetingFactory(family=family, title="Beraad (overmorgen)", meeting_date=TODAY + timedelta(days=2))
    MeetingFactory(family=family, title="Beraad (volgende maand)", meeting_date=TODAY + timedelta(days=40))
    db.session.commit()

    for role in ("family", "mentor"):
        response = auth.login(role).get(f"/families/{family.id}/", follow_redirects=True)
        text = page_text(response).split("Hello", 1)[1]
        now, week = text.split("What needs you now", 1)[1].split("This week", 1)
        assert "Overdue Tuin (te laat)" in now and "Nobody yet Koken (nog niemand)" in now
        assert "No answer yet Post (gevraagd)" in now
        assert "Zwemles (deze week)" in week and "Beraad (overmorgen)" in week
        assert "Verhuizen (over een maand)" not in text and "Beraad (volgende maand)" not in week
        assert f"/families/{family.id}/review" in response.get_data(as_text=True)


def test_the_mentor_sees_the_youth_first(app, auth, world, english):
    youth = world.people["youth"]
    TaskFactory(family=world.family, title="Sam naar de tandarts", status=TaskStatus.OFFERED, offered_to_id=youth.id)
    TaskFactory(family=world.family, title="Iets van een ander", status=TaskStatus.OPEN)
    db.session.commit()
    today = build_today(family_context(world.accounts["mentor"].id, world.family.id), TODAY)
    assert today.youth.youth.id == youth.id
    assert [t.title for t in today.youth.tasks] == ["Sam naar de tandarts"]
    text = page_text(auth.login("mentor").get(f"/families/{world.family.id}/today")).split("Hello", 1)[1]
    assert text.index(f"How {youth.name} is doing") < text.index("What needs you now")
    assert build_today(family_context(world.accounts["family"].id, world.family.id), TODAY).youth is None


def test_a_family_with_nothing_to_do_is_told_so_truthfully(auth, world, english):
    text = page_text(auth.login("family").get(f"/families/{world.family.id}/today"))
    # The world's helpers have done nothing for weeks: that is something to look at, not "all clear".
    assert "Quiet for four weeks" in text and "Nothing needs attention right now." not in text
    assert "Nothing is planned for the coming seven days." in text


# ---- the youth's own chain first ------------------------------------------------------------------

def _chain(world, title: str, for_youth, *names_and_phones):
    links = [LinkDetails(person=None, name=name, phone=phone, note="", kind=LinkKind.NETWORK)
             for name, phone in names_and_phones]
    links.append(LinkDetails(person=None, name="Alarmnummer", phone="112", note="", kind=LinkKind.EMERGENCY))
    return create_situation(world.family, SituationDetails(title=title, for_youth=for_youth, links=links,
                                                           visibility=Visibility.NETWORK))


def test_the_youth_sees_their_own_first_call_on_their_start_page_and_their_own_chain_first(auth, world, english):
    _chain(world, "Als mama boos wordt", None, ("Oma", "0612345678"))
    _chain(world, "Als ik me niet veilig voel", world.people["youth"], ("Buurman Piet", "0687654321"), ("Tante", "0611111111"))
    db.session.commit()
    client = auth.login("youth")
    home = client.get(f"/families/{world.family.id}/").get_data(as_text=True)
    assert 'href="tel:+31687654321"' in home and "Buurman Piet" in home
    assert home.index("Buurman Piet") < home.index("Your mentor")
    now = client.get(f"/families/{world.family.id}/safety/now").get_data(as_text=True)
    assert now.index("Als ik me niet veilig voel") < now.index("<details class=\"other-chains\"") < now.index("Als mama boos wordt")


# ---- plain rules for plain people ---------------------------------------------------------------

def test_112_is_the_emergency_number_without_anyone_saying_so(auth, world, english):
    """A chain that ends with 112 is accepted whatever kind the row was left on."""
    client = auth.login("family")
    url = f"/families/{world.family.id}/safety/situations/new"
    form = form_fields(client.get(url), "title")
    form.update({"title": "Als het thuis niet veilig is", "links-0-person": "0", "links-0-name": "Buurman",
                 "links-0-phone": "0612345678", "links-0-kind": "network",
                 "links-1-person": "0", "links-1-name": "Alarm", "links-1-phone": "112", "links-1-kind": "network"})
    response = client.post(url, data=form)
    assert response.status_code in (302, 303), page_text(response)[:400]
    from portal.safety.models import ChainLink, LinkKind
    kinds = [link.kind for link in db.session.scalars(sa.select(ChainLink).order_by(ChainLink.position))]
    assert kinds == [LinkKind.NETWORK, LinkKind.EMERGENCY]
