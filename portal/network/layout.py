"""The genogram's layout, computed as plain data: where each person's symbol stands and which lines
join them. No database and no web here, so the tests can lay out families of any size; the template
`network/_genogram_svg.html` only draws what this returns.

Generations come from the ties (a parent one row above their child; partners and siblings in the
same row); within a row, children stand under their parents and partners side by side. Symbols
keep a fixed distance (`SLOT`), so no two overlap, and every line starts at a symbol (a child line:
on its parents' partner line) and ends at one.
"""
from __future__ import annotations

import math
from collections import defaultdict, deque

from portal.network.lines import draw_lines
from portal.network.models import COUPLE_TIES, MARKER_TIES, TieKind
from portal.network.shapes import (COUPLE_DROP, MARGIN, MM_PER_UNIT, NAME_CHARS, NARROW_SLOT, PRINT_WIDTH_MM, ROW,
                                   SLOT, STAGGER, SYMBOL, WIDEST, Layout, Line, MapPerson, MapTie, Symbol,
                                   name_lines)

__all__ = ["COUPLE_DROP", "MM_PER_UNIT", "NAME_CHARS", "PRINT_WIDTH_MM", "SLOT", "SYMBOL", "Layout", "Line",
           "MapPerson", "MapTie", "Symbol", "layout_genogram", "name_lines"]


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
        for unit in units:  # a couple: the one whose parents are here stands on the side of their siblings
            if len(unit) == 2 and key(unit[1]) < key(unit[0]):
                unit.reverse()
        # Under one pair of parents: the children alone first, then those with a partner from elsewhere,
        # so that the partner's own relatives (further right) stand next to them.
        units.sort(key=lambda unit: (min(key(p) for p in unit), any(key(p) == math.inf for p in unit),
                                     min(order[p] for p in unit)))
        ordered_rows.append([p for unit in units for p in unit])
    return ordered_rows


# ---- positions -----------------------------------------------------------------------------------

def _offsets(row: list[int], partners: dict[int, list[int]], slot: float) -> list[float]:
    """Each one's least distance from the row's first: `slot` between neighbours, and always the
    full `SLOT` between partners, so that the line down to their children passes clear of names."""
    offsets = [0.0]
    for before, person in zip(row, row[1:]):
        offsets.append(offsets[-1] + (max(slot, SLOT) if before in partners[person] else slot))
    return offsets


def _place_row(row: list[int], desired: dict[int, float], start: float, offsets: list[float]) -> dict[int, float]:
    """Positions for `row`, in its order, never closer than `offsets` allow, as near each one's wish as
    can be (least squares: the pool-adjacent-violators way). Someone without a wish keeps to the others."""
    # With y_i = x_i - offsets[i] the distance rule says: y does not decrease. Fit y to the wishes.
    blocks: list[list[float]] = []  # [sum of weighted wishes, sum of weights, count]
    for i, person in enumerate(row):
        wish, weight = (desired[person], 1.0) if person in desired else (start + offsets[i], 1e-3)
        blocks.append([(wish - offsets[i]) * weight, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, weight, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += weight
            blocks[-1][2] += count
    placed, i = {}, 0
    for total, weight, count in blocks:
        for _ in range(count):
            placed[row[i]] = total / weight + offsets[i]
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
                        desired[person] = desired[row[j]] + max(slot, SLOT) * (1 if j < i else -1)
        x.update(_place_row(row, desired, start, _offsets(row, partners, slot)))
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
        x.update(_place_row(row, desired, start, _offsets(row, partners, slot)))
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
    lines = draw_lines(symbols, ties, parents, partners)
    width = max(s.x for s in symbols.values()) + SLOT / 2 + MARGIN if symbols else 2 * MARGIN
    height = max(s.y for s in symbols.values()) + row_height - SYMBOL if symbols else 2 * MARGIN
    return Layout([symbols[p.id] for p in people], lines, width, height)
