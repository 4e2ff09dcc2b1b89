"""The sociogram's layout as plain data: three circles around the family, each person placed in one
(or left out). Rings widen with the number of people in them, so names keep their distance."""
from __future__ import annotations

import math
from dataclasses import dataclass

CENTRE_RADIUS = 46       # the family in the middle
MIN_BAND = 70            # the least width of a ring
SPACING = 84             # the least distance between two people along a ring
DOT = 7


@dataclass(frozen=True)
class Dot:
    person_id: int
    name: str
    circle: int
    x: float
    y: float


@dataclass(frozen=True)
class CircleLayout:
    size: float                      # width and height; the family sits in the middle
    radii: tuple[float, float, float]  # the outer edge of circles 1, 2 and 3
    dots: tuple[Dot, ...]

    @property
    def centre(self) -> float:
        return self.size / 2


def layout_circles(placed: list[tuple[int, str, int]]) -> CircleLayout:
    """`placed`: (person id, name, circle 1-3) for everyone placed. Each ring's people sit on its
    middle line, evenly spread, starting at the top (a ring a little turned from the one inside)."""
    by_circle = {c: [(pid, name) for pid, name, circle in placed if circle == c] for c in (1, 2, 3)}
    inner, middles, radii = CENTRE_RADIUS, [], []
    for circle in (1, 2, 3):
        needed = len(by_circle[circle]) * SPACING / (2 * math.pi)
        middle = max(inner + MIN_BAND / 2, needed)
        middles.append(middle)
        inner = middle + MIN_BAND / 2
        radii.append(inner)
    size = 2 * (radii[-1] + 40)
    centre = size / 2
    dots = []
    for circle in (1, 2, 3):
        people = by_circle[circle]
        for i, (pid, name) in enumerate(people):
            angle = -math.pi / 2 + circle * 0.35 + 2 * math.pi * i / max(len(people), 1)
            r = middles[circle - 1]
            dots.append(Dot(pid, name, circle, round(centre + r * math.cos(angle), 1),
                            round(centre + r * math.sin(angle), 1)))
    return CircleLayout(round(size, 1), tuple(round(r, 1) for r in radii), tuple(dots))
