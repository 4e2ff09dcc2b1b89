"""`flask --app wsgi demo`: a realistic demo family in Dutch, made once (running it again changes nothing)."""
from __future__ import annotations

from datetime import date, time, timedelta

import click
from flask.cli import with_appcontext

from portal.auth.email_proof import mark_email_proven
from portal.auth.services import register_user, user_by_email
from portal.auth.twofactor import enable_two_factor, new_secret, provisioning_uri
from portal.consent import demo as consent_demo
from portal.extensions import db, dutch_today
from portal.families.models import Family, Person, Role
from portal.families.services import NewChild, add_person, create_family
from portal.parts.registry import registered_parts
from portal.tasks.models import Category, Rhythm, TaskAction
from portal.tasks.services import TaskDetails, act, create_task, on_weekday

DEMO_PASSWORD = "kring-demo"

DEMO_ACCOUNTS = [
    ("ouder@example.org", "Sandra de Vries", "family"),
    ("jongere@example.org", "Sam de Vries", "youth, 15"),
    ("mentor@example.org", "Jeroen Bakker", "mentor of Sam"),
    ("opa@example.org", "Kees de Vries", "network, grandpa"),
    ("buurvrouw@example.org", "Ria Jansen", "network, neighbour with a key"),
    ("wijkteam@example.org", "Anouk Smit", "professional, district team"),
]
# Professionals must use two-factor login; `flask demo` prints this account's secret.
DEMO_PROFESSIONAL = "wijkteam@example.org"


def _years_ago(today: date, years: int, days_extra: int) -> date:
    return date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=days_extra)


