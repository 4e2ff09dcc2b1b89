"""A person's own photo: put up, taken down, and shown to those who may see the people list."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.access import (Access, FamilyContext, family_view, may_put_up_photo, may_see_photo, part_entry_view,
                           visible_people)
from portal.audit.models import AuditAction
from portal.families.models import Person
from portal.parts.models import PlanPart
from portal.photos.forms import PhotoForm, RemovePhotoForm
from portal.photos.images import MAX_UPLOAD_BYTES, PhotoRefused
from portal.photos.services import photo_of, put_up_photo, take_down_photo

bp = Blueprint("photos", __name__)


@bp.route("/families/<int:family_id>/my-photo", methods=["GET", "POST"])
@family_view(Access.VIEW_FAMILY, part=PlanPart.NETWORK_MAP, action=AuditAction.UPDATE, allowed=may_put_up_photo)
def mine(ctx: FamilyContext):
    form = PhotoForm()
    if form.validate_on_submit():
        # One byte more than allowed is enough to know it is too large.
        raw = form.photo.data.read(MAX_UPLOAD_BYTES + 1)
        try:
            put_up_photo(ctx.membership, raw)
        except PhotoRefused as refused:
            form.photo.errors.append(str(refused.message))
            return _page(ctx, form), 422
        flash(_("Your photo is there. Everyone in the network sees it beside your name."), "success")
        return redirect(url_for("photos.mine", family_id=ctx.family.id), code=303)
    return _page(ctx, form)


def _page(ctx: FamilyContext, form: PhotoForm) -> str:
    return render_template("photos/mine.html", ctx=ctx, form=form)


@bp.route("/families/<int:family_id>/my-photo/remove", methods=["POST"])
@family_view(Access.VIEW_FAMILY, part=PlanPart.NETWORK_MAP, action=AuditAction.DELETE, allowed=may_put_up_photo)
def remove(ctx: FamilyContext):
    if RemovePhotoForm().validate_on_submit():
        take_down_photo(ctx.membership)
        flash(_("Your photo is removed. Your initials are shown instead."), "success")
    return redirect(url_for("photos.mine", family_id=ctx.family.id), code=303)


@bp.route("/families/<int:family_id>/people/<int:owner_id>/photo")
@part_entry_view(PlanPart.NETWORK_MAP, Person, id_arg="owner_id", scope=visible_people, sees=may_see_photo)
def photo(ctx: FamilyContext, person: Person):
    stored = photo_of(person)
    if stored is None:   # taken down a moment ago
        return Response(status=404)
    return Response(stored.data, mimetype=stored.mime_type)
