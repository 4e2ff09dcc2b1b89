"""Today's date where the families live. A day in Kring starts at midnight in Amsterdam, not in
UTC: a task due "today" is due from 00:00 Dutch time (at 00:30 in summer it is already tomorrow,
while UTC still says yesterday)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

HOME_ZONE = ZoneInfo("Europe/Amsterdam")


def today() -> date:
    """The date in Amsterdam right now."""
    return datetime.now(HOME_ZONE).date()
