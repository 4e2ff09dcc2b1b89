"""Meetings (netwerkberaad): who may prepare, invite, answer and see; answers noted for people
without an account keep who noted them; narrowed meetings leave no trace; the agenda prints."""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa

from portal.agreements.models import Agreement
from portal.extensions import db
from portal.meetings.models import Meeting, MeetingInvitation, Reply
from portal.meetings.services import Preparation, create_meeting, invite
from portal.plans.models import EntryKind, PlanEntry
from portal.parts.models import PartVisibility, PlanPart, Visibility
from tests.conftest import page_text

# Pages in English, so that the assertions read as the msgids do.
pytestmark = pytest.mark.usefixtures("english")

TODAY = date.today()


def make_meeting(world, *, days_ahead=21, visibility=Visibility.NETWORK, invited=(), title="Netwerkberaad",
                 **texts) -> Meeting:
    preparation = Preparation(
        title=title, meeting_date=TODAY + timedelta(days=days_ahead), start_time=time(19, 30),
        place=texts.pop("place", "Bij Sandra thuis"), goal=texts.pop("goal", "Samen een plan maken"),
        agenda=texts.pop("agenda", "Welkom\nWat gaat goed\nAfspraken maken"),
        ground_rules=texts.pop("ground_rules", "Iedereen mag uitpraten"),
        shared_concerns=texts.pop("shared_concerns", ""), visibility=visibility, **texts)
    meeting = create_meeting(world.family.id, preparation, world.accounts["family"])
    invite(meeting, [world.people[key] for key in invited])
    db.session.commit()
    return meeting


def url(meeting: Meeting, suffix: str = "") -> str:
    return f"/families/{meeting.family_id}/meetings/{meeting.id}{suffix}"


def invitation_of(meeting: Meeting, person) -> MeetingInvitation:
    return db.session.scalar(sa.select(MeetingInvitation).where(
        MeetingInvitation.meeting_id == meeting.id, MeetingInvitation.person_id == person.id))


def meeting_form(**overrides) -> dict:
    data = {"title": "Familieavond", "meeting_date": (TODAY + timedelta(days=10)).isoformat(),
            "start_time": "19:30", "place": "Buurthuis De Kring", "goal": "Afspraken voor de avonden",
            "agenda": "Welkom\nZorgen\nAfspraken", "ground_rules": "Niet door elkaar praten",
            "shared_concerns": "Eerst wat goed gaat", "visibility": "network"}
    data.update(overrides)
    return data


# Preparing a meeting --------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["family", "mentor"])
def test_the_family_and_the_mentor_plan_a_meeting(auth, world, role):
    client = auth.login(role)
    response = client.post(f"/families/{world.family.id}/meetings/new", data=meeting_form())
    meeting = db.session.scalar(sa.select(Meeting))
    assert response.status_code == 302 and response.headers["Location"].endswith(url(meeting, "/invite"))
    assert (meeting.title, meeting.place, meeting.start_time) == ("Familieavond", "Buurthuis De Kring", time(19, 30))
    assert meeting.agenda == "Welkom\nZorgen\nAfspraken" and meeting.visibility == Visibility.NETWORK
    assert meeting.created_by_id == world.accounts[role].id


@pytest.mark.parametrize("role, status", [("network", 403), ("youth", 403), ("youth_16", 403),
                                          ("professional", 404), ("outsider", 404)])
def test_others_may_not_prepare_a_meeting(auth, world, role, status):
    meeting = make_meeting(world)
    client = auth.login(role)
    assert client.post(f"/families/{world.family.id}/meetings/new", data=meeting_form()).status_code == status
    assert client.post(url(meeting, "/edit"), data=meeting_form(title="Gekaapt")).status_code == status
    assert client.post(url(meeting, "/notes"), data={"notes": "Gekaapt"}).status_code == status
    db.session.refresh(meeting)
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 1
    assert meeting.title == "Netwerkberaad" and meeting.notes == ""


