"""Read the course data in ``data/`` as validated pandas DataFrames.

``data/datapackage.json`` describes every file (a Frictionless tabular data
package): its columns, their types and constraints, primary and foreign keys,
its sources and licence. :func:`load` reads a CSV as text, checks every cell
against that schema and only then converts the columns to their types. The
first problem found stops the load with a :class:`DataFileError` whose message
is one Indonesian sentence naming the file, the row and the column.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from lessons.core.errors import DataFileError  # noqa: F401  (re-exported)
from lessons.core.paths import PACKAGE_FILE, course
from lessons.text import t



def data_dir() -> Path:
    """The course's data folder (the one rule is in :mod:`lessons.core.paths`)."""
    return course().data


def _rel(root: Path, path: Path) -> str:
    try:
        return "data/" + path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read_json(path: Path, root: Path):
    name = _rel(root, path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(t("data_file_missing", file=name)) from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise DataFileError(t("data_json", file=name, detail=type(err).__name__)) from None


def file_stamp(path: Path):
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size)


def package(root: Path | None = None) -> dict:
    """The parsed ``datapackage.json`` (cached while the file is unchanged)."""
    root = root or data_dir()
    path = root / PACKAGE_FILE
    return _package_cached(str(path), file_stamp(path))


@lru_cache(maxsize=8)
def _package_cached(path: str, stamp) -> dict:
    p = Path(path)
    return _read_json(p, p.parent)


