"""What every template may use: the access flags, labels, dates and form helpers."""
from __future__ import annotations

from datetime import date

from flask import Flask, request
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

from portal import phones
from portal.parts.models import PlanPart
from portal.access import Access, FamilyContext, may_act_for, may_read_access_log, may_see_contact_details
from portal.families.forms import ROLE_NAMES
from portal.auth.twofactor import asks_two_factor
from portal.forms import form_problems
from portal.main.forms import LanguageForm
from portal.tasks.labels import CATEGORY_LABELS, RHYTHM_LABELS, STATUS_LABELS, describe_event
from portal.tasks.models import Task
from portal.tasks.services import allowed_actions


def task_actions(ctx: FamilyContext, task: Task, person=None) -> set:
    """The task buttons to show this user for `person` (default: themselves)."""
    person = person or ctx.membership
    if not may_act_for(ctx, person):
        return set()
    return allowed_actions(task, person)


def nice_date(day: date | None) -> str:
    return format_date(day, "EEEE d MMMM y") if day else ""


def register_template_context(app: Flask) -> None:
    app.jinja_env.globals.update(Access=Access, PlanPart=PlanPart, form_problems=form_problems, task_actions=task_actions,
                                 event_text=describe_event)
    # The policy's answers templates ask (they test these and the flags; they derive no rule themselves).
    app.jinja_env.globals.update(may_read_access_log=may_read_access_log,
                                 may_see_contact_details=may_see_contact_details,
                                 asks_two_factor=asks_two_factor)
    app.jinja_env.filters.update(
        nice_date=nice_date,
        nice_datetime=lambda moment: format_datetime(moment, "d MMMM y, HH:mm") if moment else "",
        role_name=lambda role: ROLE_NAMES.get(role, ""),
        category_label=lambda category: CATEGORY_LABELS.get(category, ""),
        rhythm_label=lambda rhythm: RHYTHM_LABELS.get(rhythm, ""),
        status_label=lambda status: STATUS_LABELS.get(status, ""),
        # A `tel:` link only ever holds "+" and digits; "" for a saved number that is no number.
        dialable=phones.dialable,
        phone=phones.display,
    )

    @app.context_processor
    def inject_layout():
        locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])

        def language_form() -> LanguageForm:
            return LanguageForm(language=locale, next=request.full_path.rstrip("?"))

        return {"current_locale": locale, "language_form": language_form, "current_user": current_user}