def test_a_meeting_without_a_date_is_refused_and_what_was_typed_stays(auth, world):
    client = auth.login("family")
    response = client.post(f"/families/{world.family.id}/meetings/new",
                           data=meeting_form(meeting_date="", start_time="25:99", goal="Rust in huis"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Please check the following" in text and "Please fill in the date." in text
    assert 'value="Familieavond"' in response.get_data(as_text=True)
    assert "Rust in huis" in text
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 0


def test_two_people_editing_the_preparation_the_second_is_shown_the_first_change(auth, world):
    meeting = make_meeting(world)
    seen = meeting.version
    first = auth.login("family").post(url(meeting, "/edit"), data=meeting_form(goal="Doel van Sandra", version=seen))
    assert first.status_code == 302
    second = auth.login("mentor").post(url(meeting, "/edit"), data=meeting_form(goal="Doel van Jeroen", version=seen))
    assert second.status_code == 409
    text = page_text(second)
    assert "Doel van Sandra" in text and "Doel van Jeroen" in text
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).goal == "Doel van Sandra"


def test_the_family_ticks_which_concerns_and_strengths_are_shared(auth, world):
    open_concern = PlanEntry(family_id=world.family.id, kind=EntryKind.STRENGTH, text="Opa is er elke maandag")
    private = PlanEntry(family_id=world.family.id, kind=EntryKind.CONCERN, text="Zorgen over het drinken",
                        visibility=Visibility.FAMILY_AND_MENTOR)
    db.session.add_all([open_concern, private])
    meeting = make_meeting(world, invited=["network"])
    response = auth.login("family").post(
        url(meeting, "/edit"),
        data={**meeting_form(version=meeting.version), "entries_to_share": [str(open_concern.id), str(private.id)]})
    assert response.status_code == 302
    db.session.expire_all()
    assert {e.id for e in db.session.get(Meeting, meeting.id).shared_entries} == {open_concern.id, private.id}

    family_page = page_text(auth.login("family").get(url(meeting)))
    assert "Opa is er elke maandag" in family_page and "Zorgen over het drinken" in family_page
    for page in (url(meeting), url(meeting, "/agenda")):
        network_page = page_text(auth.login("network").get(page))
        assert "Opa is er elke maandag" in network_page
        assert "drinken" not in network_page


# Who sees a meeting ---------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["family", "mentor", "network", "youth", "youth_under_12"])
def test_the_network_and_the_youths_see_a_meeting_for_the_whole_network(auth, world, role):
    meeting = make_meeting(world)
    client = auth.login(role)
    assert meeting.title in page_text(client.get(f"/families/{world.family.id}/meetings"))
    page = client.get(url(meeting))
    assert page.status_code == 200
    assert "Bij Sandra thuis" in page_text(page)


@pytest.mark.parametrize("role", ["professional", "outsider"])
def test_professionals_and_outsiders_see_no_meetings(auth, world, role):
    meeting = make_meeting(world)
    client = auth.login(role)
    assert client.get(f"/families/{world.family.id}/meetings").status_code == 404
    assert client.get(url(meeting)).status_code == 404
    assert client.get(url(meeting, "/agenda")).status_code == 404


@pytest.mark.parametrize("role", ["network", "youth"])
def test_a_narrowed_meeting_leaves_no_trace_for_the_network(auth, world, role):
    make_meeting(world, title="Open beraad")
    narrowed = make_meeting(world, title="Voorgesprek met Jeroen", visibility=Visibility.FAMILY_AND_MENTOR,
                            days_ahead=5)
    client = auth.login(role)
    listing = page_text(client.get(f"/families/{world.family.id}/meetings"))
    assert "Open beraad" in listing and "Voorgesprek" not in listing
    assert "(1)" in listing  # one coming meeting counted, not two
    for suffix in ("", "/agenda"):
        assert client.get(url(narrowed, suffix)).status_code == 404
    assert "Voorgesprek" in page_text(auth.login("mentor").get(f"/families/{world.family.id}/meetings"))


def test_a_narrowed_meetings_part_hides_every_meeting_from_the_network(auth, world):
    meeting = make_meeting(world)
    db.session.add(PartVisibility(family_id=world.family.id, part=PlanPart.MEETINGS))
    db.session.commit()
    assert auth.login("network").get(url(meeting)).status_code == 404
    assert auth.login("network").get(f"/families/{world.family.id}/meetings").status_code == 404
    family_page = page_text(auth.login("family").get(f"/families/{world.family.id}/meetings"))
    assert "Only the family and the mentor see this" in family_page


def test_every_meeting_says_who_can_see_it(auth, world):
    open_meeting = make_meeting(world)
    narrowed = make_meeting(world, visibility=Visibility.FAMILY_AND_MENTOR)
    client = auth.login("family")
    whole, only = "The whole network sees this", "Only the family and the mentor see this"
    assert whole in page_text(client.get(url(open_meeting)))
    assert only in page_text(client.get(url(narrowed)))
    assert whole in page_text(client.get(f"/families/{world.family.id}/meetings"))


def test_a_meeting_of_another_family_is_not_found_through_ones_own_family(auth, world):
    meeting = make_meeting(world)
    client = auth.login("outsider")
    assert client.get(f"/families/{world.other_family.id}/meetings/{meeting.id}").status_code == 404


# Invitations ----------------------------------------------------------------------------------

def test_the_family_invites_people_of_the_network(auth, world):
    meeting = make_meeting(world)
    client = auth.login("family")
    page = page_text(client.get(url(meeting, "/invite")))
    assert "Opa Test" in page and "Tante Zonder Account" in page and "Jongere Veertien" in page
    assert "Wijkteam Test" not in page  # professionals wait for consent
    response = client.post(url(meeting, "/invite"),
                           data={"people": [str(world.people["network"].id), str(world.people["no_account"].id)]})
    assert response.status_code == 302
    invited = {i.person_id: i.reply for i in db.session.scalars(sa.select(MeetingInvitation))}
    assert invited == {world.people["network"].id: Reply.WAITING, world.people["no_account"].id: Reply.WAITING}


def test_inviting_nobody_or_someone_not_on_the_list_is_refused(auth, world):
    meeting = make_meeting(world)
    client = auth.login("family")
    empty = client.post(url(meeting, "/invite"), data={})
    assert empty.status_code == 200 and "Choose at least one person" in page_text(empty)
    professional = client.post(url(meeting, "/invite"), data={"people": [str(world.people["professional"].id)]})
    assert professional.status_code == 200
    outsider = client.post(url(meeting, "/invite"), data={"people": [str(world.people["outsider"].id)]})
    assert outsider.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(MeetingInvitation.id))) == 0


