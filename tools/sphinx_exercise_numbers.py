"""Sphinx extension: number exercises per chapter ("Exercise 3.2").

Works around a missing feature: sphinx-exercise numbers exercises with
Sphinx's figure counter and has no per-chapter numbering of its own
(executablebooks/sphinx-exercise#18; Sphinx's counter does not restart,
sphinx-doc/sphinx#8170). `numbered: true` in _toc.yml does not serve: it
restarts at each part (jupyter-book/jupyter-book#1156), numbers the
chapters' titles, which already carry their number, and numbers the
reference pages (the fit() table, the glossary) as chapters.

sphinx-exercise numbers exercises with Sphinx's figure numbers, which run
across the whole book when the table of contents is not numbered: the first
exercise of chapter 3 was "Exercise 7", on the site and in the PDF, where
one page holds every chapter. This renumbers them after Sphinx has assigned
its numbers: chapter N (the `NN_` prefix of its file name, as in
`book/03_dense_layer`) gets Exercise N.1, N.2, ... in the order of the page.
Solutions and references ("Solution to Exercise 3.2") follow, because
sphinx-exercise reads the same numbers when it writes them.

Loaded from _config.yml (`sphinx: local_extensions`).
"""

import re
from pathlib import PurePosixPath

CHAPTER = re.compile(r"^(\d+)_")


def chapter_number(docname):
    """The chapter a document is (3 for `book/03_dense_layer`), or None."""
    match = CHAPTER.match(PurePosixPath(docname).name)
    return int(match.group(1)) if match else None


def renumber_exercises(app, env):
    for docname, numbers in env.toc_fignumbers.items():
        chapter = chapter_number(docname)
        exercises = numbers.get("exercise")
        if chapter is None or not exercises:
            continue
        in_page_order = sorted(exercises, key=exercises.get)
        numbers["exercise"] = {
            ex_id: (chapter, position)
            for position, ex_id in enumerate(in_page_order, start=1)}
    return []  # no extra documents to rewrite


def setup(app):
    # After Sphinx's own numbering (the toctree collector, priority 500).
    app.connect("env-get-updated", renumber_exercises, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
