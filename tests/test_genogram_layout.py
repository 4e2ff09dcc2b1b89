"""The genogram's layout on families of 3, 15 and 40 people (and the sociogram's circles): nobody
overlaps, everyone appears exactly once, every line starts and ends where it should, the drawing
is valid SVG and fits A4 (sideways) with names still large enough to read."""
from __future__ import annotations

import math
import random
import xml.etree.ElementTree as ET

import pytest
from flask import render_template

from portal.network.circles import DOT, layout_circles
from portal.network.layout import (COUPLE_DROP, PRINT_WIDTH_MM, SLOT, SYMBOL, Layout, MapPerson, MapTie,
                                   layout_genogram, name_lines)
from portal.network.models import COUPLE_TIES, TieKind

SVG = "{http://www.w3.org/2000/svg}"
# Names are drawn 12 units high; on paper they must stay at least 1.6 mm (about 4.5 pt).
NAME_SIZE = 12
SMALLEST_PRINTED_NAME_MM = 1.6


def family_of(size: int, seed: int = 1) -> tuple[list[MapPerson], list[MapTie]]:
    """A made-up family of `size` people in up to four generations: couples (some separated) with
    children, half-siblings, a step-parent, a deceased elder, and markers for conflict and broken
    contact. The same `seed` gives the same family."""
    rng = random.Random(seed)
    people: list[MapPerson] = []
    ties: list[MapTie] = []
    generation: dict[int, int] = {}

    def add(gen: int) -> int:
        pid = len(people) + 1
        shape = rng.choice(["square", "circle", "neutral"])
        people.append(MapPerson(pid, f"{rng.choice(['Anna', 'Kees', 'Mohamed', 'Sanne', 'Jan-Willem'])} "
                                     f"{rng.choice(['de Vries', 'Bos', 'El Amrani', 'van den Berg'])}",
                                shape, deceased=gen == 0 and rng.random() < 0.5, age=rng.randint(1, 95),
                                youth=gen == 3))
        generation[pid] = gen
        return pid

    couples: list[tuple[int, int]] = []
    first, second = add(0), add(0)
    ties.append(MapTie(first, second, TieKind.PARTNER))
    couples.append((first, second))
    while len(people) < size:
        roll = rng.random()
        if roll < 0.55 and couples:
            p, q = rng.choice(couples)
            if generation[p] >= 3:
                couples.remove((p, q))
                continue
            child = add(generation[p] + 1)
            ties += [MapTie(p, child, TieKind.PARENT), MapTie(q, child, TieKind.PARENT)]
        else:
            single = [p.id for p in people if generation[p.id] < 3
                      and not any(p.id in c for c in couples)]
            if not single:
                continue
            person = rng.choice(single)
            partner = add(generation[person])
            kind = TieKind.SEPARATED if rng.random() < 0.3 else TieKind.PARTNER
            ties.append(MapTie(person, partner, kind))
            couples.append((person, partner))
    ids = [p.id for p in people]
    if len(ids) > 4:
        a, b = rng.sample(ids, 2)
        ties.append(MapTie(a, b, TieKind.CONFLICT))
        c, d = rng.sample(ids, 2)
        ties.append(MapTie(c, d, TieKind.NO_CONTACT))
        younger = [p for p in ids if generation[p] > 0]
        step = rng.choice(younger)
        elder = next(p for p in ids if generation[p] == generation[step] - 1)
        ties.append(MapTie(elder, step, TieKind.STEP_PARENT))
    return people, ties


def boxes(symbol) -> list[tuple[float, float, float, float]]:
    """The room a symbol takes, and its name under it (about 7 units per character, 14 per line)."""
    widest = max(len(line) for line in symbol.name_lines) * 7
    top = symbol.y + 44 + symbol.label_dy - NAME_SIZE
    name = (symbol.x - widest / 2, top, symbol.x + widest / 2, top + 14 * len(symbol.name_lines))
    return [symbol.box, name]


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def on_box(point, box, slack: float = 0.5) -> bool:
    x, y = point
    return box[0] - slack <= x <= box[2] + slack and box[1] - slack <= y <= box[3] + slack


def on_segment(point, start, end, slack: float = 0.5) -> bool:
    (px, py), (x1, y1), (x2, y2) = point, start, end
    return (min(x1, x2) - slack <= px <= max(x1, x2) + slack and min(y1, y2) - slack <= py <= max(y1, y2) + slack
            and abs((x2 - x1) * (py - y1) - (y2 - y1) * (px - x1)) <= slack * max(1.0, math.hypot(x2 - x1, y2 - y1)))


def check_layout(layout: Layout, people: list[MapPerson], ties: list[MapTie]) -> None:
    symbols = layout.symbols
    # Everyone exactly once.
    assert sorted(s.person.id for s in symbols) == sorted(p.id for p in people)
    # No two symbols (with their names) overlap.
    taken = [boxes(s) for s in symbols]
    for i in range(len(taken)):
        for j in range(i + 1, len(taken)):
            assert not any(overlaps(a, b) for a in taken[i] for b in taken[j]), (symbols[i], symbols[j])
    # Inside the drawing.
    for room in taken:
        for box in room:
            assert 0 <= box[0] and box[2] <= layout.width and 0 <= box[1] and box[3] <= layout.height
    # Every line ends at a symbol; it starts at one, or (a child line) on its parents' partner line.
    by_id = {s.person.id: s for s in symbols}
    couple_lines = [line for line in layout.lines if line.kind in {k.value for k in COUPLE_TIES}]
    for line in layout.lines:
        assert on_box(line.points[-1], by_id[line.other_id].box), line
        start = line.points[0]
        if on_box(start, by_id[line.person_id].box):
            continue
        assert line.kind == "child", line
        assert any(on_segment(start, a, b) for couple in couple_lines
                   for a, b in zip(couple.points, couple.points[1:])), line
    # A child stands in a row below each of its parents.
    for tie in ties:
        if tie.kind == TieKind.PARENT:
            assert by_id[tie.other_id].generation == by_id[tie.person_id].generation + 1
    # Fits A4 sideways, and the names stay readable on paper.
    assert layout.print_width_mm <= PRINT_WIDTH_MM
    assert NAME_SIZE * layout.print_width_mm / layout.width >= SMALLEST_PRINTED_NAME_MM