def test_only_the_family_and_the_mentor_can_be_invited_to_a_narrowed_meeting(auth, world):
    meeting = make_meeting(world, visibility=Visibility.FAMILY_AND_MENTOR)
    client = auth.login("family")
    page = page_text(client.get(url(meeting, "/invite")))
    assert "Mentor Test" in page and "Opa Test" not in page and "Tante Zonder Account" not in page
    client.post(url(meeting, "/invite"), data={"people": [str(world.people["network"].id)]})
    assert db.session.scalar(sa.select(sa.func.count(MeetingInvitation.id))) == 0


def test_narrowing_a_meeting_with_network_guests_is_refused_naming_them(auth, world):
    meeting = make_meeting(world, invited=["network", "mentor"])
    response = auth.login("family").post(
        url(meeting, "/edit"), data=meeting_form(visibility="family_and_mentor", version=meeting.version))
    assert response.status_code == 200
    assert "These invited people would no longer see the meeting: Opa Test." in page_text(response)
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).visibility == Visibility.NETWORK


def test_the_family_withdraws_an_invitation(auth, world):
    meeting = make_meeting(world, invited=["network"])
    assert auth.login("network").post(url(meeting, f"/invitations/{world.people['network'].id}/withdraw"),
                                      data={}).status_code == 403
    response = auth.login("family").post(url(meeting, f"/invitations/{world.people['network'].id}/withdraw"),
                                         data={})
    assert response.status_code == 303
    assert invitation_of(meeting, world.people["network"]) is None


