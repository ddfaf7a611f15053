"""The book's pages and chapters, as `_toc.yml` lists them.

The one place that reads `_toc.yml` and finds the chapters, for
`tools/execute_notebooks.py`, the unit tests (`tests/conftest.py` puts this
folder on `sys.path`) and the browser test of the site:

    from book_pages import chapters, toc_pages

The Chinese edition is a book of its own in `book/zh/` (its own `_toc.yml`,
the same file names): `toc_pages(ZH_ROOT)` and `chapters(ZH_ROOT)` read it.
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# The Chinese edition's book folder (book/zh/_toc.yml lists `index`,
# `01_keras_in_ten_lines`, ...: paths relative to this folder).
ZH_ROOT = ROOT / "book" / "zh"


def toc_pages(root=ROOT):
    """Every page of `_toc.yml` in reading order, as its `file:` entry
    (a path relative to `root`, without suffix, e.g. `book/03_dense_layer`),
    the root page first, sections after their chapter."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return pages


def chapters(root=ROOT):
    """The chapter notebooks, in reading order: the pages of `_toc.yml`
    that are notebooks (`book/01_....ipynb` to `book/13_....ipynb`)."""
    paths = [Path(root) / (page + ".ipynb") for page in toc_pages(root)]
    return [path for path in paths if path.is_file()]
