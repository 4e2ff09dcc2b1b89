"""The loaders every family page goes through: load the family (and the entry), check access,
open the request's access-log row, then run the view. 404 for what the member may not see (its
existence does not leak), 403 for what they may see but not do."""
from __future__ import annotations

from functools import wraps
from typing import Callable

import sqlalchemy as sa
from flask import abort, g, request
from flask_login import current_user, login_required

from portal.access.context import FamilyContext, family_context
from portal.access.flags import READ_CAPABILITIES, Access
from portal.access.rules import may_act_for
from portal.access.scopes import visible_entries, visible_people, visible_tasks
from portal.audit.hooks import action_for_method, open_event, subject_for_request
from portal.audit.models import AuditAction
from portal.audit.services import AuditEvent
from portal.extensions import db
from portal.families.models import Person
from portal.input import MAX_ID
from portal.parts.models import PlanPart
from portal.tasks.models import Task


def visible_entry_or_404(ctx: FamilyContext, model, part: PlanPart, entry_id: int):
    """The entry `entry_id` of `model` if this member may see it; else 404 (it does not exist for them)."""
    entry = db.session.scalar(visible_entries(ctx, model, part).where(model.id == entry_id))
    if entry is None:
        abort(404)
    return entry


# Actions that only read, and so hold for a GET as well: a PDF made of the plan is logged as such.
_READING_ACTIONS = frozenset({AuditAction.EXPORT})


def _audit_event(ctx: FamilyContext | None, family_id: int | None, part: PlanPart | None,
                 action: AuditAction | None) -> AuditEvent:
    # `action` is what the route does when it changes something; a GET of the same route reads.
    # An outsider's attempt on a family is logged for the operators (no family), never where that
    # family reads it: it would tell one family who the members of another are.
    return AuditEvent(
        action=action if action is not None and (request.method not in ("GET", "HEAD") or action in _READING_ACTIONS)
        else action_for_method(), user_id=current_user.id, user_name=current_user.name,
        role=ctx.role.value if ctx else "", family_id=family_id if ctx else None, part=part.value if part else "",
        consent_id=ctx.consent_for(part) if ctx else None, subject=subject_for_request(family_id),
    )


def _admit(family_id: int | None, capability: Access, part: PlanPart | None, action: AuditAction | None,
           find: Callable[[FamilyContext], object] | None = None,
           must_read: bool = True, capability_first: bool = False) -> tuple[FamilyContext, object]:
    """The member's context (and the entry `find` looks up in their scope), with this request's
    access-log row opened; or a 404 for what they may not see and a 403 for what they may not do.
    `part` is what the row names; the member must be able to read it unless `must_read` is off.
    With `capability_first`, a member without `capability` gets 403 before `find` looks anything up.
    A denied request's row is written when it has been rolled back (see `portal.transactions`)."""
    ctx = family_context(current_user.id, family_id) if family_id is not None else None
    open_event(_audit_event(ctx, family_id, part, action))
    if ctx is None or (must_read and part is not None and not ctx.can_read(part)):
        abort(404)
    if capability_first:
        g.family_ctx = ctx
        _check(ctx, capability)
    found = find(ctx) if find is not None else None
    if find is not None and found is None:
        abort(404)
    g.family_ctx = ctx
    _check(ctx, capability)
    return ctx, found


def _check(ctx: FamilyContext, capability: Access) -> None:
    if capability not in ctx.access:
        abort(404 if capability & READ_CAPABILITIES else 403)


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        abort(403)


def family_view(capability: Access = Access.VIEW_FAMILY, part: PlanPart | None = None,
                action: AuditAction | None = None,
                allowed: Callable[[FamilyContext], bool] | None = None) -> Callable:
    """Load the family of `family_id`, check membership and `capability`, pass `ctx` to the view.
    `part` names the part of the plan the page is about, for the access log; `action` says what
    the route does there (default: a GET reads, a POST changes). `allowed(ctx)`, a rule of the
    policy, must hold too (else 403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(family_id: int, **kwargs):
            ctx, _ = _admit(family_id, capability, part, action, must_read=False)
            _refuse_unless(allowed is None or allowed(ctx))
            return view(ctx, **kwargs)

        return wrapped

    return decorator


def part_view(part: PlanPart, capability: Access = Access.VIEW_FAMILY, action: AuditAction | None = None,
              allowed: Callable[[FamilyContext], bool] | None = None) -> Callable:
    """Like `family_view`, and the member must be able to read `part` (else 404)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(family_id: int, **kwargs):
            ctx, _ = _admit(family_id, capability, part, action)
            _refuse_unless(allowed is None or allowed(ctx))
            return view(ctx, **kwargs)

        return wrapped

    return decorator


