"""Sharing through a chat app: the invitation link stays on the person's card until it is used or
renewed, open tasks get a ready message, links are on the public address, and the join page says
who invited and what waits."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from portal.auth.tokens import hash_token
from portal.extensions import db
from portal.invitations.models import Invitation
from portal.tasks.models import TaskStatus
from tests.conftest import page_text, translated
from tests.factories import TaskFactory
from tests.test_invitations import invite_by_link

PUBLIC = "https://kring.example.org"


@pytest.fixture()
def app_config() -> dict:
    return {"SERVER_NAME_FOR_MAIL": PUBLIC}


def people_page(client, world) -> str:
    return client.get(f"/families/{world.family.id}/people").get_data(as_text=True)


def test_the_link_stays_on_the_card_until_it_is_renewed_or_used(app, auth, world):
    family = auth.login("family")
    first = invite_by_link(family, world)
    page = people_page(family, world)
    assert f"{PUBLIC}/join/{first}" in page
    [whatsapp] = re.findall(r'href="https://wa.me/\?text=([^"]+)"', page)
    assert f"{PUBLIC}/join/{first}" in unquote(unescape(whatsapp)) and " " not in whatsapp

    second = invite_by_link(family, world)
    page = people_page(family, world)
    assert second in page and first not in page, "a new invitation renews the link on the card"

    invitation = db.session.scalars(sa.select(Invitation).where(Invitation.token_hash == hash_token(second))).one()
    assert invitation.share_nonce and second not in invitation.share_nonce, "the database holds no link"
    visitor = auth.login("outsider")
    visitor.post(f"/join/{second}")
    assert second not in people_page(family, world), "a used link leaves the card"


def test_a_mailed_link_is_never_shown(app, auth, world):
    family = auth.login("family")
    family.post(f"/families/{world.family.id}/people/{world.people['no_account'].id}/invite",
                data={"invite_how": "email", "email": "els@example.org"})
    assert "/join/" not in people_page(family, world)


def test_only_who_may_invite_sees_the_link(app, auth, world):
    token = invite_by_link(auth.login("family"), world)
    assert token not in people_page(auth.login("network"), world)


def test_an_open_task_has_a_ready_message_on_the_public_address(app, auth, world):
    task = TaskFactory(family=world.family, title="Vervoer naar zwemles", status=TaskStatus.OPEN)
    taken = TaskFactory(family=world.family, title="Al bezet", status=TaskStatus.ACCEPTED,
                        assignee=world.people["network"])
    db.session.commit()

    page = auth.login("family").get(f"/tasks/{task.id}", base_url="http://localhost:5000").get_data(as_text=True)
    assert f"{PUBLIC}/tasks/{task.id}" in page and "localhost:5000/tasks" not in page
    assert "https://wa.me/?text=" in page and "share.js" in page
    assert "wa.me" not in auth.login("network").get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "wa.me" not in auth.login("family").get(f"/tasks/{taken.id}").get_data(as_text=True)


def test_the_join_page_says_who_invited_and_what_waits(app, auth, world):
    aunt = world.people["no_account"]
    TaskFactory(family=world.family, title="Oppassen op woensdag", status=TaskStatus.OFFERED, offered_to=aunt)
    db.session.commit()
    token = invite_by_link(auth.login("family"), world)

    page = page_text(app.test_client().get(f"/join/{token}"))

    assert translated("%(inviter)s invites you to the plan of %(family)s, as %(name)s.",
                      inviter=world.accounts["family"].name, family=world.family.name, name=aunt.name) in page
    assert translated("A question for you: %(task)s", task="Oppassen op woensdag") in page
