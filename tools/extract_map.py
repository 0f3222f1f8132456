#!/usr/bin/env python3
"""Extract small, offline ASEAN country shapes from world-atlas@2.0.2.

Usage (from the repository root):

    D="$(mktemp -d)" && (cd "$D" && npm pack world-atlas@2.0.2)
    python3 tools/extract_map.py "$D/world-atlas-2.0.2.tgz"

The argument may also be the extracted ``countries-50m.json``.  The file's
sha256 is checked before anything else; a different file is refused.

What the script does (standard library only, deterministic output):

1. decodes the TopoJSON itself: quantization transform, delta-encoded arcs,
   reversed arcs (``~i``), Polygon and MultiPolygon geometries; holes are kept
   (as GeoJSON interior rings) - the 1:50m source has none for these features;
2. rounds every coordinate to 3 decimals (about 100 m) and drops consecutive
   duplicate points;
3. simplifies each *arc* (not each ring) with Douglas-Peucker at
   ``TOLERANCE`` degrees, arc end points fixed, so borders shared by two
   countries stay identical on both sides;
4. keeps the 11 ASEAN members whole, and NEVER drops a member ring: a member
   ring that simplification would collapse to < 4 points is rebuilt from its
   unsimplified (rounded) arcs;
5. keeps six neighbours as context (``member: false``), clipped to the box
   lon 88..142, lat -13..30: rings entirely outside the box are dropped, the
   others are clipped to the box (Sutherland-Hodgman), and context rings
   that end up with < 4 points are dropped;
6. orients rings as RFC 7946 asks (exterior counter-clockwise, holes
   clockwise) and writes a GeoJSON FeatureCollection sorted by iso3 with a
   top-level ``metadata`` object.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import tarfile
from pathlib import Path

PACKAGE = "world-atlas"
VERSION = "2.0.2"
SOURCE_FILE = "countries-50m.json"
SOURCE_SHA256 = "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"
NATURAL_EARTH_VERSION = "4.1.0"
TOLERANCE = 0.01  # Douglas-Peucker tolerance, degrees
DECIMALS = 3
CONTEXT_BBOX = (88.0, -13.0, 142.0, 30.0)  # lon_min, lat_min, lon_max, lat_max

# iso_numeric -> (iso3, name_en, member, Natural Earth name used to pick the
# feature).  The name check matters for "036": world-atlas gives id 036 both
# to Australia and to "Ashmore and Cartier Is."; only Australia is kept.
# Member names follow data/members.csv (name_en); context names are Natural
# Earth's.
FEATURES = {
    "096": ("BRN", "Brunei Darussalam", True, "Brunei"),
    "116": ("KHM", "Cambodia", True, "Cambodia"),
    "360": ("IDN", "Indonesia", True, "Indonesia"),
    "418": ("LAO", "Lao PDR", True, "Laos"),
    "458": ("MYS", "Malaysia", True, "Malaysia"),
    "104": ("MMR", "Myanmar", True, "Myanmar"),
    "608": ("PHL", "Philippines", True, "Philippines"),
    "702": ("SGP", "Singapore", True, "Singapore"),
    "764": ("THA", "Thailand", True, "Thailand"),
    "626": ("TLS", "Timor-Leste", True, "Timor-Leste"),
    "704": ("VNM", "Viet Nam", True, "Vietnam"),
    "156": ("CHN", "China", False, "China"),
    "356": ("IND", "India", False, "India"),
    "050": ("BGD", "Bangladesh", False, "Bangladesh"),
    "598": ("PNG", "Papua New Guinea", False, "Papua New Guinea"),
    "036": ("AUS", "Australia", False, "Australia"),
    "158": ("TWN", "Taiwan", False, "Taiwan"),
}

EXTRACT_COMMAND = (
    'D="$(mktemp -d)" && (cd "$D" && npm pack world-atlas@2.0.2) && '
    'python3 tools/extract_map.py "$D/world-atlas-2.0.2.tgz"   # from the repository root'
)

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "map" / "asean_countries.geojson"


# --------------------------------------------------------------------------
# input


def read_source(path: Path) -> bytes:
    """Return the bytes of countries-50m.json from a tarball or a .json file."""
    if tarfile.is_tarfile(path):
        with tarfile.open(path, "r:*") as tar:
            try:
                member = tar.getmember(f"package/{SOURCE_FILE}")
            except KeyError:
                sys.exit(f"error: {path} has no package/{SOURCE_FILE}; is it world-atlas-{VERSION}.tgz?")
            fh = tar.extractfile(member)
            assert fh is not None
            return fh.read()
    return path.read_bytes()


def verify(data: bytes, path: Path) -> str:
    digest = hashlib.sha256(data).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(
            f"error: sha256 of {path} ({SOURCE_FILE} wanted) is {digest},\n"
            f"       expected {SOURCE_SHA256}\n"
            f"       (the file from npm package {PACKAGE}@{VERSION}). Refusing to continue."
        )
    return digest


# --------------------------------------------------------------------------
# TopoJSON decoding


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute, rounded lon/lat arcs (consecutive duplicates removed)."""
    tr = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        pts: list[tuple[float, float]] = []
        if tr:
            (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
            x = y = 0
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                pts.append((round(x * sx + tx, DECIMALS), round(y * sy + ty, DECIMALS)))
        else:
            pts = [(round(p[0], DECIMALS), round(p[1], DECIMALS)) for p in arc]
        arcs.append(dedupe(pts))
    return arcs


def dedupe(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for p in pts:
        if not out or p != out[-1]:
            out.append(p)
    return out


def ring_from_arcs(indices: list[int], arcs: list) -> list[tuple[float, float]]:
    """Stitch a ring from arc indices (``~i`` = arc i reversed)."""
    ring: list[tuple[float, float]] = []
    for i in indices:
        pts = arcs[~i][::-1] if i < 0 else arcs[i]
        # consecutive arcs share their junction point: skip the repeat
        ring.extend(pts[1:] if ring and pts and pts[0] == ring[-1] else pts)
    ring = dedupe(ring)
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def geometry_polygons(geom: dict) -> list[list[list[int]]]:
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    raise ValueError(f"unsupported geometry type {geom['type']!r}")


# --------------------------------------------------------------------------
# geometry helpers


def _seg_dist2(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return (px - ax) ** 2 + (py - ay) ** 2
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    qx, qy = ax + t * dx, ay + t * dy
    return (px - qx) ** 2 + (py - qy) ** 2


def douglas_peucker(pts: list, tol: float) -> list:
    """Iterative Douglas-Peucker; end points always kept."""
    n = len(pts)
    if n <= 2 or tol <= 0:
        return list(pts)
    tol2 = tol * tol
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = -1.0, -1
        for k in range(i + 1, j):
            d = _seg_dist2(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if idx != -1 and best > tol2:
            keep[idx] = True
            stack.append((i, idx))
            stack.append((idx, j))
    return [p for p, k in zip(pts, keep) if k]


def signed_area(ring: list) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def orient(ring: list, ccw: bool) -> list:
    return ring if (signed_area(ring) > 0) == ccw else ring[::-1]


def ring_bbox(ring: list):
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def outside_box(ring: list, box) -> bool:
    x0, y0, x1, y1 = ring_bbox(ring)
    return x1 < box[0] or x0 > box[2] or y1 < box[1] or y0 > box[3]


def clip_ring(ring: list, box) -> list:
    """Sutherland-Hodgman clip of a closed ring against an axis-aligned box.

    For a concave ring the result can contain zero-width spurs running along
    the box edge; the filled area is still correct.
    """
    xmin, ymin, xmax, ymax = box
    edges = [
        (lambda p: p[0] >= xmin, lambda a, b: _ix(a, b, xmin)),
        (lambda p: p[0] <= xmax, lambda a, b: _ix(a, b, xmax)),
        (lambda p: p[1] >= ymin, lambda a, b: _iy(a, b, ymin)),
        (lambda p: p[1] <= ymax, lambda a, b: _iy(a, b, ymax)),
    ]
    pts = ring[:-1]
    for inside, intersect in edges:
        if not pts:
            break
        out = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    out.append(intersect(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(intersect(prev, cur))
            prev = cur
        pts = out
    pts = dedupe([(round(x, DECIMALS), round(y, DECIMALS)) for x, y in pts])
    if pts and pts[0] != pts[-1]:
        pts.append(pts[0])
    return pts


def _ix(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _iy(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


# --------------------------------------------------------------------------
# main


def build(topo: dict, tolerance: float) -> tuple[list[dict], list[str]]:
    raw_arcs = decode_arcs(topo)
    simple_arcs = [douglas_peucker(a, tolerance) for a in raw_arcs]
    notes: list[str] = []

    features = []
    found = set()
    for geom in topo["objects"]["countries"]["geometries"]:
        iso_num = geom.get("id")
        spec = FEATURES.get(iso_num)
        if spec is None:
            continue
        iso3, name_en, member, ne_name = spec
        if geom.get("properties", {}).get("name") != ne_name:
            notes.append(f"skipped id {iso_num} {geom.get('properties', {}).get('name')!r}")
            continue
        if iso_num in found:
            sys.exit(f"error: two features for id {iso_num} named {ne_name!r}")
        found.add(iso_num)

        polygons = []
        for poly in geometry_polygons(geom):
            rings = []
            for k, ring_idx in enumerate(poly):
                ring = ring_from_arcs(ring_idx, simple_arcs)
                if member:
                    if len(ring) < 4:
                        ring = ring_from_arcs(ring_idx, raw_arcs)
                        notes.append(f"{iso3}: ring kept unsimplified ({len(ring)} points)")
                    if len(ring) < 4:
                        sys.exit(f"error: {iso3} ring degenerates to {len(ring)} points even unsimplified")
                else:
                    if len(ring) < 4 or outside_box(ring, CONTEXT_BBOX):
                        ring = []
                    else:
                        ring = clip_ring(ring, CONTEXT_BBOX)
                        if len(ring) < 4 or abs(signed_area(ring)) == 0:
                            ring = []
                if not ring:
                    if k == 0:  # exterior gone: the whole polygon goes
                        break
                    continue
                rings.append(orient(ring, ccw=(k == 0)))
            if rings:
                polygons.append(rings)

        if not polygons:
            if member:
                sys.exit(f"error: member {iso3} has empty geometry")
            notes.append(f"{iso3}: nothing inside the context box, omitted")
            continue
        coords = [[[list(p) for p in ring] for ring in poly] for poly in polygons]
        if len(coords) == 1:
            geometry = {"type": "Polygon", "coordinates": coords[0]}
        else:
            geometry = {"type": "MultiPolygon", "coordinates": coords}
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso_numeric": iso_num,
                    "iso3": iso3,
                    "name_en": name_en,
                    "member": member,
                },
                "geometry": geometry,
            }
        )

    missing = sorted(set(FEATURES) - found)
    if missing:
        sys.exit(f"error: features not found in source: {missing}")
    features.sort(key=lambda f: f["properties"]["iso3"])
    return features, notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help=f"world-atlas-{VERSION}.tgz or its {SOURCE_FILE}")
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT, help="output GeoJSON (default: %(default)s)")
    args = ap.parse_args(argv)

    if not args.source.is_file():
        sys.exit(f"error: {args.source} is not a file")
    data = read_source(args.source)
    digest = verify(data, args.source)
    topo = json.load(io.BytesIO(data))

    features, notes = build(topo, TOLERANCE)
    doc = {
        "type": "FeatureCollection",
        "metadata": {
            "source_package": f"{PACKAGE} (npm)",
            "source_version": VERSION,
            "source_file": SOURCE_FILE,
            "source_sha256": digest,
            "natural_earth": f"Natural Earth {NATURAL_EARTH_VERSION} Admin-0 countries, 1:50m",
            "licence": "Natural Earth data: public domain. world-atlas packaging: ISC, (c) 2013-2019 Mike Bostock.",
            "extraction_command": EXTRACT_COMMAND,
            "simplification": f"Douglas-Peucker per TopoJSON arc, tolerance {TOLERANCE} degrees; coordinates rounded to {DECIMALS} decimals",
            "simplification_tolerance_deg": TOLERANCE,
            "context_bbox": list(CONTEXT_BBOX),
            "members": sum(f["properties"]["member"] for f in features),
        },
        "features": features,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n"
    args.output.write_text(text, encoding="utf-8")
    for n in notes:
        print("note:", n, file=sys.stderr)
    print(f"wrote {args.output} ({len(text.encode('utf-8')):,} bytes, {len(features)} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
