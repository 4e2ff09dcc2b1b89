"""The needs pages: what the family is looking for, offers of help, and how helpers take part."""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import Access, FamilyContext, part_entry_view, part_view
from portal.audit.models import AuditAction
from portal.extensions import db
from portal.families.models import Person
from portal.forms import choices
from portal.needs.forms import MakeTaskForm, NeedForm, OfferForm, TakingPartForm
from portal.needs.models import HelpMode, HelpOffer, Need, OfferStatus, Participation, TakingPart
from portal.needs.queries import load_need, needs_overview, offer_candidates, visible_offers
from portal.needs.services import (NeedDetails, NeedRefused, accept_offer, ask_the_network, covers_of,
                                   create_need, decline_offer, edit_need, offer_help, set_taking_part)
from portal.forms import ConfirmForm
from portal.parts.forms import drop_visibility_unless
from portal.parts.models import PlanPart, Visibility
from portal.tasks.models import Category, Task
from portal.submissions.services import already_saved, save_once
from portal.transactions import BrokenForm, answer_refusal

bp = Blueprint("needs", __name__)




@bp.route("/families/<int:family_id>/needs")
@part_view(PlanPart.NEEDS)
def index(ctx: FamilyContext):
    return render_template("needs/index.html", ctx=ctx, overview=needs_overview(ctx))


def _details(form: NeedForm, current: Visibility = Visibility.NETWORK) -> NeedDetails:
    return NeedDetails(form.title.data, form.description.data or "", Category(form.category.data),
                       HelpMode(form.mode.data), form.chosen_visibility(current))


@bp.route("/families/<int:family_id>/needs/new", methods=["GET", "POST"])
@part_view(PlanPart.NEEDS, Access.EDIT_PLAN, action=AuditAction.CREATE)
def new(ctx: FamilyContext):
    form = NeedForm()
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        need = create_need(ctx.family.id, _details(form), current_user)
        return save_once(form, url_for("needs.detail", family_id=ctx.family.id, need_id=need.id),
                         _("The need is in the plan. The network can now offer to help."))
    return render_template("needs/form.html", ctx=ctx, form=form, need=None)


@bp.route("/families/<int:family_id>/needs/<int:need_id>/edit", methods=["GET", "POST"])
@part_entry_view(PlanPart.NEEDS, Need, Access.EDIT_PLAN, "need_id")
def edit(ctx: FamilyContext, need: Need):
    form = NeedForm(obj=need)
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    if not form.is_submitted():
        form.category.data, form.mode.data = need.category.value, need.mode.value
    form.show_visibility(need)
    if form.validate_on_submit():
        edit_need(need, _details(form, need.visibility))
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("needs.detail", family_id=ctx.family.id, need_id=need.id), code=303)
    return render_template("needs/form.html", ctx=ctx, form=form, need=need)


def _offer_form(ctx: FamilyContext) -> OfferForm | None:
    """The offer form with the people this user may offer as; None when there is nobody."""
    candidates = offer_candidates(ctx)
    if not candidates:
        return None
    form = OfferForm()
    form.person_id.choices = choices(
        (p.id, _("Me (%(name)s)", name=p.name) if p.id == ctx.membership.id else p.name) for p in candidates)
    return form


def _render_detail(ctx: FamilyContext, need: Need, offer_form: OfferForm | None):
    need = load_need(need)
    my_waiting_offer = next((o for o in need.offers if o.status == OfferStatus.PENDING
                             and o.person_id == ctx.membership.id), None)
    if my_waiting_offer and offer_form and len(offer_form.person_id.choices) == 1:
        offer_form = None  # they already offered; a second offer of their own would be refused
    return render_template("needs/detail.html", ctx=ctx, need=need, covers=covers_of(need), offer_form=offer_form,
                           my_waiting_offer=my_waiting_offer)


@bp.route("/families/<int:family_id>/needs/<int:need_id>")
@part_entry_view(PlanPart.NEEDS, Need, Access.VIEW_FAMILY, "need_id")
def detail(ctx: FamilyContext, need: Need):
    return _render_detail(ctx, need, _offer_form(ctx))