# Answers --------------------------------------------------------------------------------------

@pytest.mark.parametrize("role, answer", [("network", Reply.COMING), ("youth", Reply.MAYBE),
                                          ("mentor", Reply.NOT_COMING)])
def test_each_invited_person_answers_for_themselves(auth, world, role, answer):
    meeting = make_meeting(world, invited=[role])
    person = world.people[role]
    response = auth.login(role).post(url(meeting, f"/replies/{person.id}"),
                                     data={"answer": answer.value, "note": "Ik ben er om acht uur"})
    assert response.status_code == 303
    invitation = invitation_of(meeting, person)
    assert (invitation.reply, invitation.reply_note) == (answer, "Ik ben er om acht uur")
    assert invitation.recorded_by_id == world.accounts[role].id and not invitation.noted_by_someone_else


def test_the_family_notes_the_answer_of_someone_without_an_account_and_who_noted_it_shows(auth, world):
    meeting = make_meeting(world, invited=["no_account"])
    aunt = world.people["no_account"]
    response = auth.login("family").post(url(meeting, f"/replies/{aunt.id}"), data={"answer": "coming"})
    assert response.status_code == 303
    invitation = invitation_of(meeting, aunt)
    assert invitation.reply == Reply.COMING
    assert invitation.recorded_by_id == world.accounts["family"].id and invitation.noted_by_someone_else
    page = page_text(auth.login("network").get(url(meeting)))
    assert "Tante Zonder Account" in page and "Moeder Test" in page
    assert "(Noted by Moeder Test.)" in page


@pytest.mark.parametrize("role, target", [
    ("network", "no_account"),    # only the family and the mentor note answers for others
    ("youth", "no_account"),
    ("network", "family"),
    ("family", "network"),        # someone with an account answers for themselves
    ("mentor", "youth"),
])
def test_nobody_answers_for_someone_else_unless_allowed(auth, world, role, target):
    meeting = make_meeting(world, invited=[target])
    response = auth.login(role).post(url(meeting, f"/replies/{world.people[target].id}"), data={"answer": "coming"})
    assert response.status_code == 403
    assert invitation_of(meeting, world.people[target]).reply == Reply.WAITING


def test_someone_not_invited_cannot_answer(auth, world):
    meeting = make_meeting(world, invited=["family"])
    response = auth.login("network").post(url(meeting, f"/replies/{world.people['network'].id}"),
                                          data={"answer": "coming"})
    assert response.status_code == 404
    assert invitation_of(meeting, world.people["network"]) is None


def test_professionals_cannot_answer(auth, world):
    meeting = make_meeting(world, invited=["no_account"])
    response = auth.login("professional").post(url(meeting, f"/replies/{world.people['no_account'].id}"),
                                               data={"answer": "coming"})
    assert response.status_code == 404


@pytest.mark.parametrize("answer", ["", "waiting", "ja graag", "<script>"])
def test_an_odd_answer_is_refused_and_the_note_stays(auth, world, answer):
    meeting = make_meeting(world, invited=["network"])
    response = auth.login("network").post(url(meeting, f"/replies/{world.people['network'].id}"),
                                          data={"answer": answer, "note": "Misschien later"})
    assert response.status_code == 200
    assert "Please choose: coming, not coming or maybe." in page_text(response)
    assert 'value="Misschien later"' in response.get_data(as_text=True)
    assert invitation_of(meeting, world.people["network"]).reply == Reply.WAITING


