"""Slowing down password and code guessing without letting anyone lock the owner out.

The rules are the table `limits.LOGIN_THROTTLES`. Failures count per account *and* client address,
so a stranger elsewhere never slows the owner; per address, against scripts; and per account from
anywhere, against guessing from many addresses at once, which the owner's known devices (see
`devices.py`) are exempt from. Every limit is a moving window: the wait grows with the tries and
always ends; nothing is ever locked for good.

The counts live in the limits library's storage that Flask-Limiter made from
`RATELIMIT_STORAGE_URI`, so several workers (Redis) share them. When the failures for an account
reach `limits.FAILURE_NOTICES`, the owner gets one mail per window, in their own language.
"""
from __future__ import annotations

import math
import time

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from limits import parse
from limits.strategies import MovingWindowRateLimiter

from portal.auth import limits
from portal.auth.models import User
from portal.extensions import db, limiter
from portal.mail import OutgoingMail, queue_mail


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _strategy() -> MovingWindowRateLimiter:
    # The same storage as Flask-Limiter's own limits: memory per process, or the shared Redis.
    return MovingWindowRateLimiter(limiter.storage)


def _identifiers(step: str, counts: str, per: str, account: str) -> tuple[str, ...]:
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "")
    address = get_remote_address()
    scope = {limits.PER_ADDRESS: (address,), limits.PER_ACCOUNT: (account,),
             limits.PER_ACCOUNT_AND_ADDRESS: (account, address)}[per]
    return (prefix, "throttle", step, counts, per, *scope)


def _rows(step: str, counts: str | None = None, known_device: bool = False):
    for throttle in limits.LOGIN_THROTTLES:
        if throttle.step != step or (counts and throttle.counts != counts):
            continue
        if known_device and throttle.known_devices_exempt:
            continue
        for text in throttle.limits:
            yield throttle, parse(text)


def seconds_to_wait(step: str, account: str, known_device: bool) -> int | None:
    """Before checking a password or code: how long this client must wait first, or None.

    `account` is the normalised e-mail typed (also when no account has it, so that the answer does
    not tell whether one exists). An attempt that may go ahead is counted.
    """
    if not _enabled():
        return None
    strategy, now = _strategy(), time.time()
    waits = []
    for throttle, item in _rows(step, known_device=known_device):
        key = _identifiers(step, throttle.counts, throttle.per, account)
        if not strategy.test(item, *key):
            waits.append(strategy.get_window_stats(item, *key).reset_time - now)
    if waits:
        return max(1, math.ceil(max(waits)))
    # The hit is atomic in the store: of a burst sent at once, only as many as allowed get past it,
    # whatever slipped through the test above.
    for throttle, item in _rows(step, limits.ATTEMPTS, known_device):
        key = _identifiers(step, throttle.counts, throttle.per, account)
        if not strategy.hit(item, *key):
            return max(1, math.ceil(strategy.get_window_stats(item, *key).reset_time - now))
    return None


def record_failure(step: str, account: str, user: User | None) -> None:
    """A wrong password or code: count it, and tell the owner once when there have been many.

    Known devices count too: their failures are the account's failures, only the wait is skipped.
    The mail is queued on the session; the caller commits.
    """
    if not _enabled():
        return
    strategy = _strategy()
    for throttle, item in _rows(step, limits.FAILURES):
        strategy.hit(item, *_identifiers(step, throttle.counts, throttle.per, account))
    if user is None:
        return
    for notice in limits.FAILURE_NOTICES:
        if notice.step != step:
            continue
        threshold = parse(notice.after)
        counter = _identifiers(step, "notice", limits.PER_ACCOUNT, account)
        strategy.hit(threshold, *counter)
        # Reached the threshold: the first worker to claim the one mail of this window sends it.
        once = parse(f"1 per {threshold.get_expiry()} seconds")
        if not strategy.test(threshold, *counter) and strategy.hit(once, *counter, "mailed"):
            _mail_owner(user, step)


def _mail_owner(user: User, step: str) -> None:
    with force_locale(user.locale or "nl"):
        if step == limits.PASSWORD:
            body = _("Hello %(name)s,\n\nSomeone tried to log in to your Kring account several times with a "
                     "wrong password.\n\nWas it you? Then you need not do anything.\n\nIf it was not you: "
                     "your account is still safe, because after a few tries we make them wait. To be sure, "
                     "choose a new password that you use nowhere else, and turn on two-factor login on "
                     "your account page.", name=user.name)
        else:
            body = _("Hello %(name)s,\n\nSomeone tried to log in to your Kring account several times with "
                     "the right password but a wrong code.\n\nWas it you? Then you need not do anything."
                     "\n\nIf it was not you: someone knows your password. Choose a new password now, one "
                     "that you use nowhere else. Without the code from your app they could not get in.",
                     name=user.name)
        queue_mail(db.session, OutgoingMail(
            to=user.email, subject=_("Someone tried to log in to your Kring account"), body=body))
