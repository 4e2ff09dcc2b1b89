"""The plan hub, who sees which part, the goal with its history, and concerns, strengths and exceptions."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask import current_app
from flask_babel import force_locale, ngettext

from portal.agreements.models import Agreement
from portal.agreements.services import is_fully_accepted
from portal.conditions.models import Condition
from portal.conditions.services import statuses_of
from portal.demo import build_demo_family
from portal.extensions import db
from portal.plans.models import EntryKind, Plan, PlanEntry, PlanRevision, PlanStatus
from portal.parts.models import PartVisibility, PlanPart, Visibility
from portal.plans.services import EntryText, PlanText, add_entry, save_plan, set_part_visibility
from portal.tasks.models import Task
from tests.conftest import page_text, translated

NETWORK, NARROW = Visibility.NETWORK, Visibility.FAMILY_AND_MENTOR


def plural(singular: str, plural_form: str, number: int, **variables) -> str:
    """`ngettext` as a Dutch page shows it."""
    with current_app.test_request_context(), force_locale("nl"):
        return ngettext(singular, plural_form, number, **variables)


def url(world, path: str = "") -> str:
    return f"/families/{world.family.id}/plan{path}"


def note(world, kind=EntryKind.CONCERN, text="Een zorg", visibility=NETWORK, author="family") -> PlanEntry:
    entry = add_entry(world.family.id, EntryText(kind, text, visibility), world.people[author])
    db.session.commit()
    return entry


def write_goal(world, goal="Rust in huis", own_words="", status=PlanStatus.DRAFT, by="family") -> Plan:
    plan = db.session.scalar(sa.select(Plan).where(Plan.family_id == world.family.id))
    save_plan(world.family.id, PlanText(goal, own_words, status), world.people[by],
              seen_version=plan.version if plan else 0)
    db.session.commit()
    return db.session.scalar(sa.select(Plan).where(Plan.family_id == world.family.id))


def narrow(world, part: PlanPart) -> None:
    set_part_visibility(world.family.id, part, NARROW)
    db.session.commit()


# ---- the hub --------------------------------------------------------------------------------

def test_the_hub_has_a_card_per_part_and_links_to_plan_and_tasks(auth, world):
    response = auth.login("family").get(url(world))
    html = response.get_data(as_text=True)
    for path in ("/goal", "/concerns", "/agreements", "/conditions"):
        assert f'href="{url(world, path)}"' in html
    # The nav: "Plan" is the hub (current page), "Tasks" the task overview.
    assert f'href="{url(world)}" aria-current="page"' in html
    assert f'href="/families/{world.family.id}/tasks"' in html
    assert translated("Tasks") in page_text(response)


@pytest.mark.parametrize("role, readable, unreadable", [
    ("network", ["/goal", "/concerns", "/agreements", "/conditions"], []),
    ("youth", [], ["/goal", "/concerns", "/agreements", "/conditions"]),
    ("professional", ["/conditions"], ["/goal", "/concerns", "/agreements"]),
])
def test_the_hub_shows_only_the_parts_a_member_may_read(auth, world, role, readable, unreadable):
    response = auth.login(role).get(url(world))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for path in readable:
        assert f'href="{url(world, path)}"' in html
    for path in unreadable:
        assert f'href="{url(world, path)}"' not in html


def test_the_hub_is_hidden_from_other_families_and_anonymous_visitors(client, auth, world):
    assert auth.login("outsider").get(url(world)).status_code == 404
    assert client.get(url(world)).headers["Location"].startswith("/login")


def test_the_nav_shows_plan_only_to_members_who_see_the_plan(auth, world):
    html = auth.login("youth").get(url(world)).get_data(as_text=True)
    assert f'href="{url(world)}"' not in html.split("</nav>")[1]  # not in the family nav


def test_hub_counts_never_include_narrowed_entries_for_the_network(auth, world):
    note(world, EntryKind.CONCERN, "Zorg een")
    note(world, EntryKind.CONCERN, "Zorg twee")
    note(world, EntryKind.CONCERN, "Zorg over drinken", NARROW)
    note(world, EntryKind.STRENGTH, "Opa helpt")
    network_page = page_text(auth.login("network").get(url(world)))
    family_page = page_text(auth.login("family").get(url(world)))
    assert plural("%(num)d concern", "%(num)d concerns", 2) in network_page
    assert plural("%(num)d concern", "%(num)d concerns", 3) not in network_page
    assert plural("%(num)d concern", "%(num)d concerns", 3) in family_page
    assert plural("%(num)d strength", "%(num)d strengths", 1) in network_page


def test_a_narrowed_part_has_no_card_for_the_network_and_says_so_to_the_family(auth, world):
    narrow(world, PlanPart.CONCERNS)
    network_html = auth.login("network").get(url(world)).get_data(as_text=True)
    assert f'href="{url(world, "/concerns")}"' not in network_html
    assert auth.login("network").get(url(world, "/concerns")).status_code == 404
    family = auth.login("family")
    assert f'href="{url(world, "/concerns")}"' in family.get(url(world)).get_data(as_text=True)
    assert translated("Only the family and the mentor see this") in page_text(family.get(url(world, "/concerns")))


# ---- narrowing and widening a part ----------------------------------------------------------

def narrowed_parts(world) -> set[PlanPart]:
    return set(db.session.scalars(sa.select(PartVisibility.part).where(PartVisibility.family_id == world.family.id)))


@pytest.mark.parametrize("role", ["family", "mentor"])
def test_the_family_circle_narrows_and_widens_a_part(auth, world, role):
    client = auth.login(role)
    assert client.get(url(world, "/visibility")).status_code == 200
    response = client.post(url(world, "/visibility"), data={"part": "goal", "visibility": "family_and_mentor"})
    assert response.status_code == 303
    assert narrowed_parts(world) == {PlanPart.GOAL}
    assert auth.login("network").get(url(world, "/goal")).status_code == 404
    client.post(url(world, "/visibility"), data={"part": "goal", "visibility": "network"})
    assert narrowed_parts(world) == set()
    assert auth.login("network").get(url(world, "/goal")).status_code == 200


@pytest.mark.parametrize("role, status", [("network", 403), ("professional", 403), ("youth", 403),
                                          ("outsider", 404)])
def test_only_the_family_circle_may_narrow(auth, world, role, status):
    response = auth.login(role).post(url(world, "/visibility"), data={"part": "goal", "visibility": "family_and_mentor"})
    assert response.status_code == status
    assert narrowed_parts(world) == set()


@pytest.mark.parametrize("data", [
    {"part": "safety", "visibility": "family_and_mentor"},   # a youth must always find their chain
    {"part": "goal", "visibility": "everyone"},
    {"part": "nonsense", "visibility": "network"},
    {},
])
def test_odd_visibility_posts_change_nothing(auth, world, data):
    response = auth.login("family").post(url(world, "/visibility"), data=data, follow_redirects=True)
    assert response.status_code == 200
    assert translated("Something went wrong with the form. Please try again.") in page_text(response)
    assert narrowed_parts(world) == set()


def test_the_safety_plan_is_not_offered_for_narrowing(auth, world):
    html = auth.login("family").get(url(world, "/visibility")).get_data(as_text=True)
    assert 'value="safety"' not in html
    assert 'value="goal"' in html


# ---- goal and the family's own words --------------------------------------------------------

def test_the_family_writes_the_goal_and_the_network_reads_it(auth, world):
    family = auth.login("family")
    assert family.get(url(world, "/goal/edit")).status_code == 200
    response = family.post(url(world, "/goal/edit"), data={
        "goal": "Sam en Noor wonen veilig thuis.", "own_words": "Ik wil weer lucht hebben.",
        "status": "active", "version": "0"})
    assert response.status_code == 303
    page = page_text(auth.login("network").get(url(world, "/goal")))
    assert "Sam en Noor wonen veilig thuis." in page and "Ik wil weer lucht hebben." in page
    assert translated("Active: we are carrying it out") in page
    assert translated("The whole network sees this") in page


@pytest.mark.parametrize("role, status", [("network", 403), ("youth", 404), ("professional", 404),
                                          ("outsider", 404)])
def test_only_the_family_circle_edits_the_goal(auth, world, role, status):
    write_goal(world, "Oorspronkelijk doel")
    client = auth.login(role)
    assert client.get(url(world, "/goal/edit")).status_code == status
    response = client.post(url(world, "/goal/edit"), data={"goal": "Gekaapt", "status": "closed", "version": "1"})
    assert response.status_code == status
    assert db.session.scalar(sa.select(Plan.goal)) == "Oorspronkelijk doel"


def test_every_earlier_text_is_kept_with_who_and_which_field(auth, world):
    write_goal(world, "Eerste doel", "Eerste woorden", PlanStatus.DRAFT, by="family")
    write_goal(world, "Tweede doel", "Eerste woorden", PlanStatus.ACTIVE, by="mentor")
    write_goal(world, "Derde doel", "Nieuwe woorden", PlanStatus.ACTIVE, by="family")
    revisions = db.session.scalars(sa.select(PlanRevision).order_by(PlanRevision.id)).all()
    assert [(r.field.value, r.previous_text, r.changed_by_id) for r in revisions] == [
        ("goal", "Eerste doel", world.people["mentor"].id),
        ("status", "draft", world.people["mentor"].id),
        ("goal", "Tweede doel", world.people["family"].id),
        ("own_words", "Eerste woorden", world.people["family"].id),
    ]
    page = page_text(auth.login("network").get(url(world, "/goal/history")))
    assert "Eerste doel" in page and "Tweede doel" in page and "Eerste woorden" in page
    assert translated("Draft: still being written") in page
    assert "Mentor Test" in page and "Moeder Test" in page
    # Newest first.
    assert page.index("Tweede doel") < page.index("Eerste doel")


def test_a_stale_goal_edit_is_refused_shows_the_other_change_and_keeps_the_typed_text(auth, world):
    write_goal(world, "Rust in huis")
    mentor = auth.login("mentor")
    assert 'name="version" value="1"' in mentor.get(url(world, "/goal/edit")).get_data(as_text=True)
    write_goal(world, "Rust in huis, en Sandra staat er niet alleen voor", by="family")

    response = mentor.post(url(world, "/goal/edit"), data={
        "goal": "Mijn eigen versie van het doel", "own_words": "", "status": "draft", "version": "1"})

    assert response.status_code == 409
    page = page_text(response)
    assert "Rust in huis, en Sandra staat er niet alleen voor" in page      # the other person's change
    assert "Mijn eigen versie van het doel" in page                          # what this user typed
    assert 'name="version" value="2"' in response.get_data(as_text=True)      # ready to save again
    assert db.session.scalar(sa.select(Plan.goal)) == "Rust in huis, en Sandra staat er niet alleen voor"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PlanRevision)) == 1


def test_a_goal_that_is_too_long_is_refused_and_the_text_kept(auth, world):
    response = auth.login("family").post(url(world, "/goal/edit"), data={
        "goal": "x" * 4001, "own_words": "Mijn woorden", "status": "draft", "version": "0"})
    assert response.status_code == 200
    page = page_text(response)
    assert translated("Please keep this under %(max)d characters.", max=4000) in page
    assert "Mijn woorden" in page
    assert db.session.scalar(sa.select(Plan)) is None


def test_an_unknown_status_is_refused_without_an_error_page(auth, world):
    response = auth.login("family").post(url(world, "/goal/edit"), data={"goal": "Doel", "status": "gone"})
    assert response.status_code == 200
    assert db.session.scalar(sa.select(Plan)) is None


# ---- concerns, strengths and exceptions -----------------------------------------------------

def test_the_concerns_page_has_three_groups(auth, world):
    note(world, EntryKind.CONCERN, "Noor slaapt slecht")
    note(world, EntryKind.STRENGTH, "Opa brengt Noor naar school", author="mentor")
    note(world, EntryKind.EXCEPTION, "In de vakantie ging het goed")
    page = page_text(auth.login("network").get(url(world, "/concerns")))
    concerns, strengths, exceptions = (page.index(translated(h)) for h in ("Concerns", "Strengths", "Exceptions"))
    assert concerns < page.index("Noor slaapt slecht") < strengths
    assert strengths < page.index("Opa brengt Noor naar school") < exceptions
    assert exceptions < page.index("In de vakantie ging het goed")
    assert "Mentor Test" in page


def test_a_narrowed_note_leaves_no_trace_for_the_network(auth, world):
    note(world, EntryKind.CONCERN, "Gewone zorg")
    secret = note(world, EntryKind.CONCERN, "Zorg over drinken", NARROW)
    network = auth.login("network")
    page = page_text(network.get(url(world, "/concerns")))
    assert "Gewone zorg" in page and "Zorg over drinken" not in page
    assert f"{translated('Concerns')} (1)" in page
    assert translated("Only the family and the mentor see this") not in page
    family_page = page_text(auth.login("family").get(url(world, "/concerns")))
    assert "Zorg over drinken" in family_page
    assert translated("Only the family and the mentor see this") in family_page
    # Editing or removing: the network may not, whatever the note (403 for every id alike).
    assert network.get(url(world, f"/concerns/{secret.id}/edit")).status_code == 403
    assert network.get(url(world, "/concerns/999999/edit")).status_code == 403


@pytest.mark.parametrize("role", ["family", "mentor"])
def test_the_family_circle_adds_a_note_with_its_visibility(auth, world, role):
    client = auth.login(role)
    form = client.get(url(world, "/concerns/new?kind=exception")).get_data(as_text=True)
    assert '<input checked id="kind-2" name="kind" type="radio" value="exception">' in form
    response = client.post(url(world, "/concerns/new"), data={
        "kind": "strength", "text": "Ria heeft een sleutel", "visibility": "family_and_mentor"})
    assert response.status_code == 303
    entry = db.session.scalar(sa.select(PlanEntry))
    assert (entry.kind, entry.text, entry.visibility, entry.author_id) == (
        EntryKind.STRENGTH, "Ria heeft een sleutel", NARROW, world.people[role].id)


@pytest.mark.parametrize("role, status", [("network", 403), ("youth", 404), ("professional", 404),
                                          ("outsider", 404)])
def test_others_cannot_add_notes(auth, world, role, status):
    response = auth.login(role).post(url(world, "/concerns/new"), data={"kind": "concern", "text": "Iets"})
    assert response.status_code == status
    assert db.session.scalar(sa.select(PlanEntry)) is None


@pytest.mark.parametrize("data", [
    {"kind": "concern", "text": "   "},
    {"kind": "worry", "text": "Een zorg die blijft staan"},
    {"kind": "concern", "text": "Een zorg die blijft staan", "visibility": "everyone"},
])
def test_bad_note_input_is_refused_and_the_text_kept(auth, world, data):
    response = auth.login("family").post(url(world, "/concerns/new"), data=data)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)
    if data["text"].strip():
        assert data["text"] in page_text(response)
    assert db.session.scalar(sa.select(PlanEntry)) is None


def test_editing_a_note_changes_its_text_kind_and_visibility(auth, world):
    entry = note(world, EntryKind.CONCERN, "Eerst zo")
    client = auth.login("mentor")
    assert "Eerst zo" in page_text(client.get(url(world, f"/concerns/{entry.id}/edit")))
    response = client.post(url(world, f"/concerns/{entry.id}/edit"), data={
        "kind": "exception", "text": "Nu anders", "visibility": "family_and_mentor", "version": "1"})
    assert response.status_code == 303
    db.session.refresh(entry)
    assert (entry.kind, entry.text, entry.visibility, entry.version) == (EntryKind.EXCEPTION, "Nu anders", NARROW, 2)


def test_a_stale_note_edit_is_refused_and_keeps_both_texts(auth, world):
    entry = note(world, EntryKind.CONCERN, "Eerst zo")
    family, mentor = auth.login("family"), auth.login("mentor")
    family.post(url(world, f"/concerns/{entry.id}/edit"), data={"kind": "concern", "text": "Versie van moeder",
                                                               "visibility": "network", "version": "1"})
    response = mentor.post(url(world, f"/concerns/{entry.id}/edit"), data={
        "kind": "concern", "text": "Versie van de mentor", "visibility": "network", "version": "1"})
    assert response.status_code == 409
    page = page_text(response)
    assert "Versie van moeder" in page and "Versie van de mentor" in page
    db.session.refresh(entry)
    assert entry.text == "Versie van moeder"


def test_removing_a_note_goes_through_a_confirmation_page(auth, world):
    entry = note(world, EntryKind.CONCERN, "Weg ermee")
    client = auth.login("family")
    confirm = client.get(url(world, f"/concerns/{entry.id}/remove"))
    assert confirm.status_code == 200 and "Weg ermee" in page_text(confirm)
    assert db.session.get(PlanEntry, entry.id) is not None
    assert client.post(url(world, f"/concerns/{entry.id}/remove"), data={}).status_code == 303
    db.session.expire_all()
    assert db.session.get(PlanEntry, entry.id) is None


def test_removing_without_a_csrf_token_removes_nothing(auth, world):
    entry = note(world, EntryKind.CONCERN, "Blijft staan")
    response = auth.login("family").post(url(world, f"/concerns/{entry.id}/remove"), data={}, csrf=False)
    assert response.status_code == 400
    assert db.session.get(PlanEntry, entry.id) is not None


def test_a_note_of_another_family_does_not_exist_here(auth, world):
    other = add_entry(world.other_family.id, EntryText(EntryKind.CONCERN, "Andere familie", NETWORK),
                      world.people["outsider"])
    db.session.commit()
    client = auth.login("family")
    assert client.get(url(world, f"/concerns/{other.id}/edit")).status_code == 404
    assert client.post(url(world, f"/concerns/{other.id}/remove"), data={}).status_code == 404
    assert db.session.get(PlanEntry, other.id) is not None


# ---- the demo family ------------------------------------------------------------------------

def test_the_demo_family_has_a_plan_in_each_of_these_parts(app, monkeypatch):
    # Still argon2id, with the lightest settings: the demo hashes six passwords.
    monkeypatch.setattr("portal.auth.services._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    family = build_demo_family(date.today())
    db.session.commit()
    plan = db.session.scalar(sa.select(Plan).where(Plan.family_id == family.id))
    assert plan.status == PlanStatus.ACTIVE and "Sandra" in plan.goal and plan.revisions
    kinds = {e.kind for e in db.session.scalars(sa.select(PlanEntry).where(PlanEntry.family_id == family.id))}
    assert kinds == set(EntryKind)
    assert db.session.scalar(sa.select(PlanEntry).where(PlanEntry.visibility == NARROW)) is not None
    agreements = db.session.scalars(sa.select(Agreement).where(Agreement.family_id == family.id)).all()
    tasks_of = {a.id: db.session.scalars(sa.select(Task).where(Task.agreement_id == a.id)).all() for a in agreements}
    accepted = [a for a in agreements if is_fully_accepted(tasks_of[a.id])]
    assert 0 < len(accepted) < len(agreements)
    conditions = db.session.scalars(sa.select(Condition).where(Condition.family_id == family.id)).all()
    met = [s.met for s in statuses_of(conditions)]
    assert True in met and False in met
    assert {c.visibility for c in conditions} == {NETWORK, NARROW}
