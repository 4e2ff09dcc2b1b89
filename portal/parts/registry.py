"""The registry of the plan's parts: each part's package describes itself here once, in its
`part.py`, and every reader (the access policy, the hub, the access log's sentences, the demo)
learns about parts from this registry instead of importing the part.

Adding a part: a value in `PlanPart`, and a package with a `part.py` that calls `register_part`.
The app factory imports every feature package's `part.py` (see `portal.features`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable

from portal.families.models import Role
from portal.parts.models import PlanPart

if TYPE_CHECKING:  # pragma: no cover
    from portal.families.models import Family

# Who reads a part before the family narrows it or gives consent: the family and the mentor keep
# the plan; the network reads along; youths and professionals only where a part says so.
FAMILY_CIRCLE = frozenset({Role.FAMILY, Role.MENTOR})
NETWORK = FAMILY_CIRCLE | {Role.NETWORK}


@dataclass(frozen=True)
class PartInfo:
    part: PlanPart
    title: str                   # the part's name on its page and on the hub (a lazy string)
    log_words: str               # how a sentence of the access log names it: "the safety plan"
    endpoint: str                # the part's main page
    readers: frozenset[Role]     # roles that read it (professionals: only with consent, unless named)
    # A one-line summary for the hub card, counting only what the member may see.
    summary: Callable | None = None
    # Whether the family may narrow the part as a whole to the family and the mentor.
    narrowable: bool = True
    # Roles that keep reading what the family narrowed in this part.
    spared_by_narrowing: frozenset[Role] = frozenset()
    # Seeds this part of the demo family: `seed(family, today)`.
    demo: Callable[["Family", date], None] | None = None


_PARTS: dict[PlanPart, PartInfo] = {}


def register_part(info: PartInfo) -> PartInfo:
    """Called once by each part's `part.py`; registering the same part again replaces it (a reload)."""
    _PARTS[info.part] = info
    return info


def part_info(part: PlanPart) -> PartInfo:
    """The registered description of `part`. KeyError when no package registered it."""
    return _PARTS[part]


def registered_parts() -> list[PartInfo]:
    """Every registered part, in the order of the plan (the order of `PlanPart`)."""
    return [_PARTS[part] for part in PlanPart if part in _PARTS]


def readers_of(part: PlanPart) -> frozenset[Role]:
    info = _PARTS.get(part)
    return info.readers if info else frozenset()


def narrowable_parts() -> tuple[PlanPart, ...]:
    return tuple(info.part for info in registered_parts() if info.narrowable)


class _RegistryView(Mapping):
    """A read-only mapping {part: one field of its PartInfo}, read from the registry at lookup
    time, so that modules may hold it at import before the parts have registered."""

    def __init__(self, field: str):
        self._field = field

    def __getitem__(self, part: PlanPart | str):
        info = _PARTS.get(part)  # a StrEnum member hashes as its value: "safety" finds SAFETY
        if info is None:
            raise KeyError(part)
        return getattr(info, self._field)

    def __iter__(self):
        return iter([info.part for info in registered_parts()])

    def __len__(self) -> int:
        return len(_PARTS)


PART_TITLES: Mapping[PlanPart, str] = _RegistryView("title")
PART_PAGES: Mapping[PlanPart, str] = _RegistryView("endpoint")
PART_LOG_WORDS: Mapping[PlanPart, str] = _RegistryView("log_words")
