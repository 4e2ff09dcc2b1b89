"""The family menu, as data: which places a member sees, and which four of them a phone keeps in
its bottom bar (the rest sit under "More").

Whether a place shows is asked of the access policy (flags and `may_*` answers), never decided
here or in a template; this module only says which places exist and in what order.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.access import Access, FamilyContext, may_choose_notifications, may_read_access_log
from portal.families.models import Role
from portal.parts.models import PlanPart


@dataclass(frozen=True)
class Place:
    key: str
    # The words, given whether the member reads the whole family's access log (the one label that differs).
    label: Callable[[bool], str]
    endpoint: str
    shown: Callable[[FamilyContext], bool]
    also_here: tuple[str, ...] = ()       # other pages (or "blueprint.") on which this place is "where you are"

    def is_here(self, endpoint: str | None) -> bool:
        return endpoint is not None and (endpoint == self.endpoint or any(
            endpoint == other or (other.endswith(".") and endpoint.startswith(other)) for other in self.also_here))


def _words(text) -> Callable[[bool], str]:
    return lambda reads_others: str(text)


def _access_log_words(reads_others: bool) -> str:
    return str(_l("Who looked at our plan") if reads_others else _l("What I looked at"))


# A network member's start page is their own tasks: "Start" would be the same page twice.
_HAS_OWN_START = (Role.FAMILY, Role.MENTOR, Role.YOUTH, Role.PROFESSIONAL)

PLACES: tuple[Place, ...] = (
    Place("home", _words(_l("Start")), "families.home", lambda ctx: ctx.role in _HAS_OWN_START,
          also_here=("review.today",)),
    Place("mine", _words(_l("My tasks")), "tasks.mine",
          lambda ctx: ctx.can(Access.TAKE_TASKS) and ctx.can(Access.VIEW_PLAN)),
    Place("safety", _words(_l("What do I do now?")), "safety.now", lambda ctx: ctx.can_read(PlanPart.SAFETY)),
    Place("plan", _words(_l("Plan")), "plans.overview", lambda ctx: ctx.can(Access.VIEW_PLAN)),
    Place("tasks", _words(_l("Tasks")), "tasks.plan", lambda ctx: ctx.can_read(PlanPart.AGREEMENTS)),
    Place("commitments", _words(_l("Who does what")), "tasks.commitments",
          lambda ctx: ctx.can(Access.VIEW_COMMITMENTS)),
    Place("review", _words(_l("Keeping it going")), "review.index", lambda ctx: ctx.can(Access.VIEW_COMMITMENTS)),
    Place("people", _words(_l("People")), "families.people", lambda ctx: ctx.can_read(PlanPart.NETWORK_MAP)),
    Place("map", _words(_l("Network map")), "network.index", lambda ctx: ctx.can_read(PlanPart.NETWORK_MAP),
          also_here=("network.",)),
    Place("consent", _words(_l("Who may see what")), "consent.index", lambda ctx: ctx.can(Access.VIEW_CONSENT),
          also_here=("consent.new", "consent.withdraw")),
    Place("access_log", _access_log_words, "audit.family_log", may_read_access_log),
    Place("mail", _words(_l("Mail")), "notifications.settings", may_choose_notifications,
          also_here=("notifications.",)),
)

# The four places a phone keeps at hand, per role, most used first; every other place is under "More".
PHONE_BAR: dict[Role, tuple[str, ...]] = {
    Role.FAMILY: ("home", "plan", "tasks", "people"),
    Role.MENTOR: ("home", "commitments", "plan", "people"),
    Role.NETWORK: ("mine", "plan", "safety", "people"),
    Role.YOUTH: ("home", "safety", "plan", "people"),
    Role.PROFESSIONAL: ("home", "plan", "consent", "access_log"),
}


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str
    url: str
    here: bool


@dataclass(frozen=True)
class Menu:
    at_hand: list[MenuItem]     # the phone's bottom bar
    more: list[MenuItem]        # under "More" on a phone

    @property
    def everything(self) -> list[MenuItem]:
        return self.at_hand + self.more


def family_menu(ctx: FamilyContext, endpoint: str | None) -> Menu:
    """The places `ctx`'s member sees, in order, split into the phone's bar and the rest."""
    return _menu(_shown(ctx), ctx.role, ctx.family.id, endpoint, ctx.can(Access.VIEW_ACCESS_LOG))


def _shown(ctx: FamilyContext) -> tuple[str, ...]:
    return tuple(place.key for place in PLACES if place.shown(ctx))


def _menu(shown: tuple[str, ...], role: Role, family_id: int, endpoint: str | None, reads_others: bool) -> Menu:
    items = [MenuItem(place.key, place.label(reads_others), url_for(place.endpoint, family_id=family_id),
                      place.is_here(endpoint))
             for place in PLACES if place.key in shown]
    wanted = PHONE_BAR.get(role, ())
    at_hand = sorted((item for item in items if item.key in wanted), key=lambda item: wanted.index(item.key))
    return Menu(at_hand=at_hand, more=[item for item in items if item.key not in wanted])


def family_nav(ctx: FamilyContext, endpoint: str | None) -> Markup:
    """The family menu as HTML (`_family_nav.html`). Which places the member sees is asked of the
    policy on every request; the HTML for the same answer (places, language, family, page) is
    rendered once per process and kept: the menu was a tenth of a page's time."""
    return _nav_html(_shown(ctx), ctx.role, ctx.family.id, ctx.family.name, endpoint,
                     ctx.can(Access.VIEW_ACCESS_LOG), str(get_locale()), request.script_root,
                     current_app._get_current_object())


@lru_cache(maxsize=1024)
def _nav_html(shown: tuple[str, ...], role: Role, family_id: int, family_name: str, endpoint: str | None,
              reads_others: bool, locale: str, script_root: str, app: Flask) -> Markup:
    menu = _menu(shown, role, family_id, endpoint, reads_others)
    return Markup(app.jinja_env.get_template("_family_nav.html").render(menu=menu, family_name=family_name))
