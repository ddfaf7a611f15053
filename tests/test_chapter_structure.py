"""Every chapter has the parts a learner relies on: learning goals, a
summary, 2-4 exercises with solutions in dropdowns, alt text on every
figure, and a seed in the first code cell a reader sees (after the hidden
install cell, tests/test_repository_setting.py)."""

import re

import nbformat
import pytest

from book_pages import ROOT, chapters

CHAPTERS = chapters()


def test_every_chapter_notebook_is_in_the_table_of_contents():
    assert len(CHAPTERS) >= 8
    assert sorted((ROOT / "book").glob("*.ipynb")) == sorted(CHAPTERS), \
        "a notebook in book/ that _toc.yml does not list, or the reverse"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_structure(path):
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells
                         if c.cell_type == "markdown")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert nb.cells[0].source.startswith("# "), "first cell: the title"
    assert "Learning goals" in markdown
    assert "## Summary" in markdown
    exercises = re.findall(r"\{exercise\}`*\n:label: (\S+)", markdown)
    assert 2 <= len(exercises) <= 4, f"{len(exercises)} exercises"
    for label in exercises:
        solution = re.search(
            r"\{solution(?:-start)?\} " + re.escape(label) +
            r"\n:class: dropdown", markdown)
        assert solution, f"exercise {label} has no dropdown solution"
    shown = [c for c in code
             if "remove-cell" not in c.metadata.get("tags", [])]
    assert "tf.keras.utils.set_random_seed(" in shown[0].source
    for cell in code:
        if any(o.output_type == "display_data" and "image/png" in o.data
               for o in cell.outputs):
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt")
            assert alt and len(alt) > 20, \
                f"a figure without alt text: {cell.source[:60]!r}"
        assert all(o.output_type != "error" for o in cell.outputs), \
            "a stored error output"
