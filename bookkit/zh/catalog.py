"""The Chinese strings of a chapter's figures, and the rule for what still needs one.

A catalog file maps each English text, exactly as the figure draws it, to its Chinese. A key
may hold {placeholders}: "MMLU ≥ {level}" matches "MMLU ≥ 86" and carries "86" into the
Chinese; a carried value is itself translated when the catalog has it. Texts a figure
builds from numbers (captions with glued values) are matched this way, so a changed English
text stops matching and shows up as untranslated instead of drifting silently.

`names` lists the words drawn as they are in Chinese (model, product and company names).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml

STRINGS = Path(__file__).parent / "strings"
SHARED = "shared"  # strings used by more than one chapter: strings/shared.yaml

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[0-9A-Za-z][\w.'’/-]*")  # gpt-4o-mini, Open-Sora, 0-shot, data/companies
MATH = re.compile(r"\$[^$]*\$")  # mathtext, such as log-axis ticks: $\mathdefault{10^{3}}$


def _is_name_like(word: str) -> bool:
    """Acronyms, model ids, coined names and paths read the same in Chinese: MMLU,
    gpt-4o-mini, DeepSeek, Open-Sora, 5-shot, data/companies."""
    word = word.rstrip(".'’-")
    return sum(c.isalpha() for c in word) < 2 or "/" in word or any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])


@dataclass
class Catalog:
    exact: dict[str, str] = field(default_factory=dict)
    templates: list[tuple[re.Pattern, str]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def add(self, english: str, chinese: str) -> None:
        parts = list(string.Formatter().parse(english))
        if all(f is None for _, f, _, _ in parts):
            self.exact[english] = chinese
            return
        if not "".join(lit for lit, _, _, _ in parts).strip():
            raise ValueError("a template needs some fixed text besides its {placeholders}")
        pattern = "".join(re.escape(lit) + (f"(?P<{f}>.+?)" if f is not None else "") for lit, f, _, _ in parts)
        self.templates.append((re.compile(pattern, re.DOTALL), chinese))
        # the most specific template first: the one with the most fixed text
        self.templates.sort(key=lambda t: -len(re.sub(r"\(\?P<\w+>\.\+\?\)", "", t[0].pattern)))

    def translate(self, text: str) -> str:
        """The Chinese of `text`, or `text` itself when the catalog has none."""
        if not text.strip() or CJK.search(text):
            return text
        if text in self.exact:
            return self.exact[text]
        for pattern, chinese in self.templates:
            found = pattern.fullmatch(text)
            if found:  # a carried value is shorter than the text: the recursion ends
                return chinese.format(**{k: self.translate(v) for k, v in found.groupdict().items()})
        return text

    def needs_translation(self, text: str) -> bool:
        """Whether a drawn text still holds English: a word that is neither a name nor
        name-like, with or without Chinese around it (a template can carry English along)."""
        words = WORD.findall(MATH.sub("", text))
        return any(not _is_name_like(w) and w.rstrip(".'’-") not in self.names for w in words)


def _read(path: Path, into: Catalog) -> None:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for word in entries.pop("names", []) or []:
        into.names.add(str(word))
    for english, chinese in entries.items():
        if not isinstance(chinese, str) or not chinese.strip():
            raise ValueError(f"{path.name}: {english!r} needs a Chinese string, got {chinese!r}")
        try:
            into.add(str(english), chinese)
        except ValueError as err:  # an unmatched brace in a key
            raise ValueError(f"{path.name}: {english!r}: {err}") from err


def load(chapter: str) -> Catalog:
    """The chapter's catalog on top of the shared one (a chapter's own entry wins)."""
    catalog = Catalog()
    for name in (SHARED, chapter):
        path = STRINGS / f"{name}.yaml"
        if path.exists():
            _read(path, catalog)
    return catalog
