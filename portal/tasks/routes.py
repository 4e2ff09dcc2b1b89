from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

import sqlalchemy as sa

from portal.access import Access, FamilyContext, family_view, may_act_for, part_view, person_to_act_for, task_view
from portal.audit.models import AuditAction
from portal.agreements.services import agreement_choices
from portal.audit.hooks import note_on_behalf_of
from portal.extensions import db, dutch_today
from portal.families.models import Person, Role
from portal.forms import choices
from portal.input import query_id
from portal.parts.forms import show_conflict
from portal.parts.models import PlanPart
from portal.redirects import safe_next
from portal.tasks.forms import NO_AGREEMENT, OPEN_FOR_ANYONE, TaskActionForm, TaskForm
from portal.notifications.sharing import open_task_message
from portal.tasks.models import Category, Rhythm, Task, TaskAction, TaskStatus
from portal.tasks.queries import commitments_overview, load_people, my_tasks, plan_overview
from portal.tasks.services import TaskDetails, TaskRefused, act, allowed_actions, create_task, edit_task
from portal.submissions.services import already_saved, save_once
from portal.transactions import BrokenForm, answer_refusal

bp = Blueprint("tasks", __name__)

ACTION_MESSAGES = {
    TaskAction.ACCEPTED: lambda: _("Thank you! The task is yours now."),
    TaskAction.DECLINED: lambda: _("Thank you for letting us know. The family will find someone else."),
    TaskAction.DONE: lambda: _("Well done! The task is marked as done."),
    TaskAction.RELEASED: lambda: _("You have given the task back. Someone else can take it on now."),
}


@bp.route("/families/<int:family_id>/tasks")
@part_view(PlanPart.AGREEMENTS)
def plan(ctx: FamilyContext):
    return render_template("tasks/plan.html", ctx=ctx, overview=plan_overview(ctx), today=dutch_today())


@bp.route("/families/<int:family_id>/commitments")
@family_view(Access.VIEW_COMMITMENTS, part=PlanPart.AGREEMENTS)
def commitments(ctx: FamilyContext):
    today = dutch_today()
    return render_template("tasks/commitments.html", ctx=ctx, overview=commitments_overview(ctx, today),
                           today=today)


@bp.route("/families/<int:family_id>/my-tasks")
@family_view(Access.TAKE_TASKS, part=PlanPart.AGREEMENTS)
def mine(ctx: FamilyContext):
    return render_template("tasks/mine.html", ctx=ctx, tasks=my_tasks(ctx), today=dutch_today(),
                           with_buttons=True)


def _offer_choices(ctx: FamilyContext) -> list:
    people = [p for p in load_people(ctx) if p.role != Role.PROFESSIONAL and not p.deceased]
    return choices([(OPEN_FOR_ANYONE, _("Open: anyone in the network can take it on"))] + [
        (p.id, f"{p.name} ({p.relation})" if p.relation else p.name) for p in people])


def _agreement_choices(ctx: FamilyContext) -> list:
    return choices([(NO_AGREEMENT, _("Not part of an agreement"))] + agreement_choices(ctx))


def _details(ctx: FamilyContext, form: TaskForm) -> TaskDetails:
    offered_to = None
    if form.offered_to.data:
        offered_to = db.session.scalar(sa.select(Person).where(
            Person.id == form.offered_to.data, Person.family_id == ctx.family.id))
    return TaskDetails(
        title=form.title.data, description=form.description.data or "",
        category=Category(form.category.data), rhythm=Rhythm(form.rhythm.data),
        due_date=form.due_date.data, offered_to=offered_to, agreement_id=form.agreement_id.data or None,
        weekday=form.chosen_weekday(), time_of_day=form.time_of_day.data,
    )


