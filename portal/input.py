"""What comes in from the browser, made safe once for every route: text without control
characters, ids within the database's integer range, page numbers within reason.

Each form still validates its own fields; this module removes the kinds of input no form
should ever have to think about (and that would otherwise end in a 500, e.g. a NUL byte on
PostgreSQL or an id beyond its `integer` column).
"""
from __future__ import annotations

import re
from functools import cached_property

from flask import Request, request
from flask_babel import get_locale
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter

# The largest id PostgreSQL's `integer` column holds; a larger one can name nothing.
MAX_ID = 2**31 - 1
# Far beyond any real list, yet small enough that OFFSET (page * size) stays a sane integer.
MAX_PAGE = 100_000

# C0 and C1 control characters except tab, line feed and carriage return (a textarea sends those),
# and the bidirectional embeddings and overrides U+202A-U+202E, which can make a name or a line
# read backwards on someone else's screen (the isolates and the LRM/RLM marks that right-to-left
# writers use stay). Nobody types these; they come from pasted binary or from someone probing.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]")


def clean_text(value: str) -> str:
    """`value` without the control characters above; everything visible is kept as typed.

    Stripping, not refusing: the characters are invisible, so a message about them would leave
    a grandparent with nothing to correct."""
    return _UNWANTED.sub("", value)


def _cleaned(values: MultiDict) -> MultiDict:
    return type(values)((key, clean_text(value)) for key, value in values.items(multi=True))


class CleanInputRequest(Request):
    """A request whose form fields and query-string values never hold a control character."""

    def _load_form_data(self) -> None:
        already_loaded = "form" in self.__dict__
        super()._load_form_data()
        if not already_loaded:
            self.__dict__["form"] = _cleaned(self.__dict__["form"])

    @property
    def args(self) -> MultiDict:
        if "_clean_args" not in self.__dict__:
            self.__dict__["_clean_args"] = _cleaned(super().args)
        return self.__dict__["_clean_args"]

    @cached_property
    def wtforms_translations(self):
        """WTForms' own messages in the page's language. Flask-WTF looks for them here first and
        would otherwise read WTForms' catalog from disk in every request that builds a form."""
        from portal.i18n import wtforms_catalog

        return wtforms_catalog(str(get_locale()))


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` in every route, but no larger than the largest id: a larger number is a 404
    before any view runs, instead of an overflow in the database."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def page_number() -> int:
    """The `?page=` of this request: 1 when missing or not a number, at most `MAX_PAGE`."""
    number = request.args.get("page", default=1, type=int) or 1
    return min(max(number, 1), MAX_PAGE)


def query_id(name: str, default: int) -> int:
    """An id from the query string: `default` when missing, not a number, or out of range."""
    value = request.args.get(name, default=default, type=int)
    return value if 0 <= value <= MAX_ID else default