@pytest.mark.parametrize("size", [3, 15, 40])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_family_of_any_size_is_laid_out_readably(size, seed):
    people, ties = family_of(size, seed)
    assert len(people) == size

    check_layout(layout_genogram(people, ties), people, ties)


def test_partners_stand_side_by_side_and_children_under_them():
    people = [MapPerson(1, "Kees", "square"), MapPerson(2, "Lies", "circle"), MapPerson(3, "Sandra", "circle"),
              MapPerson(4, "Ellen", "circle")]
    ties = [MapTie(1, 2, TieKind.PARTNER), MapTie(1, 3, TieKind.PARENT), MapTie(2, 3, TieKind.PARENT),
            MapTie(1, 4, TieKind.PARENT), MapTie(2, 4, TieKind.PARENT)]

    layout = layout_genogram(people, ties)

    kees, lies, sandra, ellen = layout.symbols
    assert kees.y == lies.y < sandra.y == ellen.y
    assert abs(kees.x - lies.x) == SLOT
    middle = (kees.x + lies.x) / 2
    assert min(sandra.x, ellen.x) <= middle <= max(sandra.x, ellen.x)
    children = [line for line in layout.lines if line.kind == "child"]
    assert len(children) == 2
    assert all(line.points[0] == (middle, kees.y + SYMBOL / 2 + COUPLE_DROP) for line in children)


def test_a_separation_is_crossed_and_people_without_ties_stand_apart():
    people = [MapPerson(1, "Sandra", "circle"), MapPerson(2, "Mark", "square"), MapPerson(3, "Ria")]
    layout = layout_genogram(people, [MapTie(1, 2, TieKind.SEPARATED)])

    separated = [line for line in layout.lines if line.kind == "separated"]
    assert len(separated) == 1 and len(separated[0].strokes) == 2
    sandra, mark, ria = layout.symbols
    assert ria.generation > sandra.generation == mark.generation


def test_contradicting_ties_do_not_break_the_layout():
    """A loop of "parent of" (a mistake on the form) still gives a drawing with everyone in it."""
    people = [MapPerson(i, f"P{i}") for i in (1, 2, 3)]
    ties = [MapTie(1, 2, TieKind.PARENT), MapTie(2, 3, TieKind.PARENT), MapTie(3, 1, TieKind.PARENT),
            MapTie(9, 1, TieKind.PARTNER)]  # and one naming someone not on the map

    layout = layout_genogram(people, ties)

    assert sorted(s.person.id for s in layout.symbols) == [1, 2, 3]
    assert all(line.person_id != 9 for line in layout.lines)


def test_long_names_take_two_short_lines():
    assert name_lines("Jan-Willem van den Berg-Hoogendoorn") == ["Jan-Willem", "van den Berg…"]
    assert name_lines("Sam") == ["Sam"]


class _Family:
    id, name = 1, "Familie <Test> & zo"


class _Ctx:
    family = _Family()


@pytest.mark.parametrize("size", [3, 15, 40])
def test_the_drawing_is_valid_svg_within_a4(app, size):
    from portal.network.queries import Genogram

    people, ties = family_of(size, seed=size)
    layout = layout_genogram(people, ties)
    with app.test_request_context():
        svg = render_template("network/_genogram_svg.html", ctx=_Ctx(), tree=Genogram(layout, [], [], set()))

    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text.startswith(("Familie <Test> & zo", "Stamboom", "Family tree"))
    assert root.find(f"{SVG}desc").text
    assert float(root.get("width").removesuffix("mm")) <= PRINT_WIDTH_MM
    drawn = [g.get("data-person") for g in root.iter(f"{SVG}g") if g.get("data-person")]
    assert sorted(map(int, drawn)) == sorted(p.id for p in people)
    deceased = sum(p.deceased for p in people)
    assert len([line for line in root.iter(f"{SVG}line") if line.get("class") == "cross"]) == 2 * deceased


@pytest.mark.parametrize("counts", [(1, 0, 0), (0, 0, 4), (5, 9, 3), (4, 3, 1), (12, 18, 10)])
def test_people_in_the_circles_keep_their_distance_and_their_names_do_not_cover_each_other(counts):
    placed, pid = [], 0
    names = ["Fatima El Amrani", "Lies de Vries", "Jeroen Bakker", "Jo", "Jan-Willem van den Berg"]
    for circle, count in enumerate(counts, start=1):
        for _ in range(count):
            pid += 1
            placed.append((pid, names[pid % len(names)], circle))

    layout = layout_circles(placed)

    assert sorted(d.person_id for d in layout.dots) == list(range(1, pid + 1))
    centre = layout.centre
    inner = [46, *layout.radii[:2]]
    for dot in layout.dots:
        distance = math.hypot(dot.x - centre, dot.y - centre)
        assert inner[dot.circle - 1] + DOT <= distance <= layout.radii[dot.circle - 1] - DOT
    for i, a in enumerate(layout.dots):
        for b in layout.dots[i + 1:]:
            assert not any(overlaps(box, other) for box in a.boxes for other in b.boxes), (a, b)
    for dot in layout.dots:
        for box in dot.boxes:
            assert 0 <= box[0] and box[2] <= layout.size and 0 <= box[1] and box[3] <= layout.size
