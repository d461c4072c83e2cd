"""Load the book's CSV files, checked against the schema declared beside each one.

Every table `data/<source>/<name>.csv` has `data/<source>/<name>.schema.yaml`:

    title: ...
    primary_key: [col, ...]
    gap_note: notes          # a row with an empty optional cell must explain it here
    gap_fields: [a, b]       # ...only for these cells (default: every optional cell)
    fields:
      - name: col
        type: string | integer | number | date | month | boolean
        required: true       # empty cell not allowed
        minimum: 0           # number / integer
        maximum: 100
        enum: [a, b]         # string
        pattern: '^...$'     # string, full match
        source_ids: true     # ';'-separated ids that must exist in data/sources.csv
        references: models/models.model_id   # values must exist in that table's column
        description: ...

Any problem stops the load with a DataError that names the file, the row and the
column. Loading never writes to the data folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from . import paths

TYPES = ("string", "integer", "number", "date", "month", "boolean")
TRUE_WORDS = {"yes", "true"}
FALSE_WORDS = {"no", "false"}
SOURCE_SEPARATOR = ";"


class DataError(ValueError):
    """Bad input: says which file, which row (1 = first data row) and which column."""

    def __init__(self, file, message, row=None, column=None, line=None):
        self.file = paths.relative_to_root(Path(file))
        self.row, self.column, self.line = row, column, line
        self.reason = message
        where = [self.file]
        if row is not None:
            where.append(f"row {row}" + (f" (line {line})" if line is not None else ""))
        elif line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(", ".join(where) + ": " + message)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    source_ids: bool = False
    references: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Schema:
    path: Path
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    gap_note: str | None = None
    gap_fields: tuple[str, ...] | None = None

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]


def _schema_error(path, message):
    return DataError(path, f"bad schema: {message}")


def read_schema(path: Path) -> Schema:
    """Parse and sanity-check one schema file."""
    path = Path(path)
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path, "schema file is missing") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise _schema_error(path, str(exc)) from None
    if not isinstance(spec, dict) or not isinstance(spec.get("fields"), list):
        raise _schema_error(path, "needs a 'fields' list")
    fields = []
    known = set(Field.__dataclass_fields__)
    for i, raw in enumerate(spec["fields"], 1):
        if not isinstance(raw, dict) or "name" not in raw or "type" not in raw:
            raise _schema_error(path, f"field {i} needs a name and a type")
        unknown = set(raw) - known
        if unknown:
            raise _schema_error(path, f"field '{raw['name']}' has unknown keys {sorted(unknown)}")
        if raw["type"] not in TYPES:
            raise _schema_error(path, f"field '{raw['name']}' has unknown type '{raw['type']}'")
        if raw.get("enum") is not None:
            raw = {**raw, "enum": tuple(str(v) for v in raw["enum"])}
        fields.append(Field(**raw))
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise _schema_error(path, "field names repeat")
    key = tuple(spec.get("primary_key") or ())
    gap_note = spec.get("gap_note")
    gap_fields = tuple(spec["gap_fields"]) if spec.get("gap_fields") else None
    for col in (*key, *([gap_note] if gap_note else []), *(gap_fields or ())):
        if col not in names:
            raise _schema_error(path, f"'{col}' is not a declared field")
    return Schema(path, spec.get("title", path.stem), tuple(fields), key, gap_note, gap_fields)


def schema_path(csv_path: Path) -> Path:
    return Path(csv_path).with_suffix(".schema.yaml")


# --- cell parsing -----------------------------------------------------------------

def _parse_cell(f: Field, text: str):
    """Return the typed value of one non-empty cell, or raise ValueError with a reason."""
    if f.type == "string":
        if f.enum is not None and text not in f.enum:
            raise ValueError(f"'{text}' is not one of {list(f.enum)}")
        if f.pattern is not None and not re.fullmatch(f.pattern, text):
            raise ValueError(f"'{text}' does not match the pattern {f.pattern}")
        return text
    if f.type == "integer":
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"'{text}' is not an integer")
        value = int(text)
    elif f.type == "number":
        if not re.fullmatch(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
            raise ValueError(f"'{text}' is not a number")
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"'{text}' is not a finite number")
    elif f.type == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(f"'{text}' is not a date of the form YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a valid calendar date") from None
    elif f.type == "month":
        m = re.fullmatch(r"(\d{4})-(\d{2})", text)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValueError(f"'{text}' is not a month of the form YYYY-MM")
        return text
    elif f.type == "boolean":
        low = text.lower()
        if low in TRUE_WORDS:
            return True
        if low in FALSE_WORDS:
            return False
        raise ValueError(f"'{text}' is not yes/no")
    if f.minimum is not None and value < f.minimum:
        raise ValueError(f"{text} is below the minimum {f.minimum}")
    if f.maximum is not None and value > f.maximum:
        raise ValueError(f"{text} is above the maximum {f.maximum}")
    return value


_PANDAS_DTYPES = {"string": "str", "integer": "Int64", "number": "float64",
                  "month": "str", "boolean": "boolean"}


def _to_frame(schema: Schema, columns: dict[str, list]) -> pd.DataFrame:
    frame = {}
    for f in schema.fields:
        values = columns[f.name]
        if f.type == "date":
            frame[f.name] = pd.to_datetime(pd.Series(values, dtype="object"))
        else:
            frame[f.name] = pd.Series(values, dtype="object").astype(_PANDAS_DTYPES[f.type])
    return pd.DataFrame(frame)


# --- reading ----------------------------------------------------------------------

def _decode(path: Path, raw: bytes) -> str:
    if not raw.strip():
        raise DataError(path, "file is empty")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(path, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                        line=line) from None


def _records(path: Path, text: str):
    """Yield (line_number, cells) from CSV text, turning csv errors into DataErrors."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DataError(path, f"malformed CSV: {exc}", line=reader.line_num) from None
        yield reader.line_num, cells


