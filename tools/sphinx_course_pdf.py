"""Sphinx extension: link the course PDF from the site, when there is one.

Works around two missing features. sphinx-book-theme's download menu takes
no extra entries from the configuration (its header buttons are built in
code: executablebooks/sphinx-book-theme#797); `icon_links` puts an icon in
the sidebar, not in that menu. And the PDF exists only where Chromium
printed it: `html_extra_path` and a fixed link would fail the `-W` build,
or link a missing file, on a reader's machine without Chromium. So the
link, the copy and the `course_pdf` tag all follow whether the file is
there.

`make pdf` prints the whole course into one PDF (`tools/make_pdf.py`), at
the path that `_config.yml` names as `course_pdf` (relative to the
repository). When the HTML build finds that file, it

- copies it to the root of the site (`_build/html/<name>.pdf`);
- adds "Course PDF" to the download menu at the top of every page;
- sets the tag `course_pdf`, so that a page can show text only then:

      ```{only} course_pdf
      {course-pdf}`The whole course as one PDF`
      ```

  where the role `course-pdf` links its text to the PDF.

When the file is missing (`make site` alone), the site has no PDF link at
all, rather than a broken one. `make book` and `make test` build the PDF
first, and the browser test checks that every page links it.

Loaded from _config.yml (`sphinx: local_extensions`).
"""

import shutil
from pathlib import Path, PurePosixPath

from docutils import nodes

TAG = "course_pdf"


def pdf_file(app):
    """The PDF that `make pdf` wrote, or None when there is none."""
    if not app.config.course_pdf:
        return None
    path = Path(app.confdir, app.config.course_pdf)
    return path if path.is_file() else None


def pdf_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """`{course-pdf}`text``: a link from this page to the course PDF."""
    env = inliner.document.settings.env
    pdf_name = PurePosixPath(env.config.course_pdf).name
    # book/index is one folder below the English site's root; the Chinese
    # edition's pages (index) sit at the root of theirs.
    depth = env.docname.count("/")
    link = nodes.reference(rawtext, text, refuri="../" * depth + pdf_name,
                           classes=["course-pdf-link"])
    return [link], []


def tag_when_present(app):
    if app.builder.name == "html" and pdf_file(app):
        app.tags.add(TAG)


def add_download_entry(app, pagename, templatename, context, doctree):
    """Add the course PDF to the theme's download menu on every page."""
    pdf = pdf_file(app)
    if pdf is None or app.builder.name != "html":
        return
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].append({
                "type": "link",
                "url": context["pathto"](pdf.name, 1),
                "text": app.config.course_pdf_text,
                "tooltip": app.config.course_pdf_tooltip,
                "icon": "fas fa-book",
                "label": "download-course-pdf-button",
            })


def copy_pdf(app, exception):
    pdf = pdf_file(app)
    if exception is None and pdf and app.builder.name == "html":
        shutil.copyfile(pdf, Path(app.outdir, pdf.name))


def setup(app):
    app.add_config_value("course_pdf", "", "html", types=[str])
    # The menu entry's words, in the edition's language (book/zh/_config.yml).
    app.add_config_value("course_pdf_text", "Course PDF", "html", types=[str])
    app.add_config_value("course_pdf_tooltip",
                         "Download the whole course as one PDF", "html",
                         types=[str])
    app.add_role("course-pdf", pdf_role)
    app.connect("builder-inited", tag_when_present)
    # After sphinx-book-theme has built its header buttons (priority 501).
    app.connect("html-page-context", add_download_entry, priority=600)
    app.connect("build-finished", copy_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
