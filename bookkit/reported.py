"""Read the report's printed cells ("8B、70B、405B", "5 月", "未披露") into numbers.

The data files keep the report's text as printed; the chapters parse it with these
functions, so a parsing rule is written once and tested."""

from __future__ import annotations

import re

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
