"""Sphinx extension: a link from every page to its twin in the other
language, and the right `lang` on `<html>`.

Works around a missing feature: neither sphinx-book-theme nor
pydata-sphinx-theme links a page to its translation (language selectors
requested in executablebooks/sphinx-book-theme#449 and
pydata/pydata-sphinx-theme#2212, both open).

The course has two editions built into one site: the English one at the
site's root (pages under `book/`) and the Chinese one under `zh/` (built
from `book/zh/`, the same file names). Each edition's configuration names
the other in `language_twin`:

    language_twin:           # English _config.yml
      lang: zh-CN            # the twin's language (BCP 47)
      label: 中文            # the link's text, in the twin's language
      site: zh/              # the twin's build, from this build's root
      strip_prefix: book/    # this edition's page -> the twin's page
      add_prefix: ""

Every page then gets `language_twin` in its template context (url, lang,
label), which `book/_templates/language-twin.html` shows at the top of the
article: a plain link with visible text, so that its accessible name is
what it shows, marked with `lang` and `hreflang`. Pages that are not files
of the book (search, index of terms) link the twin edition's page of the
same name.

Sphinx writes `<html lang="zh_CN">` for `language: zh_CN`, which is not a
language tag; this writes `zh-CN`.

Loaded from both `_config.yml` files (`sphinx: local_extensions`).
"""

from pathlib import PurePosixPath


def twin_page(docname, twin, is_document):
    """The twin edition's page name (no suffix) for a page of this one."""
    if not is_document:
        return docname
    return twin.get("add_prefix", "") + docname.removeprefix(
        twin.get("strip_prefix", ""))


def twin_url(pagename, twin, is_document):
    """The link from the page `pagename` to its twin, relative."""
    depth = len(PurePosixPath(pagename).parts) - 1
    target = twin_page(pagename, twin, is_document)
    return "../" * depth + twin["site"] + target + ".html"


def add_twin_link(app, pagename, templatename, context, doctree):
    language = context.get("language")
    if language:
        context["language"] = language.replace("_", "-")
    twin = app.config.language_twin
    if not twin or app.builder.name != "html":
        return
    context["language_twin"] = {
        "url": twin_url(pagename, twin, pagename in app.env.found_docs),
        "lang": twin["lang"],
        "label": twin["label"],
    }


def setup(app):
    app.add_config_value("language_twin", {}, "html", types=[dict])
    app.connect("html-page-context", add_twin_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
