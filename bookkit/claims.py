"""Verdicts on the report's statements, computed by code and saved for the appendix.

A chapter opens one ledger and records each check through a method that *derives*
the verdict from what the code computed; there is no way to pass a verdict in:

    ledger = claims.Ledger("valuation")
    ledger.compare("t11-pe-002624-2023a", reported=30.58, computed=price / eps, tolerance=0.01,
                   evidence="price / EPS from Table 11", source="gtja2024")

What the report says is not typed in code: a claim id is a statement id of the registry,
data/report/statements.csv, whose row holds the section, the Chinese quote, its English gloss,
the kind of statement and the value as printed. A chapter that passes `reported` must agree
with the registry's `printed`, so a table transcription and the registry cannot drift apart.

Each record is written at once to <output>/_build/claims/<chapter>.json, which the
pipeline keeps beside the executed notebook. A record made in a notebook keeps a digest of
the source of the cell that made it, so the appendix can link each verdict to the section of
the chapter that computed it (`cell_sections`).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from . import data, paths

VERDICTS = ("holds", "holds with a caveat", "wrong", "inconsistent", "unverifiable")
CLAIM_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
REGISTRY = "report/statements"
# The kinds of statement, as the registry's schema declares them (one list, not two).
KINDS = next(f.enum for f in data.read_schema(data.schema_path(paths.DATA / f"{REGISTRY}.csv")).fields
             if f.name == "kind")


@dataclass(frozen=True)
class Claim:
    claim_id: str
    chapter: str
    section: str
    quote_zh: str
    gloss: str
    kind: str
    verdict: str
    reported: str
    computed: str
    evidence: str
    source: str
    cell: str | None = None  # digest of the source of the notebook cell that recorded it
    as_of: str | None = None  # for a forecast: the date of the latest evidence it was judged on


def id_part(name: str) -> str:
    """A name as a claim-id fragment: lower case, every run of other characters one dash
    ("Llama 3.1 8B" -> "llama-3-1-8b")."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def cell_digest(source: str) -> str:
    return hashlib.sha256(source.strip().encode("utf-8")).hexdigest()[:16]


