"""Rate limits on everything that checks a secret or sends mail (Flask-Limiter).

Limits count per client address, and where guessing one account from many addresses is the
danger, per account too. The counts live in `RATELIMIT_STORAGE_URI`: memory for one process,
Redis when several workers or machines must share them.
"""
from __future__ import annotations

from flask import request
from flask_login import current_user
from flask_limiter.util import get_remote_address

from portal.auth.services import normalise_email
from portal.auth.sessions import pending_user_id

LOGIN_PER_ADDRESS = "10 per minute"
# Only failed attempts count here, so that logging in often never locks anyone out.
LOGIN_FAILURES_PER_ACCOUNT = "30 per hour"
CODE_PER_ADDRESS = "5 per minute"
CODE_FAILURES_PER_ACCOUNT = "10 per hour"
RESET_REQUESTS_PER_ADDRESS = "5 per hour"
# No more than a few mails to one inbox, whoever asks.
RESET_REQUESTS_PER_EMAIL = "3 per hour"
RESETS_PER_ADDRESS = "10 per hour"
# Confirming with the password (change it, turn two-factor off): a stolen session must not guess.
PASSWORD_CHECKS_PER_ACCOUNT = "10 per hour"


def typed_email() -> str:
    return "email:" + normalise_email(request.form.get("email", ""))


def pending_account() -> str:
    user_id = pending_user_id()
    return f"pending:{user_id}" if user_id is not None else get_remote_address()


def current_account() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


def form_was_refused(response) -> bool:
    """A form that comes back (200) instead of moving on (a redirect) was a failed attempt."""
    return response.status_code == 200