@bp.route("/families/<int:family_id>/needs/<int:need_id>/offer", methods=["POST"])
@part_entry_view(PlanPart.NEEDS, Need, Access.VIEW_FAMILY, "need_id")
def offer(ctx: FamilyContext, need: Need):
    form = _offer_form(ctx)
    if form is None:
        flash(_("You cannot offer help here. Ask the family what you can do."), "error")
        return redirect(url_for("needs.detail", family_id=ctx.family.id, need_id=need.id), code=303)
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        person = db.session.get(Person, form.person_id.data)
        try:
            offer_help(need, person, form.message.data or "", current_user)
        except NeedRefused as refused:
            # "Already offered" may be this very form's twin post, saved a moment ago.
            return already_saved(form) or answer_refusal(
                refused, url_for("needs.detail", family_id=ctx.family.id, need_id=need.id))
        if person.id == ctx.membership.id:
            thanks = _("Thank you for offering to help! The family will let you know.")
        else:
            thanks = _("The offer of %(name)s is noted.", name=person.name)
        return save_once(form, url_for("needs.detail", family_id=ctx.family.id, need_id=need.id), thanks)
    return _render_detail(ctx, need, form)


def _make_task_page(ctx: FamilyContext, need: Need, offer: HelpOffer | None, make_task: Callable[[str], Task],
                    done_message: str):
    """Shared by accepting an offer and asking the whole network: both make a task of `need`.

    When the need is already taken care of, the page warns first; a save based on a page that
    showed fewer tasks and accepted offers than there are now shows the warning again instead.
    """
    form = MakeTaskForm()
    covers = covers_of(load_need(need))
    if not form.is_submitted():
        form.title.data = need.title
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        if len(covers) > (form.cover_seen.data or 0):
            flash(_("Careful: this need is already taken care of. Please look again before you go on."), "error")
        else:
            try:
                task = make_task(form.title.data)
            except NeedRefused as refused:
                return answer_refusal(refused, url_for("needs.detail", family_id=ctx.family.id, need_id=need.id))
            return save_once(form, url_for("tasks.detail", task_id=task.id), done_message)
    form.cover_seen.data = len(covers)
    narrowed = ctx.seen_by(PlanPart.NEEDS, need.visibility) == Visibility.FAMILY_AND_MENTOR
    return render_template("needs/make_task.html", ctx=ctx, need=need, offer=offer, covers=covers, form=form,
                           narrowed=narrowed)


@bp.route("/families/<int:family_id>/offers/<int:offer_id>/accept", methods=["GET", "POST"])
@part_entry_view(PlanPart.NEEDS, HelpOffer, Access.EDIT_PLAN, "offer_id", scope=visible_offers)
def accept(ctx: FamilyContext, offer: HelpOffer):
    if offer.status != OfferStatus.PENDING:
        if request.method == "POST" and (resent := already_saved(MakeTaskForm())) is not None:
            return resent   # this very form accepted it: answer the resend like the first post
        flash(_("Someone in the family has already answered this offer."), "info")
        return redirect(url_for("needs.detail", family_id=ctx.family.id, need_id=offer.need_id), code=303)
    return _make_task_page(
        ctx, offer.need, offer, lambda title: accept_offer(offer, title, current_user),
        _("%(name)s's offer is accepted: the task is in the plan, taken on by %(name)s. "
          "Add a day or a rhythm if you like.", name=offer.person.name))


@bp.route("/families/<int:family_id>/offers/<int:offer_id>/decline", methods=["POST"])
@part_entry_view(PlanPart.NEEDS, HelpOffer, Access.EDIT_PLAN, "offer_id", scope=visible_offers)
def decline(ctx: FamilyContext, offer: HelpOffer):
    back = url_for("needs.detail", family_id=ctx.family.id, need_id=offer.need_id)
    if not ConfirmForm().validate_on_submit():
        return answer_refusal(BrokenForm(), back)
    try:
        decline_offer(offer)
    except NeedRefused as refused:
        return answer_refusal(refused, back)
    flash(_("The offer is marked as not needed now. It is kind to thank %(name)s yourself.",
            name=offer.person.name), "success")
    return redirect(back, code=303)


@bp.route("/families/<int:family_id>/needs/<int:need_id>/ask", methods=["GET", "POST"])
@part_entry_view(PlanPart.NEEDS, Need, Access.EDIT_PLAN, "need_id")
def ask(ctx: FamilyContext, need: Need):
    return _make_task_page(ctx, need, None, lambda title: ask_the_network(need, title, current_user),
                           _("The task is in the plan. Anyone in the network can take it on."))


@bp.route("/families/<int:family_id>/needs/taking-part", methods=["GET", "POST"])
@part_view(PlanPart.NEEDS, Access.OFFER_HELP)
def taking_part(ctx: FamilyContext):
    current = db.session.get(Participation, ctx.membership.id)
    form = TakingPartForm(way=current.way.value if current else None)
    if form.validate_on_submit():
        set_taking_part(ctx.membership, TakingPart(form.way.data))
        flash(_("Thank you! The family now knows how you want to take part."), "success")
        return redirect(url_for("needs.index", family_id=ctx.family.id), code=303)
    return render_template("needs/taking_part.html", ctx=ctx, form=form)