def build_demo_family(today: date) -> Family:
    accounts = {email: register_user(name, email, DEMO_PASSWORD) for email, name, _ in DEMO_ACCOUNTS}
    for account in accounts.values():
        mark_email_proven(account)  # the demo addresses are example.org: nobody could open a link
    mother = accounts["ouder@example.org"]
    family = create_family(mother, "Familie De Vries", "moeder", True, [
        NewChild("Sam", _years_ago(today, 15, 40)),
        NewChild("Noor", _years_ago(today, 9, 120)),
    ])
    sam, noor = (p for p in family.people if p.role == Role.YOUTH)
    sam.user_id = accounts["jongere@example.org"].id
    sam.relation, noor.relation = "zoon", "dochter"

    def person(name, relation, role, email=None, phone=None, **extra) -> Person:
        added = add_person(family, name=name, relation=relation, role=role, phone=phone, **extra)
        if email:
            added.user_id = accounts[email].id
            added.email = email
        return added

    opa = person("Kees de Vries", "opa", Role.NETWORK, "opa@example.org", "06 12345678")
    ria = person("Ria Jansen", "buurvrouw, heeft een sleutel", Role.NETWORK, "buurvrouw@example.org", "06 23456789")
    ellen = person("Ellen de Vries", "tante", Role.NETWORK, phone="06 34567890")
    miriam = person("Miriam Kaya", "tante", Role.NETWORK)
    fatima = person("Fatima El Amrani", "vriendin van Sandra", Role.NETWORK, phone="06 45678901")
    jeroen = person("Jeroen Bakker", "voetbaltrainer van Sam", Role.MENTOR, "mentor@example.org",
                    "06 56789012", mentor_for=sam)
    person("Anouk Smit", "wijkteam", Role.PROFESSIONAL, DEMO_PROFESSIONAL)
    enable_two_factor(accounts[DEMO_PROFESSIONAL], new_secret())

    def task(title, category, offered_to=None, *, due=None, rhythm=Rhythm.ONCE, description="", weekday=None,
             at=None):
        if weekday is not None:   # the first of these days from tomorrow
            due = on_weekday(today + timedelta(days=1), weekday)
        return create_task(family.id, TaskDetails(title, description, category, rhythm, due, offered_to,
                                                  weekday=weekday, time_of_day=at), mother)

    monday, wednesday, sunday = 0, 2, 6
    school = task("Noor naar school brengen op maandag", Category.CHILDCARE, opa, weekday=monday,
                  rhythm=Rhythm.WEEKLY, at=time(8, 15),
                  description="Bij de voordeur. Noor neemt zelf haar tas mee.")
    act(school, TaskAction.ACCEPTED, opa, accounts["opa@example.org"])
    key = task("Bij nood de deur opendoen voor de kinderen", Category.CHILDCARE, ria, rhythm=Rhythm.ON_CALL,
               description="Ria heeft een reservesleutel. Als Sandra niet thuis is, kunnen Sam en Noor bij haar terecht.")
    act(key, TaskAction.ACCEPTED, ria, accounts["buurvrouw@example.org"])
    letters = task("Samen de post van de gemeente doornemen", Category.PAPERWORK, ellen,
                   due=today + timedelta(days=5))
    act(letters, TaskAction.ACCEPTED, ellen, mother)  # Ellen has no account: Sandra notes it for her
    task("Sam naar de tandarts brengen", Category.TRANSPORT, due=today + timedelta(days=9))
    call = task("Elke week even bellen met Sandra", Category.EMOTIONAL, fatima, due=today + timedelta(days=2),
                rhythm=Rhythm.WEEKLY, description="Gewoon vragen hoe het gaat. Niet over de zorgen, als ze dat niet wil.")
    act(call, TaskAction.ACCEPTED, fatima, mother)
    cooking = task("Op woensdag koken voor het gezin", Category.PRACTICAL, miriam, weekday=wednesday,
                   rhythm=Rhythm.WEEKLY, at=time(17, 30))
    act(cooking, TaskAction.DECLINED, miriam, mother, note="Werkt op woensdag tot laat.")
    task("Noor ophalen van zwemles", Category.TRANSPORT, opa, due=on_weekday(today + timedelta(days=1), sunday),
         at=time(17, 0))
    bike = task("Fietsband van Sam plakken", Category.PRACTICAL, jeroen, due=today - timedelta(days=6))
    act(bike, TaskAction.ACCEPTED, jeroen, accounts["mentor@example.org"])
    act(bike, TaskAction.DONE, jeroen, accounts["mentor@example.org"])
    garden = task("De tuin winterklaar maken", Category.PRACTICAL, due=today - timedelta(days=3))
    act(garden, TaskAction.ACCEPTED, opa, accounts["opa@example.org"])
    task("Meegaan naar het gesprek op school", Category.EMOTIONAL, sam, due=today + timedelta(days=12))
    # Each part seeds its own demo, in the order of the plan (meetings, say, build on the agreements).
    for info in registered_parts():
        if info.demo is not None:
            info.demo(family, today)
    consent_demo.seed_demo(family, today)
    return family


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create the demo family 'Familie De Vries' with accounts (password: kring-demo)."""
    if user_by_email("ouder@example.org") is not None:
        click.echo("The demo family is already there; nothing changed.")
    else:
        build_demo_family(dutch_today())
        db.session.commit()
        click.echo("The demo family 'Familie De Vries' is ready.")
        _a_week_of_mail(dutch_today())
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for email, name, role in DEMO_ACCOUNTS:
        click.echo(f"  {email:<24} {name} ({role})")
    _echo_professional_two_factor()


def _a_week_of_mail(today: date) -> None:
    """Run the scheduler over the past week, as if Kring had been running, then deliver the outbox
    once: without a mail server the mails land in instance/outbox/ (opa has a week of them)."""
    from flask import current_app

    from portal.notifications.schedule import run_schedule
    from portal.outbox.worker import deliver_due

    for days_ago in range(6, -1, -1):
        run_schedule(today - timedelta(days=days_ago))
    done = deliver_due(current_app._get_current_object(), limit=10_000)
    click.echo(f"A week of reminders and overviews: {len(done.sent)} mails delivered "
               f"({'over SMTP' if current_app.config.get('MAIL_SERVER') else 'to instance/outbox/'}).")


def _echo_professional_two_factor() -> None:
    """Print the demo professional's two-factor secret, setting it up for a demo made before it existed."""
    professional = user_by_email(DEMO_PROFESSIONAL)
    if professional is None:
        return
    if not professional.has_two_factor:
        enable_two_factor(professional, new_secret())
        db.session.commit()
    secret = professional.totp_secret
    click.echo(f"Two-factor login for {DEMO_PROFESSIONAL} (professionals must use it). Add this key to an")
    click.echo("authenticator app on your phone, or open the otpauth:// link on it, then log in with its code:")
    click.echo("  key:  " + " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)))
    click.echo("  link: " + provisioning_uri(secret, professional.email))
