"""The genogram's layout, computed as plain data: where each person's symbol stands and which lines
join them. No database and no web here, so the tests can lay out families of any size; the template
`network/_genogram.svg.html` only draws what this returns.

Generations come from the ties (a parent one row above their child; partners and siblings in the
same row); within a row, children stand under their parents and partners side by side. Symbols
keep a fixed distance (`SLOT`), so no two overlap, and every line starts at a symbol (a child line:
on its parents' partner line) and ends at one.
"""
from __future__ import annotations

import math
from collections import defaultdict, deque
from dataclasses import dataclass, field

from portal.network.models import COUPLE_TIES, MARKER_TIES, TieKind

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


# ---- generations ---------------------------------------------------------------------------------

def _generations(people: list[MapPerson], ties: list[MapTie]) -> tuple[dict[int, int], list[list[int]]]:
    """Each person's row within their group of related people, and the groups (each starts at 0).
    Where the ties contradict each other, the first one found wins."""
    steps: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for tie in ties:
        if tie.kind in MARKER_TIES:
            continue
        down = 1 if tie.kind in (TieKind.PARENT, TieKind.STEP_PARENT) else 0
        steps[tie.person_id].append((tie.other_id, down))
        steps[tie.other_id].append((tie.person_id, -down))
    generation: dict[int, int] = {}
    groups: list[list[int]] = []
    for person in people:
        if person.id in generation:
            continue
        generation[person.id] = 0
        group, queue = [person.id], deque([person.id])
        while queue:
            current = queue.popleft()
            for other, down in steps[current]:
                if other not in generation:
                    generation[other] = generation[current] + down
                    group.append(other)
                    queue.append(other)
        top = min(generation[p] for p in group)
        for p in group:
            generation[p] -= top
        groups.append(group)
    return generation, groups


# ---- order within a row --------------------------------------------------------------------------

def _couple_units(row: list[int], partners: dict[int, list[int]]) -> list[list[int]]:
    """The row cut into units of people joined as (former) partners, the most joined in the middle."""
    seen: set[int] = set()
    units = []
    for person in row:
        if person in seen:
            continue
        unit, queue = [], deque([person])
        seen.add(person)
        while queue:
            current = queue.popleft()
            unit.append(current)
            for other in partners[current]:
                if other not in seen and other in row:
                    seen.add(other)
                    queue.append(other)
        centre = max(unit, key=lambda p: len(partners[p]))
        others = [p for p in unit if p != centre]
        ordered = [centre]
        for i, other in enumerate(others):
            ordered = ordered + [other] if i % 2 == 0 else [other] + ordered
        units.append(ordered)
    return units


def _order_rows(group: list[int], generation: dict[int, int], parents: dict[int, list[int]],
                partners: dict[int, list[int]], order: dict[int, int]) -> list[list[int]]:
    rows: dict[int, list[int]] = defaultdict(list)
    for person in group:
        rows[generation[person]].append(person)
    ordered_rows = []
    for gen in sorted(rows):
        position = {p: i for i, row in enumerate(ordered_rows) for i, p in enumerate(row)}

        def key(person: int) -> float:
            known = [position[p] for p in parents[person] if p in position]
            return sum(known) / len(known) if known else math.inf

        units = _couple_units(sorted(rows[gen], key=lambda p: order[p]), partners)
        units.sort(key=lambda unit: (min(key(p) for p in unit), min(order[p] for p in unit)))
        ordered_rows.append([p for unit in units for p in unit])
    return ordered_rows


# ---- positions -----------------------------------------------------------------------------------

