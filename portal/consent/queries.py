"""Read models of the permissions: each consent as the member sees it, its status in plain words
and what the member can do with it; and, for a professional, the parts they may read today."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from babel.lists import format_list
from flask import current_app
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.access import FamilyContext, may_withdraw_consent, visible_consents
from portal.auth.models import User
from portal.consent.grants import age_bands, family_people
from portal.consent.labels import LEVEL_LABELS
from portal.consent.models import Consent, ConsentLevel, ConsentStatus
from portal.consent.rules import band_snapshot
from portal.consent.services import ConsentState, consent_state
from portal.extensions import db
from portal.families.models import Person, Role
from portal.parts.models import PlanPart
from portal.parts.registry import PART_PAGES, PART_TITLES

OPEN_STATUSES = (ConsentStatus.PENDING, ConsentStatus.ACTIVE)


@dataclass(frozen=True)
class ConsentCard:
    consent: Consent
    state: ConsentState
    status: str                         # where it stands today, in plain words
    current: bool                       # still waiting or running; False: withdrawn, ended or over
    waiting_without_account: list[Person]  # must agree, but cannot: they have no account yet
    i_must_agree: bool
    i_agreed: bool
    i_may_withdraw: bool


def day(value: date) -> str:
    return format_date(value, "d MMMM y")


def names(people: list[Person]) -> str:
    """"Sandra, Sam and Noor", in the page's language."""
    return format_list([p.name for p in people], locale=get_locale())


def _bands(snapshot: str) -> dict[str, str]:
    return dict(pair.split(":", 1) for pair in snapshot.split(",") if ":" in pair)


def _reconfirm_reason(consent: Consent, people: list[Person], today: date) -> str:
    """Why a consent must be confirmed again: which youth had the birthday that changed who decides."""
    before = _bands(consent.agreed_bands)
    now = _bands(band_snapshot(people, today, age_bands()))
    by_id = {str(p.id): p for p in people}
    reasons = [_("%(name)s was added to the plan", name=by_id[key].name) if key not in before
               else _("%(name)s turned %(age)d", name=by_id[key].name, age=by_id[key].age_on(today))
               for key, band in now.items() if before.get(key) != band and by_id[key].age_on(today) is not None]
    if not reasons:
        return _("Needs to be confirmed again: who must agree has changed.")
    return _("Needs to be confirmed again: %(reasons)s.", reasons=format_list(reasons, locale=get_locale()))


def status_in_words(state: ConsentState, people: list[Person], today: date, ended_by: dict[int, str]) -> str:
    consent = state.consent
    if consent.status == ConsentStatus.WITHDRAWN:
        when = day(consent.ended_at.date()) if consent.ended_at else ""
        who = ended_by.get(consent.ended_by_id or 0)
        return (_("Withdrawn by %(name)s on %(date)s", name=who, date=when) if who
                else _("Withdrawn on %(date)s", date=when))
    if consent.status == ConsentStatus.ENDED:
        return _("Ended on %(date)s: the professional is no longer in the network",
                 date=day(consent.ended_at.date()) if consent.ended_at else "")
    if state.expired:
        return _("Over since %(date)s", date=day(consent.valid_until))
    if state.needs_reconfirmation:
        return _reconfirm_reason(consent, people, today)
    if consent.status == ConsentStatus.PENDING:
        return _("Waiting for %(names)s to agree", names=names(state.waiting_for))
    if state.not_started:
        return _("Everyone agreed; it starts on %(date)s", date=day(consent.valid_from))
    return _("In force until %(date)s", date=day(consent.valid_until))


def _ended_by(consents: list[Consent]) -> dict[int, str]:
    """The names of the accounts that withdrew or ended these consents, by user id."""
    ids = {c.ended_by_id for c in consents if c.ended_by_id}
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids))).all())


def _card(ctx: FamilyContext, consent: Consent, people: list[Person], today: date,
          ended_by: dict[int, str]) -> ConsentCard:
    state = consent_state(consent, people, today)
    is_open = consent.status in OPEN_STATUSES
    current = is_open and not state.expired
    me = ctx.membership.id
    return ConsentCard(
        consent=consent, state=state, status=status_in_words(state, people, today, ended_by), current=current,
        waiting_without_account=[p for p in state.waiting_for if not p.has_account] if current else [],
        i_must_agree=current and any(p.id == me for p in state.waiting_for),
        i_agreed=any(p.id == me for p in state.agreed),
        i_may_withdraw=is_open and may_withdraw_consent(ctx, consent, state.required),
    )


def consent_cards(ctx: FamilyContext, today: date) -> list[ConsentCard]:
    """The consents this member may see (a professional: their own), newest first, in a handful of
    queries whatever their number."""
    consents = list(db.session.scalars(
        visible_consents(ctx)
        .options(selectinload(Consent.parts), selectinload(Consent.approvals), selectinload(Consent.professional))
        .order_by(Consent.created_at.desc(), Consent.id.desc())))
    if not consents:
        return []
    people, ended_by = family_people(ctx.family.id), _ended_by(consents)
    return [_card(ctx, consent, people, today, ended_by) for consent in consents]


def consent_card(ctx: FamilyContext, consent: Consent, today: date) -> ConsentCard:
    """One consent as `consent_cards` shows it."""
    return _card(ctx, consent, family_people(ctx.family.id), today, _ended_by([consent]))


def pause_notice(child: Person, paused: list[ConsentState]) -> str | None:
    """What the family reads after adding `child`, when that put permissions on hold: which ones,
    for whose agreement, and why. None when nothing changed."""
    if not paused:
        return None
    professionals = names(list({s.consent.professional_id: s.consent.professional for s in paused}.values()))
    waiting = list({p.id: p for s in paused for p in s.waiting_for}.values())
    if not waiting:
        return _("Who must agree to a permission depends on the ages of the children. Because %(child)s is "
                 "now in the plan, the permissions for %(professionals)s are on hold until they are "
                 "confirmed again. You see this on the page \"Who may see what\".",
                 child=child.name, professionals=professionals)
    return _("Who must agree to a permission depends on the ages of the children. Because %(child)s is now "
             "in the plan, the permissions for %(professionals)s are on hold until %(names)s have agreed "
             "again. You see this on the page \"Who may see what\".",
             child=child.name, professionals=professionals, names=names(waiting))


def part_page(part: PlanPart) -> str | None:
    """The endpoint of the main page of `part`, when the app has one."""
    endpoint = PART_PAGES.get(part)
    return endpoint if endpoint and endpoint in current_app.view_functions else None


def months_later(day: date, months: int) -> date:
    """The same day `months` months later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class GuestPart:
    part: PlanPart
    title: str
    endpoint: str | None
    level: str
    until: date


def guest_parts(ctx: FamilyContext) -> list[GuestPart]:
    """For a professional: the parts they may read today under a permission, in the order of the
    plan, with what they may do and until when. Empty for anyone else, or without permission."""
    if ctx.role != Role.PROFESSIONAL or not ctx.grant.parts:
        return []
    ids = {consent_id for _part, consent_id in ctx.grant.consent_for_part}
    until = dict(db.session.execute(sa.select(Consent.id, Consent.valid_until).where(Consent.id.in_(ids)))
                 .all())
    return [
        GuestPart(part, str(PART_TITLES[part]), part_page(part),
                  str(LEVEL_LABELS[ConsentLevel.COMMENT if part in ctx.grant.can_comment else ConsentLevel.READ]),
                  until[ctx.grant.consent_id(part)])
        for part in PlanPart if part in ctx.grant.parts and ctx.can_read(part)
    ]
