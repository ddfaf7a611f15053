"""Sphinx extension: write each inline <script> only once per page.

Works around sphinx-doc/sphinx#13402 (fixed in Sphinx 8.2, which
jupyter-book 1 cannot use: it needs Sphinx 7). Remove it with Sphinx 8.

Sphinx 7.4 adds an inline script twice when an extension registers it after
the HTML builder has started: `app.add_js_file(None, body=...)` goes to the
builder as filename None, and `prepare_writing` adds the registry's copy
again as filename '' (sphinx/builders/html/__init__.py). sphinx-thebe does
this with `const THEBE_JS_URL = ...`, so every page ran that `const` twice
and logged "Identifier 'THEBE_JS_URL' has already been declared" as an
error in the browser console (caught by tests/site/).

Loaded from _config.yml (`sphinx: local_extensions`).
"""


def _key(script):
    attributes = tuple(sorted(getattr(script, "attributes", {}).items()))
    return (getattr(script, "filename", script) or "", attributes)


def _dedupe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen = set()
    unique = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app):
    # Run after the other extensions have added their per-page scripts.
    app.connect("html-page-context", _dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
