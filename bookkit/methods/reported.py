"""Read the report's printed cells ("8B、70B、405B", "5 月", "未披露") into numbers.

The data files keep the report's text as printed; the chapters parse it with these
functions, so a parsing rule is written once and tested."""

from __future__ import annotations

import re

import pandas as pd

REPORT_DATE = pd.Timestamp("2024-08-06")  # the report's market data are as of this close; "after the report" starts here
NOT_DISCLOSED = "未披露"
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([MBT])", re.I)
_SCALE = {"M": 1e-3, "B": 1.0, "T": 1e3}


def sizes_b(text: str) -> list[float]:
    """Parameter counts in billions, in printed order; [] when not disclosed.

    >>> sizes_b("270M,450M,1.1B,3B")
    [0.27, 0.45, 1.1, 3.0]
    """
    text = str(text).strip()
    if not text or text == NOT_DISCLOSED:
        return []
    parts = [p for p in re.split(r"[,，、]\s*", text) if p]
    out = []
    for p in parts:
        m = _SIZE.fullmatch(p.strip())
        if not m:
            raise ValueError(f"cannot read a parameter count from {p!r} in {text!r}")
        out.append(round(float(m.group(1)) * _SCALE[m.group(2).upper()], 6))
    return out


def month_number(text: str) -> int:
    """'5 月' -> 5."""
    m = re.fullmatch(r"\s*(\d{1,2})\s*月\s*", str(text))
    if not m or not 1 <= int(m.group(1)) <= 12:
        raise ValueError(f"not a printed month: {text!r}")
    return int(m.group(1))


_CONTEXT = re.compile(r"(\d+(?:\.\d+)?)\s*([KM]?)", re.I)
_CONTEXT_SCALE = {"": 1, "K": 1024, "M": 1024 * 1024}


def context_tokens(text: str) -> list[int]:
    """Context lengths in tokens, in printed order; K read as 1,024 and M as 1,024²
    (so "128K" is 131,072); [] when not disclosed.

    >>> context_tokens("4K、8K、128K")
    [4096, 8192, 131072]
    """
    text = str(text).strip()
    if not text or text == NOT_DISCLOSED:
        return []
    out = []
    for p in (p for p in re.split(r"[,，、]\s*", text) if p.strip()):
        m = _CONTEXT.fullmatch(p.strip())
        if not m:
            raise ValueError(f"cannot read a context length from {p!r} in {text!r}")
        out.append(int(float(m.group(1)) * _CONTEXT_SCALE[m.group(2).upper()]))
    return out


def numbering_problems(captions) -> list[dict]:
    """Duplicated and skipped numbers among the report's figures and tables.

    `captions` has columns kind ('Figure'/'Table'), printed_number and position (order of
    appearance). A number printed twice is a duplicate; a number below the highest printed
    one that never appears is skipped."""
    problems = []
    for kind, group in captions.sort_values("position").groupby("kind", sort=False):
        numbers = [int(n) for n in group["printed_number"]]
        seen = {}
        for pos, n in zip(group["position"], numbers):
            seen.setdefault(n, []).append(int(pos))
        for n, where in sorted(seen.items()):
            if len(where) > 1:
                problems.append({"kind": kind, "number": n, "problem": "printed twice", "positions": where})
        for n in range(1, max(numbers) + 1):
            if n not in seen:
                problems.append({"kind": kind, "number": n, "problem": "skipped", "positions": []})
    return problems


UNDISCLOSED = "undisclosed"  # what a source row says when the developer publishes no value


def source_values(text) -> list[float] | str | None:
    """A ';'-separated source cell: numbers, UNDISCLOSED, or None when no source was found."""
    if text is None or (isinstance(text, float) and text != text) or str(text).strip() == "":
        return None
    text = str(text).strip()
    return UNDISCLOSED if text == UNDISCLOSED else [float(x) for x in text.split(";")]


def same_length(a: float, b: float, rel: float = 0.05) -> bool:
    """Two context lengths are the same length when within 5 %: "128K" is 128,000 tokens
    to one developer and 131,072 to another, "1M" 1,000,000 or 1,048,576."""
    return abs(a - b) <= rel * max(a, b)


def compare_printed(printed: list[float], source, *, complete: bool, lengths: bool = False) -> dict:
    """Compare the values a table prints with the values a source gives.

    `printed` is [] when the table says 未披露. `source` is from `source_values`.
    `complete` means the source lists every value (every size of the family), so a printed
    value the source lacks is an error; otherwise it is only unconfirmed (a caveat).
    Returns {"holds": True/False/None (None = no source), "caveat": str|None, "detail": str}."""
    match = same_length if lengths else (lambda a, b: abs(a - b) < 1e-9)
    if source is None:
        return {"holds": None, "caveat": None, "detail": "no source found"}
    if source == UNDISCLOSED:
        return {"holds": not printed, "caveat": None,
                "detail": "the developer has not published it" + ("" if not printed else ", yet the table prints a value")}
    if not printed:
        return {"holds": False, "caveat": None, "detail": "the table says undisclosed, the developer publishes it"}
    unconfirmed = [p for p in printed if not any(match(p, s) for s in source)]
    missing = [s for s in source if not any(match(s, p) for p in printed)]
    if lengths:
        # A model's context lengths: every sourced length must be printed.
        holds = not missing and (not complete or not unconfirmed)
    else:
        # A family's sizes: the table may list some of them; a size outside a complete family is wrong.
        holds = not unconfirmed if complete else len(unconfirmed) < len(printed)
    notes = []
    if missing and lengths:
        notes.append("missing from the table: " + ", ".join(f"{v:g}" for v in missing))
    if unconfirmed:
        notes.append("not in the source: " + ", ".join(f"{v:g}" for v in unconfirmed))
    caveat = "not confirmed by the source: " + ", ".join(f"{v:g}" for v in unconfirmed) if holds and unconfirmed else None
    return {"holds": holds, "caveat": caveat, "detail": "; ".join(notes) or "agree"}


def same_name(printed: str, developer: str) -> bool:
    """'Llama3' names 'Llama 3'; 'SmoILM' does not name 'SmolLM' (case, spaces and hyphens aside)."""
    def norm(s):
        return re.sub(r"[\s\-_]", "", str(s)).lower()
    return norm(printed) == norm(developer)
