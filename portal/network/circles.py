"""The sociogram's layout as plain data: three circles around the family, each person placed in one
(or left out), their name under their dot. Rings widen with the number of people in them, and each
ring is turned (or, failing that, widened) until no name covers another name or dot."""
from __future__ import annotations

import math
from dataclasses import dataclass

CENTRE_RADIUS = 46       # the family in the middle
MIN_BAND = 80            # the least width of a ring
SPACING = 96             # the least distance between two people along a ring
DOT = 7
NAME_CHARS = 14          # a name longer than this ends in an ellipsis
CHAR_WIDTH = 6.6         # of the 11-unit font, about
NAME_TOP, NAME_BOTTOM = 10, 24   # the name's box, below the dot's centre
TURNS = 12               # how many ways to turn a ring before it is widened


@dataclass(frozen=True)
class Dot:
    person_id: int
    name: str                # as drawn (shortened)
    circle: int
    x: float
    y: float

    @property
    def boxes(self) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float]]:
        """The dot's box and its name's box."""
        half = len(self.name) * CHAR_WIDTH / 2
        return ((self.x - DOT, self.y - DOT, self.x + DOT, self.y + DOT),
                (self.x - half, self.y + NAME_TOP, self.x + half, self.y + NAME_BOTTOM))


@dataclass(frozen=True)
class CircleLayout:
    size: float                        # width and height; the family sits in the middle
    radii: tuple[float, float, float]  # the outer edge of circles 1, 2 and 3
    dots: tuple[Dot, ...]

    @property
    def centre(self) -> float:
        return self.size / 2


def short_name(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _clashes(dots: list[Dot], placed: list[Dot]) -> bool:
    everything = placed + dots
    for i, dot in enumerate(dots, start=len(placed)):
        for other in everything[:i]:
            if any(_overlap(a, b) for a in dot.boxes for b in other.boxes):
                return True
    return False


def _ring(people: list[tuple[int, str]], circle: int, radius: float, turn: float) -> list[Dot]:
    """People around the origin at `radius`, evenly spread from the top, turned by `turn`."""
    dots = []
    for i, (pid, name) in enumerate(people):
        angle = -math.pi / 2 + turn + 2 * math.pi * i / max(len(people), 1)
        dots.append(Dot(pid, short_name(name), circle, radius * math.cos(angle), radius * math.sin(angle)))
    return dots


def layout_circles(placed: list[tuple[int, str, int]]) -> CircleLayout:
    """`placed`: (person id, name, circle 1-3) for everyone placed."""
    by_circle = {c: [(pid, name) for pid, name, circle in placed if circle == c] for c in (1, 2, 3)}
    inner, radii, dots = CENTRE_RADIUS, [], []
    for circle in (1, 2, 3):
        people = by_circle[circle]
        middle = max(inner + MIN_BAND / 2, len(people) * SPACING / (2 * math.pi))
        ring: list[Dot] = []
        while people and not ring:  # turn the ring a little at a time; if no turn fits, widen it
            step = 2 * math.pi / len(people)
            for turn in range(TURNS):
                candidate = _ring(people, circle, middle, step * turn / TURNS)
                if not _clashes(candidate, dots):
                    ring = candidate
                    break
            else:
                middle += 12
        dots += ring
        inner = middle + MIN_BAND / 2
        radii.append(inner)
    size = 2 * (radii[-1] + 30)
    centre = size / 2
    moved = tuple(Dot(d.person_id, d.name, d.circle, round(d.x + centre, 1), round(d.y + centre, 1)) for d in dots)
    return CircleLayout(round(size, 1), tuple(round(r, 1) for r in radii), moved)