def test_a_note_that_is_too_long_is_refused(auth, world):
    meeting = make_meeting(world, invited=["network"])
    response = auth.login("network").post(url(meeting, f"/replies/{world.people['network'].id}"),
                                          data={"answer": "coming", "note": "x" * 301})
    assert response.status_code == 200
    assert "300" in page_text(response)
    assert invitation_of(meeting, world.people["network"]).reply == Reply.WAITING


def test_no_answers_after_the_meeting_took_place(auth, world):
    meeting = make_meeting(world, days_ahead=-7, invited=["network"])
    client = auth.login("network")
    assert "Send my answer" not in page_text(client.get(url(meeting)))
    response = client.post(url(meeting, f"/replies/{world.people['network'].id}"), data={"answer": "coming"})
    assert response.status_code == 303
    assert invitation_of(meeting, world.people["network"]).reply == Reply.WAITING


# Outcome --------------------------------------------------------------------------------------

def test_the_notes_are_written_after_the_meeting_and_a_stale_save_is_refused(auth, world):
    meeting = make_meeting(world, days_ahead=-3)
    seen = meeting.version
    assert auth.login("mentor").post(url(meeting, "/notes"),
                                     data={"notes": "Goed gesprek gehad.", "version": seen}).status_code == 302
    stale = auth.login("family").post(url(meeting, "/notes"), data={"notes": "Mijn versie", "version": seen})
    assert stale.status_code == 409
    assert "Goed gesprek gehad." in page_text(stale) and "Mijn versie" in page_text(stale)
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).notes == "Goed gesprek gehad."
    assert "Goed gesprek gehad." in page_text(auth.login("network").get(url(meeting)))


def test_agreements_from_a_meeting_land_in_the_plan(auth, world):
    meeting = make_meeting(world, days_ahead=-3)
    client = auth.login("family")
    response = client.post(url(meeting, "/agreements/new"),
                           data={"title": "Opa brengt Noor op maandag naar school", "description": "Om 8.15 uur",
                                 "visibility": "network"})
    assert response.status_code == 303
    agreement = db.session.scalar(sa.select(Agreement))
    assert (agreement.family_id, agreement.title, agreement.created_by_id) == (
        world.family.id, "Opa brengt Noor op maandag naar school", world.people["family"].id)
    db.session.expire_all()
    assert [a.id for a in db.session.get(Meeting, meeting.id).agreements] == [agreement.id]
    assert "Opa brengt Noor" in page_text(auth.login("network").get(url(meeting)))
    assert "Opa brengt Noor" in page_text(client.get(f"/families/{world.family.id}/plan/agreements"))


def test_a_narrowed_agreement_from_a_meeting_is_hidden_from_the_network(auth, world):
    meeting = make_meeting(world, days_ahead=-3)
    auth.login("family").post(url(meeting, "/agreements/new"),
                              data={"title": "Afspraak over het drinken", "visibility": "family_and_mentor"})
    assert db.session.scalar(sa.select(sa.func.count(Agreement.id))) == 1
    assert "drinken" not in page_text(auth.login("network").get(url(meeting)))
    assert "drinken" in page_text(auth.login("mentor").get(url(meeting)))


def test_an_agreement_without_a_title_is_refused(auth, world):
    meeting = make_meeting(world, days_ahead=-3)
    response = auth.login("family").post(url(meeting, "/agreements/new"), data={"description": "Zonder titel"})
    assert response.status_code == 200 and "Zonder titel" in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count(Agreement.id))) == 0


@pytest.mark.parametrize("role, status", [("network", 403), ("youth", 403), ("professional", 404)])
def test_only_the_family_and_the_mentor_add_agreements_from_a_meeting(auth, world, role, status):
    meeting = make_meeting(world, days_ahead=-3)
    response = auth.login(role).post(url(meeting, "/agreements/new"), data={"title": "Iets"})
    assert response.status_code == status
    assert db.session.scalar(sa.select(sa.func.count(Agreement.id))) == 0


