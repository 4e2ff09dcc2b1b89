"""The log: short updates from everyone in the network, newest first."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.audit.models import AuditAction
from portal.access import Access, FamilyContext, may_remove_log_entry, part_entry_view, part_view
from portal.input import page_number
from portal.logbook.forms import EntryVisibilityForm, LogEntryForm
from portal.logbook.models import LogEntry
from portal.logbook.queries import log_page
from portal.logbook.services import remove_entry, set_entry_visibility, write_entry
from portal.parts.forms import confirm_removal, drop_visibility_unless
from portal.parts.models import PlanPart, Visibility
from portal.submissions.services import already_saved, save_once
from portal.transactions import BrokenForm, answer_refusal

# Named "log", as the plan's hub links to it (`log.index`); the package is `logbook`.
bp = Blueprint("log", __name__)


def _render_index(ctx: FamilyContext, form: LogEntryForm):
    return render_template("logbook/index.html", ctx=ctx, form=form, page=log_page(ctx, page_number()))


def _entry_form(ctx: FamilyContext) -> LogEntryForm:
    form = LogEntryForm()
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    return form


@bp.route("/families/<int:family_id>/log")
@part_view(PlanPart.LOG)
def index(ctx: FamilyContext):
    return _render_index(ctx, _entry_form(ctx))


@bp.route("/families/<int:family_id>/log", methods=["POST"])
@part_view(PlanPart.LOG, Access.WRITE_LOG, action=AuditAction.CREATE)
def write(ctx: FamilyContext):
    form = _entry_form(ctx)
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        write_entry(ctx.membership, form.text.data, form.chosen_visibility())
        return save_once(form, url_for("log.index", family_id=ctx.family.id), _("Thank you for writing this down."))
    return _render_index(ctx, form)


@bp.route("/families/<int:family_id>/log/<int:log_entry_id>/visibility", methods=["POST"])
@part_entry_view(PlanPart.LOG, LogEntry, Access.NARROW_VISIBILITY, "log_entry_id")
def visibility(ctx: FamilyContext, entry: LogEntry):
    form = EntryVisibilityForm()
    back = url_for("log.index", family_id=ctx.family.id, _anchor=f"entry-{entry.id}")
    if not form.validate_on_submit():
        return answer_refusal(BrokenForm(), back)
    chosen = form.chosen_visibility()
    set_entry_visibility(entry, chosen)
    flash(_("The whole network sees this update again.") if chosen == Visibility.NETWORK else
          _("Only the family and the mentor see this update now."), "success")
    return redirect(back, code=303)


# Only its author takes back their own words (else 403).
@bp.route("/families/<int:family_id>/log/<int:log_entry_id>/remove", methods=["GET", "POST"])
@part_entry_view(PlanPart.LOG, LogEntry, Access.WRITE_LOG, "log_entry_id", action=AuditAction.DELETE,
                 allowed=lambda ctx, entry: may_remove_log_entry(ctx, entry.author_id))
def remove(ctx: FamilyContext, entry: LogEntry):
    return confirm_removal("logbook/remove.html", lambda: remove_entry(entry),
                           _("Your update is removed from the log."),
                           redirect(url_for("log.index", family_id=ctx.family.id), code=303), ctx=ctx, entry=entry)
