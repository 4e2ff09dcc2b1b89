"""Permissions (consent): which professional may see which parts of the plan, who must still agree,
and withdrawing; and professionals' comments on a part under a "read and comment" permission."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import (Access, FamilyContext, family_view, may_agree_to_consent, may_withdraw_consent,
                           part_entry_view, part_view, visible_consents)
from portal.audit.models import AuditAction
from portal.consent.actions import NewConsent, agree_to, give_consent, withdraw_consent
from portal.consent.comments import add_comment, comment_form
from portal.consent.forms import ConsentForm
from portal.consent.queries import months_later, part_page
from portal.consent.labels import CONSENTABLE_PARTS
from portal.consent.models import Consent, ConsentLevel
from portal.consent.queries import consent_card, consent_cards, day, names
from portal.transactions import answer_refusal
from portal.consent.services import ConsentRefused, consent_state
from portal.consent.grants import family_people
from portal.extensions import dutch_today
from portal.families.models import Person, Role
from portal.forms import choices
from portal.forms import ConfirmForm
from portal.parts.registry import PART_TITLES
from portal.parts.models import PlanPart
from portal.submissions.services import already_saved, save_once

bp = Blueprint("consent", __name__)


def _back(ctx: FamilyContext):
    return redirect(url_for("consent.index", family_id=ctx.family.id), code=303)


def _required(ctx: FamilyContext, consent: Consent) -> list[Person]:
    """Whose agreement `consent` needs today (the age rule), for the policy's consent rules."""
    return consent_state(consent, family_people(ctx.family.id), dutch_today()).required


@bp.route("/families/<int:family_id>/consent")
@family_view(Access.VIEW_CONSENT)
def index(ctx: FamilyContext):
    cards = consent_cards(ctx, dutch_today())
    return render_template("consent/index.html", ctx=ctx, current=[c for c in cards if c.current],
                           earlier=[c for c in cards if not c.current], agree_form=ConfirmForm())


def _professionals(ctx: FamilyContext) -> list[Person]:
    return [p for p in family_people(ctx.family.id) if p.role == Role.PROFESSIONAL]


@bp.route("/families/<int:family_id>/consent/new", methods=["GET", "POST"])
@family_view(Access.MANAGE_CONSENT, action=AuditAction.CREATE)
def new(ctx: FamilyContext):
    professionals = _professionals(ctx)
    form = ConsentForm()
    form.professional.choices = choices((p.id, f"{p.name} ({p.relation})" if p.relation else p.name)
                                        for p in professionals)
    if not form.is_submitted():
        today = dutch_today()
        form.valid_from.data, form.valid_until.data = today, months_later(today, 3)
    if professionals and form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        professional = next(p for p in professionals if p.id == form.professional.data)
        details = NewConsent(professional, {PlanPart(value) for value in form.parts.data},
                             ConsentLevel(form.level.data), form.valid_from.data, form.valid_until.data,
                             form.purpose.data or "")
        try:
            state = give_consent(ctx, details, current_user._get_current_object(), dutch_today())
        except ConsentRefused as refused:
            flash(str(refused), "error")
            return render_template("consent/form.html", ctx=ctx, form=form, professionals=professionals), 422
        if state.in_force:
            saved = _("The permission is in force: %(name)s can now see the parts you chose.", name=professional.name)
        elif state.waiting_for:
            saved = _("The permission is saved. It comes into force when %(names)s have agreed.",
                      names=names(state.waiting_for))
        else:
            saved = _("The permission is saved. It starts on %(date)s.", date=day(details.valid_from))
        return save_once(form, _back(ctx).location, saved)
    return render_template("consent/form.html", ctx=ctx, form=form, professionals=professionals)


@bp.route("/families/<int:family_id>/consent/<int:consent_id>/agree", methods=["POST"])
@part_entry_view(None, Consent, Access.VIEW_CONSENT, "consent_id", scope=visible_consents, family_page=True,
                 allowed=lambda ctx, consent: may_agree_to_consent(ctx, consent, _required(ctx, consent)))
def agree(ctx: FamilyContext, consent: Consent):
    try:
        state = agree_to(ctx, consent, current_user._get_current_object(), dutch_today())
    except ConsentRefused as refused:
        return answer_refusal(refused, url_for("consent.index", family_id=ctx.family.id))
    if state.in_force:
        flash(_("Thank you. Everyone agreed: the permission for %(name)s is in force.",
                name=consent.professional.name), "success")
    elif state.waiting_for:
        flash(_("Thank you for agreeing. The permission still waits for %(names)s.",
                names=names(state.waiting_for)), "success")
    else:
        flash(_("Thank you. Everyone agreed: the permission starts on %(date)s.", date=day(consent.valid_from)),
              "success")
    return _back(ctx)


@bp.route("/families/<int:family_id>/consent/<int:consent_id>/withdraw", methods=["GET", "POST"])
@part_entry_view(None, Consent, Access.VIEW_CONSENT, "consent_id", scope=visible_consents, family_page=True,
                 allowed=lambda ctx, consent: may_withdraw_consent(ctx, consent, _required(ctx, consent)))
def withdraw(ctx: FamilyContext, consent: Consent):
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            withdraw_consent(ctx, consent, current_user._get_current_object())
        except ConsentRefused as refused:
            return answer_refusal(refused, url_for("consent.index", family_id=ctx.family.id))
        flash(_("The permission is withdrawn. From now on %(name)s no longer sees these parts of the plan.",
                name=consent.professional.name), "success")
        return _back(ctx)
    return render_template("consent/withdraw.html", ctx=ctx, form=form,
                           card=consent_card(ctx, consent, dutch_today()))


# Comments on a part -----------------------------------------------------------------------------

_COMMENTABLE = "any({})".format(", ".join(part.value for part in CONSENTABLE_PARTS))


@bp.route(f"/families/<int:family_id>/comments/<{_COMMENTABLE}:part>", methods=["POST"])
def comment(family_id: int, part: str):
    plan_part = PlanPart(part)
    # `part_view` for the part of the URL: 404 unless the member reads it, and logged as that part.
    # Only a "read and comment" permission for the part lets a professional comment on it (else 403).
    return part_view(plan_part, action=AuditAction.CREATE,
                     allowed=lambda ctx: ctx.can_comment_on(plan_part))(_comment_on)(
        family_id=family_id, part=plan_part)


def _comment_on(ctx: FamilyContext, part: PlanPart):
    form = comment_form(request.form)
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        add_comment(ctx, part, form.text.data)
        endpoint = part_page(part)
        return save_once(form, url_for(endpoint or "plans.overview", family_id=ctx.family.id),
                         _("Your comment is added."))
    return render_template("consent/comment_form.html", ctx=ctx, form=form, part=part,
                           part_title=PART_TITLES[part], back=part_page(part))
