"""A Sphinx extension for a book read offline: no Thebe scripts on the pages.

Jupyter Book 1.x always loads sphinx-thebe, which writes a `const THEBE_JS_URL = ...`
script (pointing at a CDN) into every page, twice in an incremental build; the browser then
reports the duplicate declaration. The book has Thebe off, so the scripts are dropped."""

from __future__ import annotations


def _is_thebe(script) -> bool:
    name = (getattr(script, "filename", None) or "").lower()
    body = (getattr(script, "attributes", None) or {}).get("body", "") or ""
    return "thebe" in name or "THEBE" in body


def drop_thebe(app, pagename, templatename, context, doctree):
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]


def setup(app):
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