def validate_text(path: Path, text: str, schema: Schema, known_sources: set[str] | None):
    """Check CSV text against a schema; return {column: [typed values]}."""
    records = _records(path, text)
    try:
        _, header = next(records)
    except StopIteration:
        raise DataError(path, "file is empty") from None
    missing = [n for n in schema.names if n not in header]
    if missing:
        raise DataError(path, "missing from the header", column=missing[0], line=1)
    extra = [h for h in header if h not in schema.names]
    if extra:
        raise DataError(path, "column is not declared in the schema", column=extra[0], line=1)
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise DataError(path, "column appears twice in the header", column=dup, line=1)

    by_name = {f.name: f for f in schema.fields}
    columns = {n: [] for n in schema.names}
    seen_keys: dict[tuple, int] = {}
    row = 0
    for line, cells in records:
        if not cells or (len(cells) == 1 and cells[0] == ""):
            continue  # blank line
        row += 1
        if len(cells) != len(header):
            raise DataError(path, f"has {len(cells)} cells, the header has {len(header)}",
                            row=row, line=line)
        values, gaps = {}, []
        for name, text in zip(header, cells):
            f = by_name[name]
            if text == "":
                if f.required:
                    raise DataError(path, "is empty but required", row=row, column=name, line=line)
                values[name] = None
                if name != schema.gap_note and (schema.gap_fields is None or name in schema.gap_fields):
                    gaps.append(name)
                continue
            try:
                values[name] = _parse_cell(f, text)
            except ValueError as exc:
                raise DataError(path, str(exc), row=row, column=name, line=line) from None
            if f.source_ids and known_sources is not None:
                for sid in text.split(SOURCE_SEPARATOR):
                    if sid.strip() not in known_sources:
                        raise DataError(path, f"unknown source id '{sid.strip()}' "
                                        f"(not in {paths.relative_to_root(paths.SOURCES_CSV)})",
                                        row=row, column=name, line=line)
        if schema.gap_note and gaps and not values.get(schema.gap_note):
            raise DataError(path, f"empty cell without a note in '{schema.gap_note}'",
                            row=row, column=gaps[0], line=line)
        if schema.primary_key:
            key = tuple(values[k] for k in schema.primary_key)
            if key in seen_keys:
                raise DataError(path, f"duplicate key {key} (first at row {seen_keys[key]})",
                                row=row, column=schema.primary_key[0], line=line)
            seen_keys[key] = row
        for name in schema.names:
            columns[name].append(values[name])
    if row == 0:
        raise DataError(path, "has a header but no data rows")
    return columns


# --- public API -------------------------------------------------------------------

def resolve(name: str | os.PathLike) -> Path:
    """'report/table11_valuations' or a path -> the CSV's path."""
    path = Path(name)
    if not path.is_absolute():
        path = paths.DATA / path
    return path if path.suffix == ".csv" else path.with_suffix(".csv")


def record_read(*files: Path) -> None:
    """Append files to the log the pipeline reads to learn a chapter's data inputs."""
    log = os.environ.get("BOOKKIT_READS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            for f in files:
                fh.write(paths.relative_to_root(f) + "\n")


def load_frame(path: Path, schema: Schema, known_sources: set[str] | None) -> pd.DataFrame:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(path, "file is missing") from None
    text = _decode(path, raw)
    return _to_frame(schema, validate_text(path, text, schema, known_sources))


def source_ids() -> set[str]:
    """The ids of data/sources.csv (itself validated)."""
    return set(load_sources()["source_id"])


def cited(*frames) -> list[str]:
    """Every source id the frames' rows cite (a `source_id` cell may hold several, split by ';')."""
    return sorted({i.strip() for f in frames for cell in f["source_id"].dropna() for i in str(cell).split(";")})


def load_sources() -> pd.DataFrame:
    path = paths.SOURCES_CSV
    frame = load_frame(path, read_schema(schema_path(path)), known_sources=None)
    for i, rec in enumerate(frame.itertuples(index=False), 1):
        if pd.isna(rec.url) and pd.isna(rec.document):
            raise DataError(path, "a source needs a url or a document", row=i, column="url")
    record_read(path, schema_path(path))
    return frame


def load(name: str | os.PathLike) -> pd.DataFrame:
    """Load one data table, validated against its schema and the source registry."""
    path = resolve(name)
    schema = read_schema(schema_path(path))
    frame = load_frame(path, schema, source_ids())
    record_read(path, schema_path(path))
    for f in schema.fields:
        if f.references:
            _check_reference(path, frame, f)
    frame.attrs["path"] = paths.relative_to_root(path)
    return frame


def _check_reference(path: Path, frame: pd.DataFrame, f: Field) -> None:
    table, _, column = f.references.rpartition(".")
    known = set(load(table)[column])
    for i, value in enumerate(frame[f.name], 1):
        if not pd.isna(value) and value not in known:
            raise DataError(path, f"'{value}' is not a {column} of {table}", row=i, column=f.name)


def catalogue() -> list[Path]:
    """Every data table of the book (each CSV that has a schema beside it)."""
    return sorted(p for p in paths.DATA.rglob("*.csv") if schema_path(p).exists())
