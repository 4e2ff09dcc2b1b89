"""Notification settings, the one-click unsubscribe, and who could not be reached by mail."""
from __future__ import annotations

from datetime import timedelta

import click
from flask import Blueprint, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from portal.access import Access, FamilyContext, family_view, token_view
from portal.access.rules import may_choose_notifications, may_have_whole_plan_feed
from portal.audit.models import AuditAction
from portal.extensions import csrf, utcnow
from portal.families.models import Person
from portal.notifications import events  # noqa: F401  (registers the listeners that notify)
from portal.notifications.feeds import feed_by_token, feed_calendar, feed_url, new_feed, stop_feed
from portal.notifications.forms import preferences_form
from portal.notifications.links import unsubscribe_target
from portal.notifications.models import Delivery
from portal.notifications.queries import current_choices, kinds_of, unreached_people
from portal.notifications.rules import RULES, Kind
from portal.notifications.schedule import run_schedule
from portal.notifications.services import set_preference

bp = Blueprint("notifications", __name__, cli_group=None)
# The worker runs the scheduler at most this often (it is idempotent, so more often only costs).
SCHEDULE_EVERY = timedelta(minutes=10)


@bp.cli.command("schedule")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), help="Run for this day (default: Dutch today).")
def schedule_command(day) -> None:
    """Reminders and the weekly digest for today: safe to run as often as you like."""
    families = run_schedule(day.date() if day else None)
    click.echo(f"Scheduled for {families} families.")


# When this worker process last ran the scheduler.
_last_run: dict[str, object] = {}


def _scheduled_step(app) -> None:
    now = utcnow()
    if "at" in _last_run and now - _last_run["at"] < SCHEDULE_EVERY:
        return
    run_schedule()
    _last_run["at"] = now


@bp.record_once
def _join_the_worker(state) -> None:
    state.app.extensions.setdefault("kring_worker_steps", []).append(_scheduled_step)


@bp.route("/families/<int:family_id>/notifications", methods=["GET", "POST"])
@family_view(Access.VIEW_FAMILY, action=AuditAction.UPDATE, allowed=may_choose_notifications)
def settings(ctx: FamilyContext):
    person = ctx.membership
    kinds = kinds_of(person)
    form = preferences_form(kinds, current_choices(person))
    if form.validate_on_submit():
        for kind in kinds:
            set_preference(person, kind, Delivery(form[kind.value].data))
        flash(_("Your choices are saved."), "success")
        return redirect(url_for("notifications.settings", family_id=ctx.family.id), code=303)
    return render_template("notifications/settings.html", ctx=ctx, form=form, kinds=kinds)


@bp.route("/families/<int:family_id>/not-reached")
@family_view(Access.MANAGE_PEOPLE)
def unreached(ctx: FamilyContext):
    return render_template("notifications/unreached.html", ctx=ctx, unreached=unreached_people(ctx))


@bp.route("/unsubscribe/<unsubscribe_token>", methods=["GET", "POST"])
@csrf.exempt   # mail programs post here themselves (RFC 8058); the signed token is the permission
@token_view(unsubscribe_target, "unsubscribe_token")
def unsubscribe(target: tuple[Person, Kind]):
    """GET shows a button (a link checker that opens the link changes nothing); POST, from that
    button or from the mail program's one-click, turns the kind off."""
    person, kind = target
    done = request.method == "POST"
    if done:
        set_preference(person, kind, Delivery.OFF)
    return render_template("notifications/unsubscribed.html", label=RULES[kind].label, done=done,
                           family_id=person.family_id)


@bp.route("/calendar/<feed_token>.ics")
@token_view(feed_by_token, "feed_token")
def calendar_feed(found):
    """A phone's calendar asks this now and then, without a login: the address is the key."""
    response = make_response(feed_calendar(*found))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, max-age=900"
    return response


def _renew(ctx: FamilyContext, whole_plan: bool):
    token = new_feed(ctx.membership, whole_plan)
    session[f"calendar_feed_{ctx.family.id}_{int(whole_plan)}"] = feed_url(token)
    flash(_("Your new calendar address is ready. The old one no longer works."), "success")
    return redirect(url_for("auth.account") + "#calendar-title", code=303)


def _stop(ctx: FamilyContext, whole_plan: bool):
    stop_feed(ctx.membership, whole_plan)
    flash(_("The calendar address no longer works."), "success")
    return redirect(url_for("auth.account") + "#calendar-title", code=303)


@bp.route("/families/<int:family_id>/calendar/mine", methods=["POST"])
@family_view(Access.VIEW_FAMILY, action=AuditAction.CREATE, allowed=may_choose_notifications)
def renew_my_feed(ctx: FamilyContext):
    return _renew(ctx, whole_plan=False)


@bp.route("/families/<int:family_id>/calendar/mine/stop", methods=["POST"])
@family_view(Access.VIEW_FAMILY, action=AuditAction.DELETE, allowed=may_choose_notifications)
def stop_my_feed(ctx: FamilyContext):
    return _stop(ctx, whole_plan=False)


@bp.route("/families/<int:family_id>/calendar/plan", methods=["POST"])
@family_view(Access.VIEW_FAMILY, action=AuditAction.CREATE, allowed=may_have_whole_plan_feed)
def renew_plan_feed(ctx: FamilyContext):
    return _renew(ctx, whole_plan=True)


@bp.route("/families/<int:family_id>/calendar/plan/stop", methods=["POST"])
@family_view(Access.VIEW_FAMILY, action=AuditAction.DELETE, allowed=may_have_whole_plan_feed)
def stop_plan_feed(ctx: FamilyContext):
    return _stop(ctx, whole_plan=True)
