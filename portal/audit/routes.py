""""Who looked at our plan": the family's access log (NEN 7513), and a professional's own rows of it."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from portal.access import Access, FamilyContext, family_view, may_read_access_log
from portal.audit.forms import LogFilterForm
from portal.audit.hooks import amend
from portal.audit.models import AuditAction
from portal.audit.queries import EVERYONE, GUESTS, LogFilters, access_log_page, lines_of_the_network, people_in_log
from portal.forms import choices
from portal.input import page_number

bp = Blueprint("audit", __name__)


def _filters(form: LogFilterForm, everything: bool) -> LogFilters:
    """What the form asks for; a field with a mistake in it filters nothing (its message says so).
    Who reads only their own lines (`everything` false) sees all of them."""
    whose = GUESTS if everything else EVERYONE
    if not request.args:
        return LogFilters(whose=whose)
    form.validate()
    start = form.start.data if not form.start.errors else None
    end = form.end.data if not form.end.errors else None
    person = form.person.data if not form.person.errors else None
    if everything and not form.whose.errors:
        whose = form.whose.data
    return LogFilters(person or None, start, end, whose)


# The family and a youth from 12 read all of it, a professional their own rows (see
# `visible_access_log`); anyone else in the family gets 403.
@bp.route("/families/<int:family_id>/access-log")
@family_view(Access.VIEW_FAMILY, allowed=may_read_access_log)
def family_log(ctx: FamilyContext):
    form = LogFilterForm(formdata=request.args or None)
    form.person.choices = choices([(0, _("Everyone"))] + people_in_log(ctx))
    everything = ctx.can(Access.VIEW_ACCESS_LOG)
    filters = _filters(form, everything)
    page = access_log_page(ctx, filters, page_number())
    folded = lines_of_the_network(ctx) if everything and filters.whose == GUESTS and not filters.user_id else 0
    # NEN 7513: reading the log is itself logged. This request's row says so, and is written now
    # (a row left to the end of a request that did not commit counts as "nothing done").
    amend(action=AuditAction.VIEW_LOG, subject="access-log")
    query = {key: value for key, value in request.args.items() if key != "page"}
    return render_template("audit/family_log.html", ctx=ctx, form=form, page=page, filters=filters, query=query,
                           everything=everything, folded=folded, show_network={**query, "whose": EVERYONE})
