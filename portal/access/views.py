"""The loaders every family page goes through: load the family (and the entry), check access,
open the request's access-log row, then run the view. 404 for what the member may not see (its
existence does not leak), 403 for what they may see but not do."""
from __future__ import annotations

from functools import wraps
from typing import Callable

import sqlalchemy as sa
from flask import abort, current_app, g
from flask_login import current_user, login_required
from werkzeug.exceptions import HTTPException

from portal.access.context import FamilyContext, family_context
from portal.access.flags import READ_CAPABILITIES, Access
from portal.access.scopes import visible_entries, visible_tasks
from portal.audit.hooks import action_for_request, close_event, open_event, subject_for_request, write_denied
from portal.audit.services import AuditEvent
from portal.extensions import db
from portal.parts.models import PlanPart
from portal.tasks.models import Task


def visible_entry_or_404(ctx: FamilyContext, model, part: PlanPart, entry_id: int):
    """The entry `entry_id` of `model` if this member may see it; else 404 (it does not exist for them)."""
    entry = db.session.scalar(visible_entries(ctx, model, part).where(model.id == entry_id))
    if entry is None:
        abort(404)
    return entry


def _audit_event(ctx: FamilyContext | None, family_id: int | None, part: PlanPart | None) -> AuditEvent:
    return AuditEvent(
        action=action_for_request(), user_id=current_user.id, user_name=current_user.name,
        role=ctx.role.value if ctx else "", family_id=family_id, part=part.value if part else "",
        consent_id=ctx.consent_for(part) if ctx else None, subject=subject_for_request(),
    )


def _deny(ctx: FamilyContext | None, family_id: int | None, part: PlanPart | None, code: int):
    """Log the denied attempt, then answer `code` (404 hides what exists, 403 refuses an action)."""
    write_denied(_audit_event(ctx, family_id, part))
    abort(code)


def _admit(ctx: FamilyContext | None, family_id: int | None, capability: Access,
           part: PlanPart | None = None) -> FamilyContext:
    """The member's context when they may open this page; else log the attempt and answer 404/403."""
    if ctx is None:
        _deny(None, family_id, part, 404)
    if part is not None and not ctx.can_read(part):
        _deny(ctx, family_id, part, 404)
    g.family_ctx = ctx
    if capability not in ctx.access:
        _deny(ctx, family_id, part, 404 if capability & READ_CAPABILITIES else 403)
    return ctx


def _audited(ctx: FamilyContext, part: PlanPart | None, call: Callable[[], object]):
    """Run the view with this request's access-log row open; one row per request, however it ends."""
    open_event(_audit_event(ctx, ctx.family.id, part))
    try:
        response = current_app.make_response(call())
    except HTTPException as error:
        close_event(error.code or 500)
        raise
    close_event(response.status_code)
    return response


def family_view(capability: Access = Access.VIEW_FAMILY, part: PlanPart | None = None) -> Callable:
    """Load the family of `family_id`, check membership and `capability`, pass `ctx` to the view.
    `part` names the part of the plan the page is about, for the access log."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(family_id: int, **kwargs):
            ctx = _admit(family_context(current_user.id, family_id), family_id, capability)
            return _audited(ctx, part, lambda: view(ctx, **kwargs))

        return wrapped

    return decorator


def part_view(part: PlanPart, capability: Access = Access.VIEW_FAMILY) -> Callable:
    """Like `family_view`, and the member must be able to read `part` (else 404)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(family_id: int, **kwargs):
            ctx = _admit(family_context(current_user.id, family_id), family_id, capability, part)
            return _audited(ctx, part, lambda: view(ctx, **kwargs))

        return wrapped

    return decorator


def part_entry_view(part: PlanPart, model, capability: Access = Access.VIEW_FAMILY,
                    id_arg: str = "entry_id",
                    scope: Callable[[FamilyContext], sa.Select] | None = None) -> Callable:
    """Like `part_view`, for one entry of `part`: the URL's `id_arg` must name an entry of `model`
    in this family that the member may see (else 404). The view gets `ctx` and the entry.
    `scope` is the part's own scoped query when it is narrower than `visible_entries`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(family_id: int, **kwargs):
            entry_id = kwargs.pop(id_arg)
            ctx = family_context(current_user.id, family_id)
            if ctx is None or not ctx.can_read(part):
                _deny(ctx, family_id, part, 404)
            query = scope(ctx) if scope is not None else visible_entries(ctx, model, part)
            entry = db.session.scalar(query.where(model.id == entry_id))
            if entry is None:
                _deny(ctx, family_id, part, 404)
            ctx = _admit(ctx, family_id, capability, part)
            return _audited(ctx, part, lambda: view(ctx, entry, **kwargs))

        return wrapped

    return decorator


def task_view(capability: Access = Access.VIEW_FAMILY) -> Callable:
    """Load the task of `task_id` if this user may see it; pass `ctx` and `task` to the view."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(task_id: int, **kwargs):
            family_id = db.session.scalar(sa.select(Task.family_id).where(Task.id == task_id))
            ctx = family_context(current_user.id, family_id) if family_id is not None else None
            if ctx is None:
                _deny(None, family_id, PlanPart.AGREEMENTS, 404)
            task = db.session.scalar(visible_tasks(ctx).where(Task.id == task_id))
            if task is None:
                _deny(ctx, family_id, PlanPart.AGREEMENTS, 404)
            ctx = _admit(ctx, family_id, capability)
            return _audited(ctx, PlanPart.AGREEMENTS, lambda: view(ctx, task, **kwargs))

        return wrapped

    return decorator