def _place_row(row: list[int], desired: dict[int, float], start: float, slot: float) -> dict[int, float]:
    """Positions for `row`, in its order, never closer than `slot`, as near each one's wish as can be
    (least squares: the pool-adjacent-violators way). Someone without a wish keeps to the others."""
    # With y_i = x_i - i * slot the distance rule says: y does not decrease. Fit y to the wishes.
    blocks: list[list[float]] = []  # [sum of weighted wishes, sum of weights, count]
    for i, person in enumerate(row):
        wish, weight = (desired[person], 1.0) if person in desired else (start + i * slot, 1e-3)
        blocks.append([(wish - i * slot) * weight, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, weight, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += weight
            blocks[-1][2] += count
    placed, i = {}, 0
    for total, weight, count in blocks:
        for _ in range(count):
            placed[row[i]] = total / weight + i * slot
            i += 1
    return placed


def _position_group(rows: list[list[int]], parents: dict[int, list[int]], partners: dict[int, list[int]],
                    start: float, slot: float) -> dict[int, float]:
    x: dict[int, float] = {}
    for row in rows:
        desired = {}
        # Children of the same parents stand centred under them, side by side.
        families: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for person in row:
            known = tuple(sorted(p for p in parents[person] if p in x))
            if known:
                families[known].append(person)
        for known, children in families.items():
            middle = sum(x[p] for p in known) / len(known)
            for i, child in enumerate(children):
                desired[child] = middle + (i - (len(children) - 1) / 2) * slot
        for i, person in enumerate(row):  # a partner without parents here stands beside the one with
            if person not in desired:
                for j in (i - 1, i + 1):
                    if 0 <= j < len(row) and row[j] in partners[person] and row[j] in desired:
                        desired[person] = desired[row[j]] + slot * (1 if j < i else -1)
        x.update(_place_row(row, desired, start, slot))
    # Parents who came in without parents of their own move over their children, if there is room.
    children: dict[int, list[int]] = defaultdict(list)
    for child, of in parents.items():
        for parent in of:
            children[parent].append(child)
    for row in reversed(rows[:-1]):
        desired = {p: x[p] for p in row}
        for person in row:
            below = [x[c] for c in children[person] if c in x]
            if below and not any(q in x for q in parents[person]):
                desired[person] = max(x[person], sum(below) / len(below))
        x.update(_place_row(row, desired, start, slot))
    shift = start - min(x.values())  # the group starts where it was given room
    return {person: at + shift for person, at in x.items()}


def layout_genogram(people: list[MapPerson], ties: list[MapTie]) -> Layout:
    """Lay out `people` and the `ties` between them (ties naming someone not in `people` are left out).

    Related people form groups, side by side; people without any family tie stand in a last row.
    A drawing too wide to print readably is made again closer together, the names in two heights.
    """
    layout = _layout(people, ties, SLOT, ROW)
    if layout.width > WIDEST:
        layout = _layout(people, ties, NARROW_SLOT, ROW + STAGGER)
        for row in {s.generation for s in layout.symbols}:
            in_row = sorted((s for s in layout.symbols if s.generation == row), key=lambda s: s.x)
            for symbol in in_row[1::2]:
                symbol.label_dy = STAGGER
    return layout


def _layout(people: list[MapPerson], ties: list[MapTie], slot: float, row_height: float) -> Layout:
    ids = {p.id for p in people}
    ties = [t for t in ties if t.person_id in ids and t.other_id in ids and t.person_id != t.other_id]
    by_id = {p.id: p for p in people}
    order = {p.id: i for i, p in enumerate(people)}
    parents: dict[int, list[int]] = defaultdict(list)
    partners: dict[int, list[int]] = defaultdict(list)
    for tie in ties:
        if tie.kind == TieKind.PARENT:
            parents[tie.other_id].append(tie.person_id)
        elif tie.kind in COUPLE_TIES:
            partners[tie.person_id].append(tie.other_id)
            partners[tie.other_id].append(tie.person_id)
    generation, groups = _generations(people, ties)
    related = {p for t in ties if t.kind not in MARKER_TIES for p in (t.person_id, t.other_id)}
    x: dict[int, float] = {}
    start, deepest = MARGIN + SYMBOL / 2, 0
    for group in groups:
        if len(group) == 1 and group[0] not in related:
            continue
        rows = _order_rows(group, generation, parents, partners, order)
        placed = _position_group(rows, parents, partners, start, slot)
        x.update(placed)
        start = max(placed.values()) + slot
        deepest = max(deepest, len(rows))
    loose = [p.id for p in people if p.id not in x]
    per_row = max(4, round((start - MARGIN) / slot) or 4)
    for i, person in enumerate(loose):
        generation[person] = deepest + i // per_row
        x[person] = MARGIN + SYMBOL / 2 + (i % per_row) * slot
    symbols = {pid: Symbol(by_id[pid], x[pid], MARGIN + SYMBOL / 2 + generation[pid] * row_height,
                           generation[pid], name_lines(by_id[pid].name)) for pid in x}
    lines = _lines(symbols, ties, parents, partners)
    width = max(s.x for s in symbols.values()) + SLOT / 2 + MARGIN if symbols else 2 * MARGIN
    height = max(s.y for s in symbols.values()) + row_height - SYMBOL if symbols else 2 * MARGIN
    return Layout([symbols[p.id] for p in people], lines, width, height)


# ---- lines ---------------------------------------------------------------------------------------

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


def _lines(symbols: dict[int, Symbol], ties: list[MapTie], parents: dict[int, list[int]],
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
            start, end = _edge_towards(a, b), _edge_towards(b, a)
            if tie.kind == TieKind.CONFLICT:
                lines.append(Line(tie.kind.value, _zigzag(start, end), a.person.id, b.person.id))
            else:
                lines.append(Line(tie.kind.value, [start, end], a.person.id, b.person.id, _bars(start, end, 2, 0)))
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
