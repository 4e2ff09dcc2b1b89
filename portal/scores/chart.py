"""The history of one scale question as a chart, drawn on the server as SVG (no script, no library).

`build_chart` turns answers into coordinates; the template `scores/_chart.html` draws them. The
chart shows one thin line per person, a thick line for the group (the average of everyone's
latest score, day by day), and, highlighted, the viewer's own answers. The tables beside it hold
the same numbers for anyone who cannot see the chart.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from statistics import mean
from typing import Iterable

from flask_babel import get_timezone

from portal.scores.models import HIGHEST_SCORE, LOWEST_SCORE, ScaleAnswer

# Drawn at about the size of a phone screen, so that its labels stay readable there.
WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 28, 74, 10, 32   # room for the axis labels, and the names at the right
NAME_GAP = 11   # px between two names at the right edge, so that none covers another
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    day: date


@dataclass(frozen=True)
class Line:
    points: tuple[Point, ...]
    name: str = ""          # whose line, written at its end
    name_y: float = 0.0     # where the name stands (moved apart from the others' names)

    @property
    def svg_points(self) -> str:
        """The `points` attribute of an SVG polyline."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    people: tuple[Line, ...]               # one per person who answered
    group: Line                            # the average of everyone's latest score, per day
    mine: Line | None                      # the viewer's own answers
    y_ticks: tuple[tuple[float, int], ...]   # (y, score)
    x_ticks: tuple[tuple[float, date], ...]  # (x, day)
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = HEIGHT - BOTTOM

    @property
    def first(self) -> Point:
        return self.group.points[0]

    @property
    def last(self) -> Point:
        return self.group.points[-1]


def local_day(answer: ScaleAnswer) -> date:
    """The day of an answer where the family lives (an answer at 00:30 in Amsterdam counts for that day)."""
    return answer.answered_at.astimezone(get_timezone()).date()


def group_by_day(answers: Iterable[ScaleAnswer]) -> list[tuple[date, float]]:
    """For each day with answers: the average of every person's latest score up to that day."""
    latest: dict[int, int] = {}
    per_day: OrderedDict[date, float] = OrderedDict()
    for answer in sorted(answers, key=lambda a: (a.answered_at, a.id)):
        latest[answer.person_id] = answer.score
        per_day[local_day(answer)] = mean(latest.values())
    return list(per_day.items())


def named_lines(lines: dict[str, Line]) -> tuple[Line, ...]:
    """Each person's line with their name at its end, the names moved apart top to bottom so that
    no two overlap (and pulled back up if they would run below the plot)."""
    order = sorted(lines.items(), key=lambda item: item[1].points[-1].y)
    spots: list[float] = []
    for _, drawn in order:
        wanted = drawn.points[-1].y
        spots.append(max(wanted, spots[-1] + NAME_GAP) if spots else wanted)
    overflow = (spots[-1] - (TOP + PLOT_HEIGHT)) if spots else 0
    if overflow > 0:
        spots = [max(TOP, spot - overflow) for spot in spots]
        for n in range(1, len(spots)):
            spots[n] = max(spots[n], spots[n - 1] + NAME_GAP)
    return tuple(Line(drawn.points, name, spot) for (name, drawn), spot in zip(order, spots))


def build_chart(answers: list[ScaleAnswer], my_person_id: int | None) -> Chart | None:
    """The chart of `answers` (all answers to one question); None when there are none yet."""
    if not answers:
        return None
    group = group_by_day(answers)
    first_day, last_day = group[0][0], group[-1][0]
    span = (last_day - first_day).days

    def x_of(day: date) -> float:
        if span == 0:
            return LEFT + PLOT_WIDTH / 2
        return LEFT + PLOT_WIDTH * (day - first_day).days / span

    def y_of(value: float) -> float:
        return TOP + PLOT_HEIGHT * (HIGHEST_SCORE - value) / (HIGHEST_SCORE - LOWEST_SCORE)

    def line(pairs: Iterable[tuple[date, float]]) -> Line:
        return Line(tuple(Point(x_of(day), y_of(value), value, day) for day, value in pairs))

    by_person: OrderedDict[int, list[tuple[date, float]]] = OrderedDict()
    names: dict[int, str] = {}
    for answer in sorted(answers, key=lambda a: (a.person_id, a.answered_at, a.id)):
        by_person.setdefault(answer.person_id, []).append((local_day(answer), answer.score))
        names[answer.person_id] = (getattr(answer.person, "name", "") or "").split(" ")[0]
    x_days = [first_day] if span == 0 else [first_day, last_day]
    if span >= 6:  # a middle label only where it cannot touch the others
        x_days.insert(1, first_day + (last_day - first_day) // 2)
    return Chart(
        width=WIDTH, height=HEIGHT,
        people=named_lines({names[key]: line(pairs) for key, pairs in by_person.items()}),
        group=line(group),
        mine=line(by_person[my_person_id]) if my_person_id in by_person else None,
        y_ticks=tuple((y_of(score), score) for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1, 2)),
        x_ticks=tuple((x_of(day), day) for day in x_days),
    )
