"""Who must agree, by the youths' ages (Jeugdwet / WGBO, see the security reference).

- under 12: every parent with parental authority (gezag);
- 12 to 15: the youth and those parents;
- 16 and older: the youth alone.
The ages are configurable (`CONSENT_AGE_BANDS`, default (12, 16)). A youth without a known date of
birth counts as under 12: the parents decide until the family fills it in.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from portal.families.models import Person, Role

UNDER_12, FROM_12, FROM_16 = "under_12", "12_to_15", "16_plus"


@dataclass(frozen=True)
class AgeBands:
    middle: int = 12
    adult: int = 16

    def band(self, youth: Person, today: date) -> str:
        age = youth.age_on(today)
        if age is None or age < self.middle:
            return UNDER_12
        return FROM_12 if age < self.adult else FROM_16


def parents_with_authority(people: Iterable[Person]) -> list[Person]:
    return [p for p in people if p.role == Role.FAMILY and p.has_parental_authority]


def required_grantors(people: list[Person], today: date, bands: AgeBands) -> list[Person]:
    """Everyone who must agree before a consent of this family is in force, in a stable order."""
    youths = [p for p in people if p.role == Role.YOUTH]
    parents = parents_with_authority(people)
    required: dict[int, Person] = {}
    if not youths:
        required.update((p.id, p) for p in parents)
    for youth in youths:
        band = bands.band(youth, today)
        if band in (UNDER_12, FROM_12):
            required.update((p.id, p) for p in parents)
        if band in (FROM_12, FROM_16):
            required[youth.id] = youth
    return sorted(required.values(), key=lambda p: (p.role != Role.FAMILY, p.name, p.id))


def band_snapshot(people: list[Person], today: date, bands: AgeBands) -> str:
    """The youths' bands as one comparable string, e.g. "12:under_12,13:12_to_15"."""
    youths = sorted((p for p in people if p.role == Role.YOUTH), key=lambda p: p.id)
    return ",".join(f"{p.id}:{bands.band(p, today)}" for p in youths)


def who_decides(snapshot: str) -> str:
    """What a band snapshot says about who must agree: whether the parents with authority must, and
    which youths from 12 must (and in which band). A consent stays in force while this stays the
    same: a new child under 12 leaves it as it was while the parents already decide, since they are
    the ones who decide for that child too (the age rule); a child turning 12 or 16 changes it."""
    bands = dict(pair.split(":", 1) for pair in snapshot.split(",") if ":" in pair)
    parents = not bands or any(band in (UNDER_12, FROM_12) for band in bands.values())
    youths = ",".join(f"{key}:{band}" for key, band in sorted(bands.items()) if band != UNDER_12)
    return f"{'parents' if parents else 'youths'};{youths}"
