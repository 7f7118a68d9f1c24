"""Project Natural Earth's country boundaries once into the SVG paths the
world map draws (compendium/data/world_map.json), so that serving a page never
reads TopoJSON, projects or simplifies anything.

The boundaries come from the npm package world-atlas (Natural Earth 1:110m,
public domain), installed by `npm ci`; `make world-map` runs this command."""

import csv
import json
import math
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SOURCE = Path("node_modules/world-atlas/countries-110m.json")
TARGET = Path(__file__).resolve().parents[2] / "data" / "world_map.json"
STATES = Path(__file__).resolve().parents[2] / "data" / "un_member_states.csv"

WIDTH = 1000  # of the map's viewBox; the page scales it
TOLERANCE = 0.35  # how far, in viewBox units, a simplified border may stray

# Natural Earth draws apart some areas that the United Nations' M49 standard
# counts within a Member State; the map draws them with that State.
WITHIN_STATE = {"N. Cyprus": "CYP", "Somaliland": "SOM", "Taiwan": "CHN"}
LEFT_OUT = {"Antarctica"}  # no State, and half the map's height

# Equal Earth (Šavrič, Patterson and Jenny, 2018): equal-area, so a large
# country does not look as if it held more entries than it does.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(longitude, latitude):
    theta = math.asin(M * math.sin(math.radians(latitude)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        math.radians(longitude)
        * math.cos(theta)
        / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    )
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


SCALE = WIDTH / (2 * equal_earth(180, 0)[0])


def simplified(points, tolerance=TOLERANCE):
    """Douglas–Peucker over projected points: the positions to keep, both
    ends included so that neighbours still meet."""
    if len(points) < 3:
        return list(range(len(points)))
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            x, y = points[i]
            if length:
                gap = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            else:
                gap = math.hypot(x - x1, y - y1)
            if gap > distance:
                farthest, distance = i, gap
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [i for i, kept in enumerate(keep) if kept]


def decoded_arcs(topology):
    """Each arc as (longitude, latitude) points, simplified as projected."""
    (kx, ky), (tx, ty) = topology["transform"].values()
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * kx + tx, y * ky + ty))
        projected = [projected_point(point) for point in points]
        arcs.append([points[i] for i in simplified(projected)])
    return arcs


def projected_point(point):
    x, y = equal_earth(*point)
    return x * SCALE, -y * SCALE  # SVG's y grows downwards


def rings_of(geometry):
    if geometry["type"] == "Polygon":
        return list(geometry["arcs"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def outline(rings, arcs):
    """The outline of one or more features as closed rings of points: a border
    two of them share (an arc used both ways) is dropped, the rest joined."""
    used = set()
    for ring in rings:
        used.update(ring)
    # An arc and its reverse (~index) both used: a border inside the group.
    pieces = [index for ring in rings for index in ring if ~index not in used]

    def points(index):
        return arcs[index] if index >= 0 else arcs[~index][::-1]

    by_start = {}
    for index in pieces:
        by_start.setdefault(points(index)[0], []).append(index)
    joined = []
    while by_start:
        start = next(iter(by_start))
        index = by_start[start].pop()
        if not by_start[start]:
            del by_start[start]
        ring = list(points(index))
        while ring[-1] != ring[0] and ring[-1] in by_start:
            following = by_start[ring[-1]].pop()
            if not by_start[ring[-1]]:
                del by_start[ring[-1]]
            ring += points(following)[1:]
        joined.extend(split_at_antimeridian(ring))
    return joined


def split_at_antimeridian(ring):
    """A ring that crosses the 180th meridian (Russia, Fiji) as one ring on
    each side of it, so that no border is drawn across the whole map."""
    pieces, piece = [], [ring[0]]
    for previous, point in zip(ring, ring[1:], strict=False):
        if abs(point[0] - previous[0]) > 180:
            pieces.append(piece)
            piece = []
        piece.append(point)
    pieces.append(piece)
    if len(pieces) == 1:
        return pieces
    pieces[0] = pieces.pop() + pieces[0]  # the ring's end runs into its start
    sides = {}
    for piece in pieces:
        sides.setdefault(piece[0][0] > 0, []).extend(piece)
    return list(sides.values())


def number(value):
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def path_data(rings):
    """SVG path data: absolute start, then relative steps between rounded
    points (shorter, and equal on both sides of a shared border)."""
    parts = []
    for ring in rings:
        rounded = []
        for longitude_latitude in ring:
            x, y = projected_point(longitude_latitude)
            point = (round(x, 1), round(y, 1))
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if len(rounded) > 1 and rounded[-1] == rounded[0]:
            rounded.pop()
        if len(rounded) < 3:
            continue
        (x0, y0), steps = rounded[0], []
        previous = rounded[0]
        for x, y in rounded[1:]:
            dx, dy = round(x - previous[0], 1), round(y - previous[1], 1)
            steps.append(f"{number(dx)} {number(dy)}")
            previous = (x, y)
        parts.append(f"M{number(x0)} {number(y0)}l" + " ".join(steps) + "z")
    return "".join(parts)


class Command(BaseCommand):
    help = (
        "Project Natural Earth's country boundaries (npm world-atlas) into "
        "compendium/data/world_map.json, which the world map reads."
    )

    def handle(self, *args, **options):
        source = Path(settings.BASE_DIR) / SOURCE
        if not source.exists():
            raise CommandError(
                f"{SOURCE} is missing: run `npm ci` first (world-atlas is one of "
                "the project's npm packages)."
            )
        topology = json.loads(source.read_text(encoding="utf-8"))
        with STATES.open(encoding="utf-8", newline="") as handle:
            states = {row["m49"]: row["iso3"] for row in csv.DictReader(handle)}
        arcs = decoded_arcs(topology)

        groups = {}
        for feature in topology["objects"]["countries"]["geometries"]:
            name = feature["properties"]["name"]
            if name in LEFT_OUT:
                continue
            key = WITHIN_STATE.get(name) or states.get(feature.get("id"), "")
            groups.setdefault(key, []).extend(rings_of(feature))

        drawn = {key: path_data(outline(rings, arcs)) for key, rings in groups.items()}
        other = drawn.pop("", "")
        xs, ys = [], []
        for rings in groups.values():
            for ring in rings:
                for index in ring:
                    for point in arcs[index if index >= 0 else ~index]:
                        x, y = projected_point(point)
                        xs.append(x)
                        ys.append(y)
        margin = 2
        left, top = math.floor(min(xs)) - margin, math.floor(min(ys)) - margin
        view_box = [
            left,
            top,
            math.ceil(max(xs)) + margin - left,
            math.ceil(max(ys)) + margin - top,
        ]
        data = {
            "source": "Natural Earth 1:110m, from the npm package world-atlas "
            + json.loads((source.parent / "package.json").read_text())["version"],
            "projection": "Equal Earth",
            "view_box": view_box,
            "states": dict(sorted(drawn.items())),
            "other": other,
            "not_drawn": sorted(set(states.values()) - set(drawn)),
        }
        TARGET.write_text(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
            encoding="utf-8",
        )
        self.stdout.write(
            f"Wrote {TARGET.name}: {len(drawn)} States drawn, "
            f"{len(data['not_drawn'])} too small at this scale, "
            f"{TARGET.stat().st_size // 1024} kB."
        )
