"""The genogram's lines, from symbols already placed: partner and separation lines under a couple,
child lines from the middle of the parents' line (or from a single parent), sibling lines above,
and the markers for conflict (a zigzag) and broken contact (two bars across)."""
from __future__ import annotations

import math

from portal.network.models import COUPLE_TIES, MARKER_TIES, TieKind
from portal.network.shapes import COUPLE_DROP, SYMBOL, Line, MapTie, Symbol

# How far above a row a marker runs between two people of that row: clear of the names above and
# of the line down to this row's children.
MARKER_RISE = 40

def _edge_towards(a: Symbol, b: Symbol) -> tuple[float, float]:
    """The point on the edge of `a`'s box (or circle) in the direction of `b`."""
    dx, dy = b.x - a.x, b.y - a.y
    reach = (SYMBOL / 2) / max(abs(dx), abs(dy), 1e-9)
    if a.person.shape == "circle":
        reach = (SYMBOL / 2) / max(math.hypot(dx, dy), 1e-9)
    return (a.x + dx * reach, a.y + dy * reach)


def _zigzag(start: tuple[float, float], end: tuple[float, float]) -> list[tuple[float, float]]:
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1)
    steps = max(2, int(length // 10))
    nx, ny = (-(y2 - y1) / length, (x2 - x1) / length) if length else (0.0, 0.0)
    points = [start]
    for i in range(1, steps):
        t, side = i / steps, (5 if i % 2 else -5)
        points.append((x1 + (x2 - x1) * t + nx * side, y1 + (y2 - y1) * t + ny * side))
    return points + [end]


def _marker(kind: TieKind, a: Symbol, b: Symbol) -> Line:
    """Conflict (a zigzag) or broken contact (two bars across) between two people: straight between
    neighbours or across rows; above the row between two in one row with others in between."""
    half = SYMBOL / 2
    if a.y == b.y and abs(a.x - b.x) > SYMBOL * 3:
        high = a.y - half - MARKER_RISE
        before, middle, after = [(a.x, a.y - half), (a.x, high)], ((a.x, high), (b.x, high)), [(b.x, b.y - half)]
    else:
        before, middle, after = [], (_edge_towards(a, b), _edge_towards(b, a)), []
    if kind == TieKind.CONFLICT:
        return Line(kind.value, before + _zigzag(*middle)[1 if before else 0:] + after, a.person.id, b.person.id)
    points = before + ([] if before else [middle[0]]) + [middle[1]] + after
    return Line(kind.value, points, a.person.id, b.person.id, _bars(*middle, 2, 0))


def _bars(start: tuple[float, float], end: tuple[float, float], count: int, tilt: float) -> list:
    """`count` short strokes across the middle of a line (tilted by `tilt`: slashes)."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    nx, ny = -uy, ux
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    strokes = []
    for i in range(count):
        off = (i - (count - 1) / 2) * 6
        cx, cy = mx + ux * off, my + uy * off
        strokes.append((cx - nx * 7 - ux * tilt, cy - ny * 7 - uy * tilt, cx + nx * 7 + ux * tilt, cy + ny * 7 + uy * tilt))
    return strokes


def draw_lines(symbols: dict[int, Symbol], ties: list[MapTie], parents: dict[int, list[int]],
           partners: dict[int, list[int]]) -> list[Line]:
    lines: list[Line] = []
    drawn_couples: set[frozenset[int]] = set()
    half = SYMBOL / 2
    for tie in ties:
        a, b = symbols[tie.person_id], symbols[tie.other_id]
        if tie.kind in COUPLE_TIES:
            pair = frozenset((a.person.id, b.person.id))
            if pair in drawn_couples:
                continue
            drawn_couples.add(pair)
            low = max(a.y, b.y) + half + COUPLE_DROP
            points = [(a.x, a.y + half), (a.x, low), (b.x, low), (b.x, b.y + half)]
            strokes = _bars((a.x, low), (b.x, low), 2, 4) if tie.kind == TieKind.SEPARATED else []
            lines.append(Line(tie.kind.value, points, a.person.id, b.person.id, strokes))
        elif tie.kind in (TieKind.SIBLING, TieKind.HALF_SIBLING):
            if set(parents[a.person.id]) & set(parents[b.person.id]):
                continue  # their shared parent's lines already show it
            high = min(a.y, b.y) - half - 14
            lines.append(Line(tie.kind.value, [(a.x, a.y - half), (a.x, high), (b.x, high), (b.x, b.y - half)],
                              a.person.id, b.person.id))
        elif tie.kind == TieKind.STEP_PARENT:
            lines.append(Line("step_child", _child_path((a.x, a.y + half), b), a.person.id, b.person.id))
        elif tie.kind in MARKER_TIES:
            lines.append(_marker(tie.kind, a, b))
    for child_id, of in parents.items():
        child = symbols[child_id]
        couple = next(((p, q) for i, p in enumerate(of) for q in of[i + 1:] if q in partners[p]), None)
        if couple is not None:
            p, q = symbols[couple[0]], symbols[couple[1]]
            start = ((p.x + q.x) / 2, max(p.y, q.y) + half + COUPLE_DROP)
            lines.append(Line("child", _child_path(start, child), p.person.id, child_id))
            rest = [r for r in of if r not in couple]
        else:
            rest = of
        for parent_id in rest:
            parent = symbols[parent_id]
            lines.append(Line("child", _child_path((parent.x, parent.y + half), child), parent_id, child_id))
    return lines


def _child_path(start: tuple[float, float], child: Symbol) -> list[tuple[float, float]]:
    top = child.y - SYMBOL / 2
    bar = top - 22
    if bar <= start[1]:  # the parent stands in the same row or below: straight to the child
        return [start, _edge_towards_point(child, start)]
    return [start, (start[0], bar), (child.x, bar), (child.x, top)]


def _edge_towards_point(symbol: Symbol, point: tuple[float, float]) -> tuple[float, float]:
    dx, dy = point[0] - symbol.x, point[1] - symbol.y
    reach = (SYMBOL / 2) / max(abs(dx), abs(dy), 1e-9)
    return (symbol.x + dx * reach, symbol.y + dy * reach)
