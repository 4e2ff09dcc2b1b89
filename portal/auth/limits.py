"""Rate limits on everything that checks a secret or sends mail (Flask-Limiter), and the table of
login throttles (see `throttle.py`).

Limits count per client address, and where guessing one account from many addresses is the
danger, per account too. The counts live in `RATELIMIT_STORAGE_URI`: memory for one process,
Redis when several workers or machines must share them.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_login import current_user
from flask_limiter.util import get_remote_address

from portal.auth.services import normalise_email

# The two steps of a login that check a secret.
PASSWORD = "password"
CODE = "code"
# What a throttle counts: every try, or only the wrong ones (so logging in often never slows anyone).
ATTEMPTS = "attempts"
FAILURES = "failures"
# Per what: the client address; the account together with the address; the account from anywhere.
PER_ADDRESS = "address"
PER_ACCOUNT_AND_ADDRESS = "account+address"
PER_ACCOUNT = "account"


@dataclass(frozen=True)
class Throttle:
    step: str
    counts: str
    per: str
    # Moving windows, short to long: the wait grows with the number of tries, but always ends.
    limits: tuple[str, ...]
    # The owner's known devices (see devices.py) are not held back by this one.
    known_devices_exempt: bool = False


LOGIN_THROTTLES = (
    # A script on one address, whatever accounts it tries.
    Throttle(PASSWORD, ATTEMPTS, PER_ADDRESS, ("10 per minute",)),
    # Guessing one account from one place: a minute, then an hour, then a day. Never a lock, and
    # nobody at another address is slowed by it.
    Throttle(PASSWORD, FAILURES, PER_ACCOUNT_AND_ADDRESS, ("5 per minute", "10 per hour", "20 per day")),
    # Guessing one account from many addresses at once. The owner's own browser still gets in.
    Throttle(PASSWORD, FAILURES, PER_ACCOUNT, ("30 per hour", "100 per day"), known_devices_exempt=True),
    # Whoever reaches the code step knows the password: fewer guesses at the code.
    Throttle(CODE, ATTEMPTS, PER_ADDRESS, ("5 per minute",)),
    Throttle(CODE, FAILURES, PER_ACCOUNT_AND_ADDRESS, ("5 per minute", "10 per hour", "20 per day")),
    Throttle(CODE, FAILURES, PER_ACCOUNT, ("20 per hour", "50 per day"), known_devices_exempt=True),
)


@dataclass(frozen=True)
class FailureNotice:
    step: str
    # The owner gets one mail when the failures for the account reach this, once per window.
    after: str


FAILURE_NOTICES = (
    # A few typos are normal; ten wrong passwords in an hour are worth a word to the owner.
    FailureNotice(PASSWORD, "10 per hour"),
    # A wrong code means someone knew the password: tell the owner sooner.
    FailureNotice(CODE, "3 per hour"),
)

# Setting up two-factor login: the first code, from the logged-in user's own session.
CODE_PER_ADDRESS = "5 per minute"
RESET_REQUESTS_PER_ADDRESS = "5 per hour"
# No more than a few mails to one inbox, whoever asks.
RESET_REQUESTS_PER_EMAIL = "3 per hour"
RESETS_PER_ADDRESS = "10 per hour"
# Confirming with the password (change it, turn two-factor off): a stolen session must not guess.
PASSWORD_CHECKS_PER_ACCOUNT = "10 per hour"


def typed_email() -> str:
    return "email:" + normalise_email(request.form.get("email", ""))


def current_account() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


def form_was_refused(response) -> bool:
    """A form that comes back (200) instead of moving on (a redirect) was a failed attempt."""
    return response.status_code == 200
