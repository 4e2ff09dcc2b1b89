"""The genogram's building blocks as plain data: the sizes, a person and a tie as the layout gets
them, and the symbols and lines it gives back (see `layout` and `lines`)."""
from __future__ import annotations

from dataclasses import dataclass, field

from portal.network.models import TieKind

SYMBOL = 36          # a symbol's width and height
SLOT = 104           # distance between the centres of two neighbours in a row (room for the name)
ROW = 150            # distance between two generations
# Wider than this (about 17 people side by side), names would print too small on A4: the drawing is
# made again with neighbours closer together and every other name a line lower.
WIDEST = 1900
NARROW_SLOT = 64
STAGGER = 34
MARGIN = 30
COUPLE_DROP = 12     # how far below the symbols a partner line runs
NAME_CHARS = 13      # characters per line of a name under a symbol
# Printed on A4 turned sideways with 10 mm margins; on screen one unit is about one pixel.
PRINT_WIDTH_MM = 277.0
MM_PER_UNIT = 0.2646


@dataclass(frozen=True)
class MapPerson:
    id: int
    name: str
    shape: str = "neutral"       # square, circle or neutral (see `portal.families.models.Shape`)
    deceased: bool = False
    age: int | None = None
    youth: bool = False          # the children the plan is about are drawn with a double border


@dataclass(frozen=True)
class MapTie:
    person_id: int
    other_id: int
    kind: TieKind


@dataclass
class Symbol:
    person: MapPerson
    x: float                     # centre
    y: float
    generation: int
    name_lines: list[str] = field(default_factory=list)
    label_dy: float = 0          # how much lower than usual the name stands (see `layout_genogram`)

    @property
    def box(self) -> tuple[float, float, float, float]:
        half = SYMBOL / 2
        return (self.x - half, self.y - half, self.x + half, self.y + half)


@dataclass
class Line:
    kind: str                    # a TieKind value, or "child" / "step_child"
    points: list[tuple[float, float]]
    person_id: int               # where it starts (for a child line: one of the parents)
    other_id: int                # where it ends
    # Short strokes drawn across the line: the separation's two slashes, broken contact's bars.
    strokes: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass
class Layout:
    symbols: list[Symbol]
    lines: list[Line]
    width: float
    height: float

    @property
    def print_width_mm(self) -> float:
        """The drawing's width on paper: its size on screen, shrunk to fit A4 sideways."""
        return round(min(self.width * MM_PER_UNIT, PRINT_WIDTH_MM), 1)


def name_lines(name: str, limit: int = NAME_CHARS) -> list[str]:
    """At most two short lines for a name; what does not fit ends in an ellipsis."""
    lines, current = [], ""
    for word in name.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [line if len(line) <= limit else line[: limit - 1] + "…" for line in lines]
