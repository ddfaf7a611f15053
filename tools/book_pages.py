"""The book's pages and chapters, as `_toc.yml` lists them.

The one place that reads `_toc.yml` and says which files are the pages and
the chapters, for the tools and the tests alike (pytest finds this folder
through `pythonpath` in pyproject.toml):

    from book_pages import chapters, toc_pages

The Chinese edition is a book of its own in `book/zh/` (its own `_toc.yml`,
the same file names): `toc_pages(ZH_ROOT)` and `chapters(ZH_ROOT)` read it,
and `chinese_twin` / `english_twin` go from a page to its twin. The
glossary's entries are parsed here too, for the translation tool and the
glossary tests.
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# The Chinese edition's book folder (book/zh/_toc.yml lists `index`,
# `01_keras_in_ten_lines`, ...: paths relative to this folder).
ZH_ROOT = ROOT / "book" / "zh"
GLOSSARY_FENCE = "```{glossary}"


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


def english_pages(root=ROOT):
    """Every page of the English `_toc.yml`, as a path with its suffix
    (`.ipynb` or `.md`), in reading order."""
    pages = []
    for page in toc_pages(root):
        for suffix in (".ipynb", ".md"):
            path = Path(root) / (page + suffix)
            if path.is_file():
                pages.append(path)
                break
    return pages


def chinese_twin(english, root=ROOT):
    """`book/X` -> `book/zh/X` (whether or not it exists)."""
    return Path(root) / "book" / "zh" / Path(english).name


def english_twin(chinese, root=ROOT):
    """`book/zh/X` -> `book/X`."""
    return Path(root) / "book" / Path(chinese).name


def glossary_parts(text):
    """A page holding a glossary, cut in three: (the text up to and with
    the fence line's ```{glossary}, the block's body, the rest from its
    closing fence on)."""
    before, rest = text.split(GLOSSARY_FENCE, 1)
    block, after = rest.split("\n```", 1) if "\n```" in rest else (rest, "")
    return before + GLOSSARY_FENCE, block, "\n```" + after


def glossary_entries(block):
    """The entries of a glossary block's body, as text: each starts at a
    term line (not indented) after a blank line, or at the top."""
    entries = []
    previous_blank = True
    for line in block.splitlines(keepends=True):
        starts = line.strip() and not line[0].isspace() and previous_blank
        if starts or not entries:
            entries.append("")
        entries[-1] += line
        previous_blank = not line.strip()
    return [entry for entry in entries if entry.strip()]


def term_lines(entry):
    """The terms an entry defines: its lines that are not indented."""
    return [line.strip() for line in entry.splitlines()
            if line.strip() and not line[0].isspace()]
