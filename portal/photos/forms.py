from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class PhotoForm(FlaskForm):
    photo = FileField(_l("Your photo"), validators=[FileRequired(_l("Please choose a photo."))],
                      description=_l("A JPEG, PNG or WebP photo of at most 5 MB. Kring makes it smaller and "
                                     "removes what the camera stored in it, such as the place where it was taken."))


class RemovePhotoForm(FlaskForm):
    """Only the CSRF token: the button that takes the photo down."""