def resource(name: str, root: Path | None = None) -> dict:
    """The descriptor of resource ``name`` in the data package."""
    for res in package(root)["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(name)


# --------------------------------------------------------------------------
# validation


_INT = re.compile(r"[+-]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse(value: str, ftype: str):
    """Convert one non-empty cell; raise ValueError when it is not ``ftype``."""
    if ftype == "string":
        return value
    if ftype in ("integer", "year"):
        if not _INT.fullmatch(value):
            raise ValueError
        return int(value)
    if ftype == "number":
        number = float(value)
        if not math.isfinite(number):
            raise ValueError
        return number
    if ftype == "date":
        if not _DATE.fullmatch(value):
            raise ValueError
        return _dt.date.fromisoformat(value)
    if ftype == "boolean":
        if value not in ("true", "false"):
            raise ValueError
        return value == "true"
    raise ValueError


def _read_rows(path: Path, name: str) -> tuple[list[str], list[list[str]]]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(t("data_file_missing", file=name)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        row = raw[: err.start].count(b"\n") + 1
        raise DataFileError(t("data_not_utf8", file=name, row=row)) from None
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise DataFileError(t("data_not_utf8", file=name, row=row))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error:
        raise DataFileError(t("data_bad_shape", file=name, row=reader.line_num, expected=t("data_bad_shape_header"))) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise DataFileError(t("data_empty", file=name))
    return rows[0], rows[1:]


def validate_rows(name: str, descriptor: dict, header: list[str], rows: list[list[str]]) -> dict[str, list]:
    """Check ``rows`` against the resource schema; return typed columns.

    Raises :class:`DataFileError` at the first problem. Row numbers in the
    messages are line numbers as a spreadsheet shows them (header = 1).
    """
    fields = descriptor["schema"]["fields"]
    names = [f["name"] for f in fields]
    for column in names:
        if column not in header:
            raise DataFileError(t("data_header", file=name, column=column, problem=t("data_header_missing")))
    for column in header:
        if column not in names:
            raise DataFileError(t("data_header", file=name, column=column, problem=t("data_header_extra")))
    if not rows:
        raise DataFileError(t("data_empty", file=name))
    index = {column: header.index(column) for column in names}
    columns: dict[str, list] = {column: [] for column in names}
    seen: dict[str, set] = {f["name"]: set() for f in fields if f.get("constraints", {}).get("unique")}
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            if not any(cell.strip() for cell in row):
                raise DataFileError(t("data_bad_shape", file=name, row=number, expected=len(header)))
            raise DataFileError(t("data_bad_shape", file=name, row=number, expected=len(header)))
        for field in fields:
            column = field["name"]
            constraints = field.get("constraints", {})
            cell = row[index[column]]
            value = cell.strip()
            shown = value if len(value) <= 40 else value[:37] + "..."
            if value == "":
                if constraints.get("required"):
                    raise DataFileError(t("data_required", file=name, row=number, column=column))
                columns[column].append(None)
                continue
            ftype = field.get("type", "string")
            try:
                parsed = _parse(value, ftype)
            except ValueError:
                raise DataFileError(
                    t("data_type", file=name, row=number, column=column, value=shown, type=t(f"type_{'integer' if ftype == 'year' else ftype}"))
                ) from None
            pattern = constraints.get("pattern")
            if pattern and not re.fullmatch(pattern, value):
                raise DataFileError(t("data_pattern", file=name, row=number, column=column, value=shown))
            enum = constraints.get("enum")
            if enum and value not in enum:
                raise DataFileError(
                    t("data_enum", file=name, row=number, column=column, value=shown, allowed=", ".join(enum))
                )
            low, high = constraints.get("minimum"), constraints.get("maximum")
            if low is not None or high is not None:
                lo = _parse(str(low), ftype) if low is not None else None
                hi = _parse(str(high), ftype) if high is not None else None
                if (lo is not None and parsed < lo) or (hi is not None and parsed > hi):
                    raise DataFileError(
                        t("data_range", file=name, row=number, column=column, value=shown, low=low if low is not None else "-", high=high if high is not None else "-")
                    )
            max_length = constraints.get("maxLength")
            if max_length and len(value) > max_length:
                raise DataFileError(t("data_pattern", file=name, row=number, column=column, value=shown))
            if column in seen:
                if parsed in seen[column]:
                    raise DataFileError(t("data_unique", file=name, row=number, column=column, value=shown))
                seen[column].add(parsed)
            columns[column].append(parsed)
    primary = descriptor["schema"].get("primaryKey")
    if primary and len(primary) > 1:
        keys = set()
        for number, key in enumerate(zip(*(columns[c] for c in primary)), start=2):
            if key in keys:
                raise DataFileError(
                    t("data_unique", file=name, row=number, column="+".join(primary), value="/".join(map(str, key)))
                )
            keys.add(key)
    return columns


def _frame(descriptor: dict, columns: dict[str, list]) -> pd.DataFrame:
    data = {}
    for field in descriptor["schema"]["fields"]:
        values = columns[field["name"]]
        ftype = field.get("type", "string")
        if ftype in ("integer", "year"):
            data[field["name"]] = pd.array(values, dtype="Int64")
        elif ftype == "number":
            data[field["name"]] = pd.array([math.nan if v is None else v for v in values], dtype="float64")
        elif ftype == "date":
            data[field["name"]] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif ftype == "boolean":
            data[field["name"]] = pd.array(values, dtype="boolean")
        else:
            data[field["name"]] = pd.array(values, dtype="str")
    return pd.DataFrame(data)


def _check_foreign_keys(name: str, descriptor: dict, frame: pd.DataFrame, root: Path) -> None:
    for fk in descriptor["schema"].get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        other_name = ref.get("resource") or descriptor["name"]
        other = frame if other_name == descriptor["name"] else load(other_name, root)
        allowed = set(zip(*(other[f].tolist() for f in ref_fields)))
        for number, key in enumerate(zip(*(frame[f].tolist() for f in fields)), start=2):
            if any(v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA for v in key):
                continue
            if key not in allowed:
                other_file = "data/" + resource(other_name, root)["path"]
                raise DataFileError(
                    t("data_foreign", file=name, row=number, column="+".join(fields), value="/".join(map(str, key)), other=other_file)
                )


def load(name: str, root: Path | None = None) -> pd.DataFrame:
    """Read resource ``name`` (e.g. ``"members"``) as a validated DataFrame.

    The result is cached while the file is unchanged; callers get a copy, so
    they may modify it freely.
    """
    root = root or data_dir()
    descriptor = resource(name, root)
    path = root / descriptor["path"]
    return _load_cached(name, str(root), file_stamp(path), file_stamp(root / PACKAGE_FILE)).copy()


@lru_cache(maxsize=32)
def _load_cached(name: str, root: str, stamp, package_stamp) -> pd.DataFrame:
    root_path = Path(root)
    descriptor = resource(name, root_path)
    path = root_path / descriptor["path"]
    shown = _rel(root_path, path)
    header, rows = _read_rows(path, shown)
    columns = validate_rows(shown, descriptor, header, rows)
    frame = _frame(descriptor, columns)
    _check_foreign_keys(shown, descriptor, frame, root_path)
    return frame


# --------------------------------------------------------------------------
# convenience accessors used by the lessons


def members() -> pd.DataFrame:
    """The 11 member states, ordered by Indonesian name."""
    return load("members").sort_values("name_id", ignore_index=True)


def member_names() -> dict[str, str]:
    """ISO3 code → Indonesian name."""
    frame = load("members")
    return dict(zip(frame["iso3"], frame["name_id"]))


def map_shapes(root: Path | None = None) -> dict:
    """The country shapes (GeoJSON) for the map, checked on load."""
    root = root or data_dir()
    descriptor = resource("map_shapes", root)
    path = root / descriptor["path"]
    return _map_cached(str(path), str(root), file_stamp(path))


@lru_cache(maxsize=2)
def _map_cached(path: str, root: str, stamp) -> dict:
    p, r = Path(path), Path(root)
    name = _rel(r, p)
    shapes = _read_json(p, r)
    if not isinstance(shapes, dict) or not isinstance(shapes.get("features"), list):
        raise DataFileError(t("data_json", file=name, detail="FeatureCollection"))
    member_codes = set(load("members", r)["iso3"])
    found = set()
    for feature in shapes["features"]:
        props = feature.get("properties") if isinstance(feature, dict) else None
        geom = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(props, dict) or not isinstance(geom, dict):
            raise DataFileError(t("data_map", file=name, detail=t("map_no_geometry")))
        if geom.get("type") not in ("Polygon", "MultiPolygon") or not geom.get("coordinates"):
            raise DataFileError(t("data_map", file=name, detail=t("map_not_polygon", code=props.get('iso3', '?'))))
        if props.get("member"):
            found.add(props.get("iso3"))
    missing = member_codes - found
    if missing:
        raise DataFileError(t("data_map", file=name, detail=t("map_members_missing", codes=', '.join(sorted(missing)))))
    return shapes
