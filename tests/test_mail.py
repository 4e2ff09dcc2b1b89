"""Mail: through a real SMTP server on loopback (aiosmtpd), only after the commit, and to the
outbox folder when no server is configured."""
from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.invitations.models import Invitation
from portal.invitations.services import invite
from tests.conftest import translated
from tests.mailserver import free_port

JOIN_LINK = re.compile(r"https?://[^\s]+/join/([A-Za-z0-9_\-]+)")


@pytest.fixture()
def app_config(smtp_server) -> dict:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port}


def test_the_invitation_mail_arrives_with_the_join_link(app, auth, world, smtp_server):
    aunt = world.people["no_account"]

    response = auth.login("family").post(f"/families/{world.family.id}/people/{aunt.id}/invite",
                                         data={"invite_how": "email", "email": "els@example.org"})

    assert response.status_code == 302
    [mail] = smtp_server.messages
    assert smtp_server.recipients == [["els@example.org"]]
    assert mail["To"] == "els@example.org"
    assert mail["From"] == app.config["MAIL_DEFAULT_SENDER"]
    assert mail["Subject"] == translated("%(inviter)s invites you to the plan of %(family)s",
                                         inviter=world.accounts["family"].name, family=world.family.name)
    body = mail.get_content()
    assert aunt.name in body
    token = JOIN_LINK.search(body).group(1)
    assert app.test_client().get(f"/join/{token}").status_code == 200


def test_the_mail_speaks_the_language_of_the_one_who_invites(app, auth, world, smtp_server):
    world.accounts["family"].locale = "en"
    db.session.commit()

    auth.login("family").post(f"/families/{world.family.id}/people/{world.people['no_account'].id}/invite",
                              data={"invite_how": "email", "email": "els@example.org"})

    [mail] = smtp_server.messages
    assert mail["Subject"] == translated("%(inviter)s invites you to the plan of %(family)s", locale="en",
                                         inviter=world.accounts["family"].name, family=world.family.name)


def invite_aunt(app, world) -> None:
    """Invite the world's person without an account by e-mail, as a request of the family would."""
    with app.test_request_context():
        invite(world.people["no_account"], world.accounts["family"], email="els@example.org", send_mail=True)
        db.session.flush()


def test_mail_leaves_only_after_the_commit(app, world, smtp_server):
    invite_aunt(app, world)
    assert smtp_server.messages == [], "nothing may leave before the change is saved"

    db.session.commit()

    assert [m["To"] for m in smtp_server.messages] == ["els@example.org"]


def test_a_rolled_back_change_sends_nothing(app, world, smtp_server):
    invite_aunt(app, world)
    db.session.rollback()
    # A later, unrelated commit must not send the dropped message either.
    world.family.name = "Familie Test-Jansen"
    db.session.commit()

    assert smtp_server.messages == []
    assert db.session.scalar(sa.select(Invitation)) is None


def test_without_a_mail_server_the_message_goes_to_the_outbox(app, world, smtp_server):
    app.config["MAIL_SERVER"] = ""

    invite_aunt(app, world)
    db.session.commit()

    assert smtp_server.messages == []
    [saved] = sorted((Path(app.instance_path) / "outbox").glob("*.eml"))
    mail = email.message_from_bytes(saved.read_bytes(), policy=email.policy.default)
    assert mail["To"] == "els@example.org"
    assert JOIN_LINK.search(mail.get_content())


def test_a_mail_server_that_is_down_does_not_lose_the_invitation(app, auth, world, smtp_server, caplog):
    app.config["MAIL_PORT"] = free_port()  # nobody listens there

    response = auth.login("family").post(
        f"/families/{world.family.id}/people/{world.people['no_account'].id}/invite",
        data={"invite_how": "email", "email": "els@example.org"}, follow_redirects=True)

    assert response.status_code == 200
    assert db.session.scalar(sa.select(Invitation)) is not None, "the link can still be shared by hand"
    assert "Could not send" in caplog.text