@bp.route("/families/<int:family_id>/tasks/new", methods=["GET", "POST"])
@family_view(Access.EDIT_PLAN, part=PlanPart.AGREEMENTS, action=AuditAction.CREATE)
def new(ctx: FamilyContext):
    form = TaskForm()
    form.offered_to.choices = _offer_choices(ctx)
    form.agreement_id.choices = _agreement_choices(ctx)
    if not form.is_submitted():
        form.agreement_id.data = query_id("agreement_id", NO_AGREEMENT)
        form.offered_to.data = query_id("offered_to", form.offered_to.default)  # "offer them a task" on the map
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        task = create_task(ctx.family.id, _details(ctx, form), current_user)
        return save_once(form, url_for("tasks.detail", task_id=task.id), _("The task is in the plan."), code=302)
    return render_template("tasks/form.html", ctx=ctx, form=form, task=None)


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@task_view(Access.EDIT_PLAN)
def edit(ctx: FamilyContext, task: Task):
    form = TaskForm(obj=task)
    form.offered_to.choices = _offer_choices(ctx)
    form.agreement_id.choices = _agreement_choices(ctx)
    if form.agreement_id.data is None:
        # A task without an agreement; WTForms does not coerce the None it reads from `task`, and
        # the page leaves the field out when the family has no agreements at all.
        form.agreement_id.data = NO_AGREEMENT
    if not form.is_submitted():
        form.offered_to.data = task.offered_to_id or OPEN_FOR_ANYONE
        form.category.data, form.rhythm.data = task.category.value, task.rhythm.value
    if form.validate_on_submit():
        try:
            edit_task(task, _details(ctx, form), current_user, seen_version=form.version.data or 0)
        except TaskRefused as refused:
            # Show the task as it is now, and keep what this user typed beside it.
            return show_conflict("tasks/form.html", refused, ctx=ctx, form=form, task=task, conflict=True,
                                 current=db.session.get(Task, task.id))
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("tasks.detail", task_id=task.id))
    form.version.data = task.version
    return render_template("tasks/form.html", ctx=ctx, form=form, task=task)


@bp.route("/tasks/<int:task_id>")
@task_view(Access.VIEW_FAMILY)
def detail(ctx: FamilyContext, task: Task):
    # An open task the keepers may pass on through a chat app (see `portal.notifications.sharing`).
    share = open_task_message(task) if task.status == TaskStatus.OPEN and ctx.can(Access.EDIT_PLAN) else None
    return render_template("tasks/detail.html", ctx=ctx, task=task, on_behalf=_on_behalf(ctx, task),
                           today=dutch_today(), share_message=share)


# The order of the "note it for someone else" forms, and the route each one posts to.
ON_BEHALF_ACTIONS = {TaskAction.ACCEPTED: "tasks.accept", TaskAction.DONE: "tasks.done",
                     TaskAction.RELEASED: "tasks.release", TaskAction.DECLINED: "tasks.decline"}


def _on_behalf(ctx: FamilyContext, task: Task) -> list[tuple[TaskAction, str, list[Person]]]:
    """What this user may note on this task for someone else (people without an account, by
    `may_act_for`), per action: the action, its route, and the people it may be noted for.
    The user's own answer is not in it: the page shows that as the main button."""
    candidates = [p for p in (task.offered_to, task.assignee) if p is not None and p.id != ctx.membership.id]
    if task.status == TaskStatus.OPEN and ctx.can(Access.RECORD_FOR_OTHERS):
        candidates += [p for p in load_people(ctx) if not p.has_account and p.role != Role.PROFESSIONAL]
    people_for: dict[TaskAction, list[Person]] = {action: [] for action in ON_BEHALF_ACTIONS}
    for person in dict.fromkeys(candidates):   # each once, in order
        if may_act_for(ctx, person):
            for action in allowed_actions(task, person):
                people_for[action].append(person)
    return [(action, endpoint, people_for[action]) for action, endpoint in ON_BEHALF_ACTIONS.items()
            if people_for[action]]


def _act(ctx: FamilyContext, task: Task, action: TaskAction):
    form = TaskActionForm()
    back = safe_next(form.next.data, url_for("tasks.detail", task_id=task.id))
    if not form.validate_on_submit():
        return answer_refusal(BrokenForm(), back)
    person = person_to_act_for(ctx, form.person_id.data)
    try:
        if person.id != ctx.membership.id:
            note_on_behalf_of(person.name)
        act(task, action, person, current_user, note=form.reason.data or "")
    except TaskRefused as refused:
        return answer_refusal(refused, back)
    flash(ACTION_MESSAGES[action](), "success")
    return redirect(back, code=303)


@bp.route("/tasks/<int:task_id>/accept", methods=["POST"])
@task_view(Access.TAKE_TASKS)
def accept(ctx: FamilyContext, task: Task):
    return _act(ctx, task, TaskAction.ACCEPTED)


@bp.route("/tasks/<int:task_id>/decline", methods=["POST"])
@task_view(Access.TAKE_TASKS)
def decline(ctx: FamilyContext, task: Task):
    return _act(ctx, task, TaskAction.DECLINED)


@bp.route("/tasks/<int:task_id>/done", methods=["POST"])
@task_view(Access.TAKE_TASKS)
def done(ctx: FamilyContext, task: Task):
    return _act(ctx, task, TaskAction.DONE)


@bp.route("/tasks/<int:task_id>/release", methods=["POST"])
@task_view(Access.TAKE_TASKS)
def release(ctx: FamilyContext, task: Task):
    return _act(ctx, task, TaskAction.RELEASED)