# The agenda to print ---------------------------------------------------------------------------

def test_the_agenda_prints_date_place_goal_agenda_rules_and_who_comes(auth, world):
    meeting = make_meeting(world, invited=["network", "no_account", "mentor"],
                           agenda="Welkom en koffie\nWat gaat goed\nAfspraken", ground_rules="Iedereen mag uitpraten")
    invitation_of(meeting, world.people["network"]).reply = Reply.COMING
    invitation_of(meeting, world.people["no_account"]).reply = Reply.NOT_COMING
    db.session.commit()
    response = auth.login("youth").get(url(meeting, "/agenda"))
    assert response.status_code == 200
    text = page_text(response)
    for expected in ("Netwerkberaad", "Bij Sandra thuis", "19:30", "Samen een plan maken", "Welkom en koffie",
                     "Iedereen mag uitpraten", "Opa Test"):
        assert expected in text
    assert "Tante Zonder Account" not in text  # not coming
    html = response.get_data(as_text=True)
    assert '<ol class="agenda-items">' in html and "agenda-sheet" in html


def test_the_stylesheet_prints_meetings_without_navigation_or_buttons(project_root):
    css = (project_root / "portal" / "static" / "kring.css").read_text()
    block = css[css.index("/* meetings */"):]
    print_rules = block[block.index("@media print"):]
    for selector in (".family-nav", ".site-header", ".no-print", ".meeting form", ".meeting .button"):
        assert selector in print_rules.split("{")[1], selector


# The demo family ------------------------------------------------------------------------------

def test_the_demo_family_has_a_past_and_a_next_meeting_with_answers(app):
    from portal.demo import build_demo_family
    from portal.review.queries import build_review
    from portal.access import family_context

    family = build_demo_family(TODAY)
    db.session.commit()
    meetings = {m.title: m for m in db.session.scalars(sa.select(Meeting).where(Meeting.family_id == family.id))}
    conference = meetings["Eigen Kracht-conferentie"]
    follow_up = meetings["Netwerkberaad: hoe gaat het met het plan?"]
    assert conference.meeting_date < TODAY and conference.notes
    assert len(conference.agreements) == 5 and conference.shared_entries
    assert follow_up.meeting_date == TODAY + timedelta(days=21)
    replies = {i.person.name: i for i in follow_up.invitations}
    assert replies["Kees de Vries"].reply == Reply.COMING and not replies["Kees de Vries"].noted_by_someone_else
    assert replies["Miriam Kaya"].reply == Reply.NOT_COMING and replies["Miriam Kaya"].noted_by_someone_else
    assert replies["Fatima El Amrani"].reply == Reply.WAITING
    assert meetings["Voorgesprek met Jeroen"].visibility == Visibility.FAMILY_AND_MENTOR

    opa = next(p for p in family.people if p.name == "Kees de Vries")
    client = app.test_client().login_as(opa.user)
    listing = page_text(client.get(f"/families/{family.id}/meetings"))
    assert "Eigen Kracht-conferentie" in listing and "Voorgesprek" not in listing
    page = client.get(f"/families/{family.id}/meetings/{conference.id}")
    assert page.status_code == 200 and "Opa brengt Noor op maandag naar school" in page_text(page)
    assert client.get(f"/families/{family.id}/meetings/{follow_up.id}/agenda").status_code == 200

    sandra = next(p for p in family.people if p.name == "Sandra de Vries")
    review = build_review(family_context(sandra.user.id, family.id), TODAY)
    assert review.last_meeting.id == conference.id and review.next_meeting.title == "Voorgesprek met Jeroen"
    review_page = app.test_client().login_as(sandra.user).get(f"/families/{family.id}/review")
    assert review_page.status_code == 200
