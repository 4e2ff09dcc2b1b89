"""The relapse plan: warning signs, who may raise the alarm with whom, what happens then, and what
happens when the safety agreements are not kept. Read by the network, kept by the family and mentor."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from portal.access import family_context
from portal.extensions import db
from portal.parts.models import PartVisibility, PlanPart, Visibility
from portal.relapse.models import AlarmPair, RelapseEntry, RelapseKind
from portal.relapse.queries import relapse_summary
from portal.relapse.services import AlarmDetails, save_alarm_pair, save_entry
from tests.conftest import page_text


def say(app, msgid: str, **params) -> str:
    with app.test_request_context(), force_locale("nl"):
        return gettext(msgid, **params)


def checked(html: str, name: str, value: str) -> bool:
    """Whether the radio button `name`=`value` is the one chosen in the page."""
    return re.search(rf'<input checked[^>]*name="{name}" type="radio" value="{value}"', html) is not None


def url(world, path: str = "") -> str:
    return f"/families/{world.family.id}/relapse{path}"


@pytest.fixture()
def plan(world):
    """One entry of each kind, one narrowed warning sign, and two alarm pairs (one narrowed)."""
    people = world.people
    entries = {
        "sign": save_entry(world.family, RelapseKind.WARNING_SIGN, "Neemt de telefoon niet op", Visibility.NETWORK),
        "secret": save_entry(world.family, RelapseKind.WARNING_SIGN, "Drinkt weer", Visibility.FAMILY_AND_MENTOR),
        "then": save_entry(world.family, RelapseKind.AFTER_ALARM, "Opa gaat langs", Visibility.NETWORK),
        "broken": save_entry(world.family, RelapseKind.AGREEMENTS_BROKEN, "Wijkteam wordt gebeld", Visibility.NETWORK),
    }
    pairs = {
        "open": save_alarm_pair(world.family, AlarmDetails(people["network"], people["mentor"], "Bellen",
                                                           Visibility.NETWORK)),
        "narrowed": save_alarm_pair(world.family, AlarmDetails(people["no_account"], people["family"], "Stil",
                                                               Visibility.FAMILY_AND_MENTOR)),
    }
    db.session.commit()
    return entries, pairs


@pytest.mark.parametrize("role", ["family", "mentor", "network"])
def test_the_network_reads_the_relapse_plan(app, auth, world, plan, role):
    response = auth.login(role).get(url(world))
    assert response.status_code == 200
    text = page_text(response)
    for entry in ("Neemt de telefoon niet op", "Opa gaat langs", "Wijkteam wordt gebeld"):
        assert entry in text
    assert say(app, "%(raiser)s may raise the alarm with %(contact)s", raiser=world.people["network"].name,
               contact=world.people["mentor"].name) in text
    assert say(app, "The whole network sees this") in text


@pytest.mark.parametrize("role", ["youth", "youth_16", "youth_under_12", "professional", "outsider"])
def test_youths_professionals_and_outsiders_do_not_see_it(app, auth, world, plan, role):
    assert auth.login(role).get(url(world)).status_code == 404


def test_narrowed_entries_leave_no_trace_for_the_network(app, auth, world, plan):
    entries, pairs = plan
    network = page_text(auth.login("network").get(url(world)))
    assert "Drinkt weer" not in network and world.people["no_account"].name not in network and "Stil" not in network
    assert say(app, "Only the family and the mentor see this") not in network
    # The counts in the headings leave it out too: one warning sign, one alarm pair.
    assert f"{say(app, 'Warning signs')} (1)" in network
    assert "(1)" in network.split(say(app, "Who may raise the alarm, and with whom?"))[1][:5]
    family = page_text(auth.login("family").get(url(world)))
    assert "Drinkt weer" in family and f"{say(app, 'Warning signs')} (2)" in family
    assert say(app, "Only the family and the mentor see this") in family
    # Opening a narrowed entry by its address: it does not exist for the network.
    client = auth.login("network")
    assert client.get(url(world, f"/entries/{entries['secret'].id}/edit")).status_code == 404
    assert client.get(url(world, f"/alarms/{pairs['narrowed'].id}/edit")).status_code == 404
    assert client.get(url(world, f"/entries/{entries['sign'].id}/edit")).status_code == 403


def test_a_narrowed_part_hides_the_whole_relapse_plan_from_the_network(app, auth, world, plan):
    db.session.add(PartVisibility(family_id=world.family.id, part=PlanPart.RELAPSE,
                                  visibility=Visibility.FAMILY_AND_MENTOR))
    db.session.commit()
    assert auth.login("network").get(url(world)).status_code == 404
    family = page_text(auth.login("family").get(url(world)))
    assert "Neemt de telefoon niet op" in family
    # Every entry then says it is for the family and the mentor only.
    assert say(app, "The whole network sees this") not in family


@pytest.mark.parametrize("kind", list(RelapseKind))
def test_the_family_adds_each_kind_of_entry_where_it_belongs(app, auth, world, kind):
    client = auth.login("family")
    form = client.get(url(world, f"/new?kind={kind.value}"))
    assert form.status_code == 200 and checked(form.get_data(as_text=True), "kind", kind.value)
    response = client.post(url(world, "/new"), data={"kind": kind.value, "text": "Iets om op te letten",
                                                     "visibility": "network"})
    assert response.status_code == 303
    entry = db.session.scalar(sa.select(RelapseEntry))
    assert (entry.kind, entry.text, entry.visibility) == (kind, "Iets om op te letten", Visibility.NETWORK)
    html = client.get(url(world)).get_data(as_text=True)
    section = html.split(f'id="section-{kind.value}"')[1].split("</section>")[0]
    assert "Iets om op te letten" in section


def test_the_mentor_changes_and_narrows_an_entry(app, auth, world, plan):
    entries, _ = plan
    client = auth.login("mentor")
    response = client.post(url(world, f"/entries/{entries['sign'].id}/edit"), data={
        "kind": "warning_sign", "text": "Neemt twee dagen de telefoon niet op", "visibility": "family_and_mentor"})
    assert response.status_code == 303
    db.session.expire_all()
    changed = db.session.get(RelapseEntry, entries["sign"].id)
    assert (changed.text, changed.visibility) == ("Neemt twee dagen de telefoon niet op", Visibility.FAMILY_AND_MENTOR)
    assert "Neemt twee dagen" not in page_text(auth.login("network").get(url(world)))


def test_bad_input_keeps_what_was_typed(app, auth, world):
    client = auth.login("family")
    response = client.post(url(world, "/new"), data={"kind": "after_alarm", "text": "   ", "visibility": "network"})
    assert response.status_code == 200
    assert say(app, "Please fill this in.") in page_text(response)
    assert checked(response.get_data(as_text=True), "kind", "after_alarm")
    odd = client.post(url(world, "/new"), data={"kind": "nonsense", "text": "Tekst blijft", "visibility": "x"})
    assert odd.status_code == 200 and "Tekst blijft" in odd.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(RelapseEntry.id))) == 0


def test_who_may_raise_the_alarm_with_whom(app, auth, world):
    opa, mentor = world.people["network"], world.people["mentor"]
    client = auth.login("family")
    data = {"raiser": str(opa.id), "contact": str(mentor.id), "note": "Dezelfde dag bellen", "visibility": "network"}
    assert client.post(url(world, "/alarms/new"), data=data).status_code == 303
    pair = db.session.scalar(sa.select(AlarmPair))
    assert (pair.raiser_id, pair.contact_id, pair.note) == (opa.id, mentor.id, "Dezelfde dag bellen")
    assert say(app, "%(raiser)s may raise the alarm with %(contact)s", raiser=opa.name, contact=mentor.name) \
        in page_text(auth.login("network").get(url(world)))

    twice = client.post(url(world, "/alarms/new"), data={**data, "note": "Nog een keer"})
    assert twice.status_code == 422  # the form again, with the reason; nothing saved
    assert say(app, "%(raiser)s may already raise the alarm with %(contact)s.", raiser=opa.name,
               contact=mentor.name) in page_text(twice)
    assert "Nog een keer" in twice.get_data(as_text=True)

    same = client.post(url(world, "/alarms/new"), data={**data, "contact": str(opa.id), "note": "Zelfde"})
    assert same.status_code == 422
    assert say(app, "Choose two different people: the one who raises the alarm, and the one they go to.") \
        in page_text(same)
    outsider = client.post(url(world, "/alarms/new"), data={**data, "contact": str(world.people["outsider"].id)})
    assert outsider.status_code == 200 and world.people["outsider"].name not in page_text(outsider)
    assert db.session.scalar(sa.select(sa.func.count(AlarmPair.id))) == 1


def test_removing_asks_first(app, auth, world, plan):
    entries, pairs = plan
    client = auth.login("family")
    assert "Opa gaat langs" in page_text(client.get(url(world, f"/entries/{entries['then'].id}/delete")))
    assert client.post(url(world, f"/entries/{entries['then'].id}/delete")).status_code == 303
    assert client.post(url(world, f"/alarms/{pairs['open'].id}/delete")).status_code == 303
    db.session.expire_all()
    assert db.session.get(RelapseEntry, entries["then"].id) is None
    assert db.session.get(AlarmPair, pairs["open"].id) is None


def test_the_network_cannot_change_the_relapse_plan(app, auth, world, plan):
    entries, pairs = plan
    client = auth.login("network")
    assert client.post(url(world, "/new"), data={"kind": "warning_sign", "text": "x"}).status_code == 403
    assert client.post(url(world, f"/entries/{entries['sign'].id}/delete")).status_code == 403
    assert client.post(url(world, f"/alarms/{pairs['open'].id}/edit"), data={"note": "x"}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(RelapseEntry.id))) == len(entries)


def test_the_summary_for_the_plan_hub_counts_only_what_the_member_sees(app, auth, world, plan):
    with app.test_request_context(), force_locale("en"):
        family = relapse_summary(family_context(world.accounts["family"].id, world.family.id))
        network = relapse_summary(family_context(world.accounts["network"].id, world.family.id))
    assert family == "2 warning signs, 2 agreements on raising the alarm"
    assert network == "1 warning sign, 1 agreement on raising the alarm"