def _current_cell() -> str | None:
    """Digest of the running notebook cell's source (IPython's In[-1]), or None outside
    IPython. Execution counts would not do: the kernel's and the saved notebook's differ."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    history = shell.user_ns.get("In") if shell is not None else None
    return cell_digest(history[-1]) if history else None


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return "" if value is None else str(value)


class Ledger:
    """The claims one chapter checks."""

    def __init__(self, chapter: str, registry: pd.DataFrame | None = None):
        if not CLAIM_ID.fullmatch(chapter):
            raise ValueError(f"chapter id {chapter!r} must be lower-case-with-dashes")
        self.chapter = chapter
        self.registry = data.load(REGISTRY) if registry is None else registry
        self.claims: list[Claim] = []
        self.path = paths.claims_dir() / f"{chapter}.json"
        self._write()  # a rerun starts its chapter's ledger afresh

    # -- the ways to reach a verdict ---------------------------------------------------

    def compare(self, claim_id, *, reported: float, computed: float, tolerance: float,
                caveat: str | None = None, **info) -> Claim:
        """Numbers: holds when |reported - computed| <= tolerance, else wrong.
        A caveat (say, 'matches only after rounding') turns 'holds' into 'holds with a caveat'."""
        if any(not math.isfinite(float(x)) for x in (reported, computed, tolerance)) or tolerance < 0:
            raise ValueError(f"{claim_id}: reported, computed and tolerance must be finite numbers")
        ok = abs(float(reported) - float(computed)) <= tolerance + 1e-12
        verdict = ("holds with a caveat" if caveat else "holds") if ok else "wrong"
        evidence = info.pop("evidence")
        if caveat and ok:
            evidence = f"{evidence}; caveat: {caveat}"
        diff = float(computed) - float(reported)
        return self._add(claim_id, verdict, reported=_fmt(reported),
                         computed=f"{_fmt(computed)} (difference {diff:+.4g}, tolerance {tolerance:g})",
                         evidence=evidence, **info)

    def check(self, claim_id, *, holds: bool, computed, reported=None, caveat: str | None = None,
              **info) -> Claim:
        """A yes/no test the code evaluated (a comparison, a label, a spelling)."""
        if not isinstance(holds, bool):
            raise TypeError(f"{claim_id}: holds must be the bool the code computed")
        verdict = ("holds with a caveat" if caveat else "holds") if holds else "wrong"
        evidence = info.pop("evidence")
        if caveat and holds:
            evidence = f"{evidence}; caveat: {caveat}"
        return self._add(claim_id, verdict, reported=reported, computed=_fmt(computed),
                         evidence=evidence, **info)

    def consistency(self, claim_id, *, values: dict, **info) -> Claim:
        """Two or more places in the report that should state the same thing."""
        if len(values) < 2:
            raise ValueError(f"{claim_id}: consistency needs at least two statements")
        distinct = {str(v) for v in values.values()}
        verdict = "holds" if len(distinct) == 1 else "inconsistent"
        shown = "; ".join(f"{k}: {v}" for k, v in values.items())
        return self._add(claim_id, verdict, reported=shown, computed=f"{len(distinct)} distinct value(s)",
                         **info)

    def unverifiable(self, claim_id, *, reason: str, reported=None, **info) -> Claim:
        """A statement the book cannot check, with the reason."""
        if not reason.strip():
            raise ValueError(f"{claim_id}: say why it cannot be checked")
        extra = info.pop("evidence", "")
        evidence = f"{reason}; {extra}" if extra else reason
        return self._add(claim_id, "unverifiable", reported=reported, computed="",
                         evidence=evidence, **info)

    # -- storage and display -----------------------------------------------------------

    def statement(self, claim_id: str) -> dict:
        """The registry's row for a claim, checked to be complete and this chapter's."""
        where = paths.ROOT / self.registry.attrs.get("path", paths.relative_to_root(data.resolve(REGISTRY)))
        hits = [i for i, sid in enumerate(self.registry["statement_id"], 1) if sid == claim_id]
        if not hits:
            raise data.DataError(where, f"claim {claim_id!r} has no row: register the statement first",
                                 column="statement_id")
        row = self.registry.iloc[hits[0] - 1]
        for column in ("chapter", "section", "kind", "quote_zh", "gloss", "printed"):
            if pd.isna(row[column]) or not str(row[column]).strip():
                raise data.DataError(where, f"claim {claim_id!r} needs a {column}", row=hits[0], column=column)
        if row["chapter"] != self.chapter:
            raise data.DataError(where, f"claim {claim_id!r} belongs to {row['chapter']!r}, not {self.chapter!r}",
                                 row=hits[0], column="chapter")
        if row["kind"] not in KINDS:
            raise data.DataError(where, f"kind {row['kind']!r} is not one of {KINDS}", row=hits[0], column="kind")
        return {**row.to_dict(), "row": hits[0], "path": where}

    def _add(self, claim_id, verdict, *, reported, computed, evidence, source, as_of=None) -> Claim:
        if not CLAIM_ID.fullmatch(claim_id):
            raise ValueError(f"claim id {claim_id!r} must be lower-case-with-dashes")
        if any(c.claim_id == claim_id for c in self.claims):
            raise ValueError(f"claim id {claim_id!r} recorded twice")
        st = self.statement(claim_id)
        if reported is not None and _fmt(reported) != st["printed"]:
            raise data.DataError(st["path"], f"claim {claim_id!r}: the registry prints {st['printed']!r} but the "
                                 f"chapter read {_fmt(reported)!r}", row=st["row"], column="printed")
        for name, value in (("evidence", evidence), ("source", source)):
            if not str(value).strip():
                raise ValueError(f"{claim_id}: {name} is empty")
        if bool(st.get("forecast", False)) and as_of is None:
            raise ValueError(f"{claim_id}: a forecast is judged as of a date: pass as_of (the latest evidence's date)")
        claim = Claim(claim_id, self.chapter, st["section"], st["quote_zh"], st["gloss"], st["kind"], verdict,
                      st["printed"], computed, evidence, source, _current_cell(),
                      None if as_of is None else str(pd.Timestamp(as_of).date()))
        self.claims.append(claim)
        self._write()
        return claim

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps([asdict(c) for c in self.claims], ensure_ascii=False, indent=1)
                       + "\n", encoding="utf-8")
        tmp.replace(self.path)

    def verdict(self, claim_id: str) -> str:
        """The verdict recorded for a claim of this ledger."""
        return next(c.verdict for c in self.claims if c.claim_id == claim_id)

    def records(self) -> pd.DataFrame:
        """Every field of every claim, as `collect` returns them."""
        return pd.DataFrame([asdict(c) for c in self.claims], columns=list(Claim.__dataclass_fields__))

    def frame(self) -> pd.DataFrame:
        cols = ["claim_id", "section", "quote_zh", "gloss", "verdict", "reported", "computed",
                "evidence"]
        return pd.DataFrame([asdict(c) for c in self.claims], columns=list(Claim.__dataclass_fields__))[cols]

    def summary(self) -> pd.Series:
        return self.frame()["verdict"].value_counts().reindex(VERDICTS, fill_value=0)


def collect(directory=None, exclude=()) -> pd.DataFrame:
    """Every claim recorded by every executed chapter (for the appendix). The files read
    are logged like data files, so the collecting page re-executes when a verdict changes."""
    from .data import record_read

    directory = directory or paths.claims_dir()
    files = [f for f in sorted(directory.glob("*.json")) if f.stem not in exclude]
    record_read(*files)
    rows = []
    for f in files:
        rows.extend(json.loads(f.read_text(encoding="utf-8")))
    return pd.DataFrame(rows, columns=list(Claim.__dataclass_fields__))


HEADING_ANCHOR_DEPTH = 4  # _config.yml's myst_heading_anchors: headings down to #### get anchors


def heading_slugs(markdown_headings: list[tuple[int, str]]) -> list[str]:
    """The anchors MyST gives a page's headings ((level, text) in order), made unique the way
    its anchors plugin does ("x", "x-1", ...); "" for headings deeper than the anchor depth."""
    from myst_parser.mdit_to_docutils.base import default_slugify

    seen, out = set(), []
    for level, text in markdown_headings:
        if level > HEADING_ANCHOR_DEPTH:
            out.append("")
            continue
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("`", "").replace("*", "")
        slug, i = default_slugify(plain), 0
        while slug in seen:
            i += 1
            slug = f"{default_slugify(plain)}-{i}"
        seen.add(slug)
        out.append(slug)
    return out


def cell_sections(notebook) -> dict[str, tuple[str, str]]:
    """{cell digest: (heading, anchor)} for each code cell of a notebook: the nearest heading
    above the cell and its MyST anchor ("" under the page title: the link is the page)."""
    from .build.notebooks import cell_text, read

    headings, owner = [], {}
    for cell in read(Path(notebook))["cells"]:
        source = cell_text(cell)
        if cell["cell_type"] == "markdown":
            fenced = False
            for line in source.splitlines():
                if line.lstrip().startswith(("```", "~~~")):
                    fenced = not fenced
                m = None if fenced else re.match(r"(#{1,6})\s+(.+?)\s*#*\s*$", line)
                if m:
                    headings.append((len(m.group(1)), m.group(2)))
        elif cell["cell_type"] == "code":
            owner[cell_digest(source)] = len(headings) - 1
    slugs = heading_slugs(headings)
    return {digest: (headings[i][1], slugs[i] if i > 0 else "") if i >= 0 else ("", "")
            for digest, i in owner.items()}
