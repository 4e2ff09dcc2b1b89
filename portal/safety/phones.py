"""Phone numbers as people type them, and as a phone dials them.

A number is always shown as it was typed ("0800-2000", "06 12345678"): that is how people know
it. Only the `tel:` link gets the dialable form.
"""
from __future__ import annotations

import re

_ALLOWED = re.compile(r"^[0-9+()\-./ ]+$")
_TRUNK_ZERO = re.compile(r"\(0\)")


def looks_like_phone(typed: str) -> bool:
    """Digits with the usual separators, at least three digits (112), '+' only in front."""
    typed = typed.strip()
    if not typed or not _ALLOWED.match(typed) or "+" in typed[1:]:
        return False
    return sum(ch.isdigit() for ch in typed) >= 3


def dialable(typed: str) -> str:
    """The number for a `tel:` link: digits only, a leading '+' kept, "+31 (0)6" read as "+316"."""
    typed = typed.strip()
    if typed.startswith("+"):
        typed = _TRUNK_ZERO.sub("", typed)
    digits = "".join(ch for ch in typed if ch.isdigit())
    return f"+{digits}" if typed.startswith("+") else digits
