"""What every template may use: the access flags, labels, dates and form helpers.

The one place that registers template globals and filters. It stays low in the import picture:
the access policy, the parts, the features' words (labels) and models, and the few read helpers
a shared macro needs; never a feature's routes.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Callable

from flask import Flask, g
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from portal import phones
from portal.parts.models import PlanPart
from portal.access import (Access, FamilyContext, is_young_child, may_act_for, may_choose_notifications,
                           may_edit_person, may_invite, may_offer_task_to, may_put_up_photo, may_read_access_log,
                           may_remove_log_entry, may_remove_person, may_see_contact_details, may_see_photo)
from portal.consent.comments import comments_section
from portal.consent.labels import LEVEL_LABELS
from portal.families.forms import CHILD, ROLE_NAMES
from portal.families.models import Role
from portal.auth.twofactor import asks_two_factor
from portal.forms import form_problems
from portal.main.forms import LANGUAGE_NAMES
from portal.meetings.labels import REPLY_CHOICES, REPLY_LABELS
from portal.meetings.models import Reply
from portal.navigation import family_nav
from portal.network.labels import DISTANCE_LABELS, TIE_WORDS, circle_names, question_text
from portal.needs.labels import HELP_MODE_LABELS, OFFER_STATUS_LABELS, TAKING_PART_GROUPS
from portal.parts.registry import PART_TITLES
from portal.photos.avatars import avatar_colour, initials
from portal.plans.labels import KIND_LABELS as ENTRY_KIND_LABELS
from portal.plans.labels import STATUS_LABELS as PLAN_STATUS_LABELS
from portal.safety.labels import LINK_KIND_BADGES
from portal.tasks.labels import CATEGORY_LABELS, RHYTHM_LABELS, STATUS_LABELS, describe_event, describe_when, status_words
from portal.tasks.models import Task
from portal.tasks.services import allowed_actions


def task_actions(ctx: FamilyContext, task: Task, person=None) -> set:
    """The task buttons to show this user for `person` (default: themselves)."""
    person = person or ctx.membership
    if not may_act_for(ctx, person):
        return set()
    return allowed_actions(task, person)


def reads_by_permission() -> bool:
    """Whether this page's reader is a guest of the family (a professional): the page then says
    "shared with you" where it would tell a member who else sees it."""
    ctx = g.get("family_ctx")
    return bool(ctx and ctx.reads_by_permission)


def relation_words(person) -> str:
    """How a person is related, as the family wrote it ("dochter"), except to another child: to
    Sam, his sister is not "daughter"."""
    ctx = g.get("family_ctx")
    reader = ctx.membership if ctx else None
    if reader is not None and reader.role == Role.YOUTH and getattr(person, "role", None) == Role.YOUTH:
        return ""
    return getattr(person, "relation", "") or ""


def role_words(person) -> str:
    """A person's role in words; a child under 12 is a child, not a "young person"."""
    return str(CHILD if is_young_child(person) else ROLE_NAMES.get(person.role, ""))


def nice_date(day: date | None) -> str:
    return format_date(day, "EEEE d MMMM y") if day else ""


def score_number(value: float) -> str:
    """A score or an average as people write it: 7, 6,5 (one decimal at most, in the user's locale)."""
    return format_decimal(round(value, 1), format="#0.#")


def label_of(labels: Mapping) -> Callable[[object], str]:
    """A filter that says a value in words (`labels[value]`), or nothing for a value without words."""
    return lambda value: str(labels.get(value, ""))


def register_template_context(app: Flask) -> None:
    app.jinja_env.globals.update(
        Access=Access, PlanPart=PlanPart, Reply=Reply, form_problems=form_problems, task_actions=task_actions,
        event_text=describe_event, comments_section=comments_section, may_invite=may_invite,
        may_remove_log_entry=may_remove_log_entry, may_remove_person=may_remove_person,
        reply_choices=REPLY_CHOICES, consent_level_labels=LEVEL_LABELS, family_nav=family_nav,
        status_words=status_words,
    )
    # The policy's answers templates ask (they test these and the flags; they derive no rule themselves).
    app.jinja_env.globals.update(may_read_access_log=may_read_access_log,
                                 may_see_contact_details=may_see_contact_details,
                                 asks_two_factor=asks_two_factor, reads_by_permission=reads_by_permission,
                                 may_choose_notifications=may_choose_notifications,
                                 may_see_photo=may_see_photo, may_put_up_photo=may_put_up_photo)
    app.jinja_env.globals.update(may_edit_person=may_edit_person, may_offer_task_to=may_offer_task_to,
                                 circle_names=circle_names)
    app.jinja_env.globals.update(avatar_colour=avatar_colour, initials=initials)
    app.jinja_env.filters.update(
        nice_date=nice_date,
        nice_datetime=lambda moment: format_datetime(moment, "d MMMM y, HH:mm") if moment else "",
        score_number=score_number,
        score_day=lambda day: format_date(day, "d MMM"),
        short_day=lambda day: format_date(day, "EEE d MMM"),
        role_name=label_of(ROLE_NAMES),
        role_words=role_words,
        relation_words=relation_words,
        category_label=label_of(CATEGORY_LABELS),
        rhythm_label=label_of(RHYTHM_LABELS),
        status_label=label_of(STATUS_LABELS),
        task_when=describe_when,
        part_title=label_of(PART_TITLES),
        plan_status_label=label_of(PLAN_STATUS_LABELS),
        entry_kind_label=label_of(ENTRY_KIND_LABELS),
        help_mode_label=label_of(HELP_MODE_LABELS),
        offer_status_label=label_of(OFFER_STATUS_LABELS),
        taking_part_label=label_of(TAKING_PART_GROUPS),
        reply_label=label_of(REPLY_LABELS),
        link_kind_label=label_of(LINK_KIND_BADGES),
        tie_words=label_of(TIE_WORDS),
        distance_label=label_of(DISTANCE_LABELS),
        question_text=question_text,
        # A `tel:` link only ever holds "+" and digits; "" for a saved number that is no number.
        dialable=phones.dialable,
        phone=phones.display,
    )

    app.jinja_env.globals.update(language_names=LANGUAGE_NAMES)

    @app.context_processor
    def inject_layout():
        # `current_user` comes from Flask-Login's own context processor: the user itself, not the
        # proxy that looks them up again at every use.
        # `_()` in templates reads the request's remembered catalog (portal/i18n.py, CatalogPerRequest).
        return {"current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])}