def part_entry_view(part: PlanPart | None, model, capability: Access = Access.VIEW_FAMILY,
                    id_arg: str = "entry_id",
                    scope: Callable[[FamilyContext], sa.Select] | None = None,
                    allowed: Callable[[FamilyContext, object], bool] | None = None,
                    action: AuditAction | None = None,
                    sees: Callable[[FamilyContext, object], bool] | None = None,
                    family_page: bool = False, capability_first: bool = False) -> Callable:
    """The one loader for "this entry of this part, with this capability": the URL's `id_arg` must
    name an entry of `model` in this family that the member may see (else 404), the member must
    hold `capability` (else 403, or 404 for a read), and `allowed(ctx, entry)`, a rule of the access
    policy about this one entry, must hold (else 403). The view gets `ctx` and the entry. `scope` is
    the scoped query when it is narrower than `visible_entries` (and required without a `part`,
    for what belongs to the family rather than to one part of the plan: then the access-log row
    names no part, and the URL names the entry). `sees(ctx, entry)` narrows the scope by a rule
    that is no query (else 404, like an entry outside the scope). On a `family_page` (people,
    permissions) the member need not read `part`, which only names the log row's part, and lacking
    `capability` is a 403 whatever entry the URL names, as on `family_view`; `capability_first` asks
    that of a part's page too (the part's keepers edit it: anyone else gets 403 for every id alike)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(family_id: int, **kwargs):
            entry_id = kwargs.pop(id_arg)

            def find(ctx: FamilyContext):
                query = scope(ctx) if scope is not None else visible_entries(ctx, model, part)
                entry = db.session.scalar(query.where(model.id == entry_id))
                return entry if entry is None or sees is None or sees(ctx, entry) else None

            ctx, entry = _admit(family_id, capability, part, action, find,
                                must_read=not family_page, capability_first=family_page or capability_first)
            _refuse_unless(allowed is None or allowed(ctx, entry))
            return view(ctx, entry, **kwargs)

        return wrapped

    return decorator


def account_entry_view(load: Callable[[object, int], object | None], id_arg: str) -> Callable:
    """For a page about one thing of the logged-in user's own (not of a family): `load(user, id)`
    finds what the URL's `id_arg` names among what is theirs, else 404. The view gets the entry."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(**kwargs):
            entry = load(current_user._get_current_object(), kwargs.pop(id_arg))
            if entry is None:
                abort(404)
            return view(entry, **kwargs)

        return wrapped

    return decorator


def token_view(load: Callable[[str], object | None], token_arg: str) -> Callable:
    """For a page whose URL holds its own key (a signed or random token: a one-click unsubscribe, a
    calendar address), open without a login: `load(token)` finds what the key opens, else 404."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(**kwargs):
            found = load(kwargs.pop(token_arg))
            if found is None:
                abort(404)
            return view(found, **kwargs)

        return wrapped

    return decorator


def entry_as_it_is_now(model, entry_id: int):
    """An entry reloaded after someone else saved it first (to show it beside what the user typed);
    404 when they removed it meanwhile."""
    entry = db.session.get(model, entry_id, populate_existing=True)
    if entry is None:
        abort(404)
    return entry


def task_view(capability: Access = Access.VIEW_FAMILY, action: AuditAction | None = None) -> Callable:
    """Load the task of `task_id` if this user may see it; pass `ctx` and `task` to the view."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(task_id: int, **kwargs):
            family_id = db.session.scalar(sa.select(Task.family_id).where(Task.id == task_id))
            # Tasks belong to the agreements, but a youth sees their own tasks without reading that
            # part: `visible_tasks` decides.
            ctx, task = _admit(family_id, capability, PlanPart.AGREEMENTS, action,
                               lambda ctx: db.session.scalar(visible_tasks(ctx).where(Task.id == task_id)),
                               must_read=False)
            return view(ctx, task, **kwargs)

        return wrapped

    return decorator


def person_to_act_for(ctx: FamilyContext, raw_id: str | None) -> Person:
    """Whom a task button is for: the user (no id), or someone of this family the user may act for
    (`may_act_for`), else 403. An id that names nobody the user sees is a 404, so that an unknown id
    neither falls back to the user nor reveals another family's names."""
    if not raw_id:
        person = ctx.membership
    else:
        known = raw_id.isascii() and raw_id.isdigit() and int(raw_id) <= MAX_ID
        person = db.session.scalar(visible_people(ctx).where(Person.id == int(raw_id))) if known else None
        if person is None:
            abort(404)
    if not may_act_for(ctx, person):
        abort(403)
    return person
