"""Phone numbers: checked once, stored in one form, shown the Dutch way, dialled by `tel:` links.

Every form field that takes a phone number uses `portal.forms.phone_number()`, which stores what
`normalise` returns: E.164 for a full number ("+31612345678"), the digits for a Dutch short number
("112"). Numbers are read the Dutch way unless they start with "+" or "00".

Numbers saved before this check existed may be anything; `dialable` gives "" for those, so a
`tel:` link can only ever hold "+" and digits.
"""
from __future__ import annotations

import enum
import re
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult, shortnumberinfo

DEFAULT_REGION = "NL"
# Dutch short numbers that phonenumbers' short-number data does not list: 113 (suicide prevention)
# and 144 (animal emergencies). 112 and the 116 numbers are in the library's data.
EXTRA_SHORT_NUMBERS = frozenset({"113", "144"})
# Digits with the usual separators; a "+" only in front.
TYPED = re.compile(r"^\+?[0-9()\-./ ]+$")


class PhoneProblem(enum.StrEnum):
    SIGNS = "signs"                  # letters or other signs
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    UNKNOWN_COUNTRY = "unknown_country"
    NOT_IN_USE = "not_in_use"        # the right length, but no such number


class NotAPhone(ValueError):
    def __init__(self, problem: PhoneProblem):
        super().__init__(problem.value)
        self.problem = problem


def _short_number(digits: str) -> bool:
    if digits in EXTRA_SHORT_NUMBERS:
        return True
    try:
        parsed = phonenumbers.parse(digits, DEFAULT_REGION)
    except NumberParseException:
        return False
    return shortnumberinfo.is_valid_short_number_for_region(parsed, DEFAULT_REGION)


def normalise(typed: str) -> str:
    """The number to store: E.164 for a full number, the digits for a Dutch short number.
    Raises `NotAPhone` with what is wrong."""
    typed = typed.strip()
    if not TYPED.match(typed):
        raise NotAPhone(PhoneProblem.SIGNS)
    digits = "".join(ch for ch in typed if ch.isdigit())
    if not typed.startswith("+") and _short_number(digits):
        return digits
    try:
        parsed = phonenumbers.parse(typed, DEFAULT_REGION)
    except NumberParseException as error:
        raise NotAPhone(PhoneProblem.UNKNOWN_COUNTRY if error.error_type == NumberParseException.INVALID_COUNTRY_CODE
                        else PhoneProblem.TOO_SHORT if error.error_type in (
                            NumberParseException.TOO_SHORT_NSN, NumberParseException.TOO_SHORT_AFTER_IDD)
                        else PhoneProblem.TOO_LONG if error.error_type == NumberParseException.TOO_LONG
                        else PhoneProblem.TOO_SHORT) from None
    if not phonenumbers.is_valid_number(parsed):
        possible = phonenumbers.is_possible_number_with_reason(parsed)
        raise NotAPhone({
            ValidationResult.TOO_SHORT: PhoneProblem.TOO_SHORT,
            ValidationResult.TOO_LONG: PhoneProblem.TOO_LONG,
            ValidationResult.INVALID_COUNTRY_CODE: PhoneProblem.UNKNOWN_COUNTRY,
        }.get(possible, PhoneProblem.NOT_IN_USE))
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


# Pages show the same few numbers again and again (a safety plan lists each several times), and
# reading one with phonenumbers costs about as much as a query: the answers are kept per number.
_SEEN_NUMBERS = 4096


@lru_cache(maxsize=_SEEN_NUMBERS)
def dialable(stored: str | None) -> str:
    """The number for a `tel:` link ("+" and digits only), or "" when `stored` is no number."""
    try:
        return normalise(stored or "")
    except NotAPhone:
        return ""


@lru_cache(maxsize=_SEEN_NUMBERS)
def display(stored: str | None) -> str:
    """The number as people write it: "06 12345678" for a Dutch one, "+44 20 7946 0958" for a
    foreign one, "112" for a short one; anything that is no number, as it was saved."""
    number = dialable(stored)
    if not number.startswith("+"):
        return number or (stored or "")
    parsed = phonenumbers.parse(number)
    dutch = phonenumbers.region_code_for_number(parsed) == DEFAULT_REGION
    return phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL if dutch else PhoneNumberFormat.INTERNATIONAL)
