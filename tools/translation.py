"""Keep the Chinese edition (`book/zh/`) in step with the English one.

    python tools/translation.py status                 # what is stale
    python tools/translation.py sync                   # code and outputs
    python tools/translation.py sync book/06_training_step.ipynb  # one page
    python tools/translation.py mark book/zh/07_training_loop.ipynb 12

The Chinese edition has one page for each English page, with the same file
name (`book/07_training_loop.ipynb` -> `book/zh/07_training_loop.ipynb`).

Chapters (notebooks). The Chinese notebook has the English notebook's cells,
in the same order, with the same ids. Its code cells are the English ones:
source, outputs and metadata, except a figure's alt text
(`metadata.mystnb.image.alt`), which is translated; and one exception,
the exercises' language (`in_chinese`): the install cell ends with
`set_language("zh")`, and the exercises' stored answers are in Chinese.
Each translated markdown cell records the SHA-256 of the English source it
translates in `metadata.translation.source_sha256`, and each translated
alt text the SHA-256 of the English alt text in
`metadata.translation.alt_sha256`. A
cell is

- untranslated when it has no hash (`sync` puts a new English cell into the
  Chinese notebook as it is, in English, without one);
- stale when its hash is not that of the current English text: the English
  changed after the translation was made.

The Markdown pages (index, glossary, "What fit() does, piece by piece")
cannot hold metadata per paragraph, so they are compared per section: the
page is cut at its headings (outside code fences), and the glossary's
block is cut further into its entries. The hashes of the English sections
that the Chinese sections translate are kept in one file,
`book/zh/translation_hashes.json` (excluded from the Chinese build by
`book/zh/_config.yml`); `mark` writes it.

Commands:

- `sync` copies, for every chapter, the English code cells, their outputs
  and their metadata into the Chinese twin, keeps the translated markdown
  and alt text (and their hashes), adds new English cells untranslated,
  drops cells the English chapter no longer has, and reports what it did.
  A missing Chinese page is created as a copy of the English page, in
  English (untranslated).
- `status` lists, per page, the stale and untranslated cells or sections:
  their index and the first words of the English text. It exits with 1 if
  there is any.
- `mark PAGE CELL...` records the hash of the current English text for the
  given cells (notebook) or sections (Markdown page, numbered as `status`
  prints them), after a reviewer has updated their translation.

tests/book/test_translation.py checks all of this on every `make test`.
"""

import argparse
import copy
import hashlib
import json
import re
import sys
from pathlib import Path

import nbformat

from scratchnet.exercises import translate_output

import install_cell
from book_pages import (
    GLOSSARY_FENCE,
    ROOT,
    chinese_twin,
    english_pages,
    english_twin,
    glossary_entries,
    glossary_parts,
)

HASHES_NAME = "translation_hashes.json"


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def first_words(text, length=60):
    """The start of a text on one line, for messages."""
    words = " ".join(text.split())
    return words if len(words) <= length else words[:length - 1] + "…"


# Notebooks ---------------------------------------------------------------

def alt_text(cell):
    """A code cell's figure alt text, or None."""
    return cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get(
        "alt")


def comparable(cell):
    """A code cell as the one-code rule compares it: everything but the
    alt text and the translation's hashes."""
    cell = copy.deepcopy(dict(cell))
    metadata = cell.setdefault("metadata", {})
    metadata.pop("translation", None)
    image = metadata.get("mystnb", {}).get("image")
    if image is not None:
        image.pop("alt", None)
    return json.loads(json.dumps(cell, sort_keys=True))


def in_chinese(cell):
    """An English code cell as the Chinese chapter holds it.

    The one exception to one code (scratchnet.exercises): the install cell
    ends by setting the exercises' language to Chinese, and the exercises'
    stored answers ("Not answered yet", "Correct! ...") are printed in
    Chinese. Everything else is the English cell."""
    cell = copy.deepcopy(cell)
    if cell.get("id") == install_cell.CELL_ID:
        cell["source"] = install_cell.cell_source(
            install_cell.repository_url(), install_cell.project_version(),
            language="zh")
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            output["text"] = translate_output(output["text"])
    return cell


def sequence_problems(english, chinese):
    """Where the Chinese notebook's cells are not the English ones, one to
    one (same number, ids and types, in the same order)."""
    problems = []
    if len(english.cells) != len(chinese.cells):
        problems.append(f"{len(chinese.cells)} cells, the English twin has "
                        f"{len(english.cells)}")
    for index, (en, zh) in enumerate(zip(english.cells, chinese.cells)):
        if (en.get("id"), en.cell_type) != (zh.get("id"), zh.cell_type):
            problems.append(
                f"cell {index} is {zh.cell_type} {zh.get('id')!r}, the "
                f"English twin's is {en.cell_type} {en.get('id')!r} "
                f"({first_words(en.source)!r})")
    return problems


def code_problems(english, chinese):
    """The code cells of the Chinese notebook that are not the English
    ones (source, outputs, execution count, metadata but alt text)."""
    problems = []
    for index, (en, zh) in enumerate(zip(english.cells, chinese.cells)):
        if en.cell_type == "markdown" and zh.cell_type == "markdown":
            continue
        expected = comparable(in_chinese(en))
        if expected != comparable(zh):
            parts = [key for key in ("cell_type", "source", "outputs",
                                     "execution_count", "metadata")
                     if expected.get(key) != comparable(zh).get(key)]
            problems.append(
                f"code cell {index} differs from the English twin's in "
                f"{', '.join(parts)} ({first_words(en.source)!r})")
    return problems


def cell_states(english, chinese):
    """(index, 'stale' or 'untranslated', what, English words) for every
    markdown cell and alt text of the Chinese notebook that does not
    translate the current English text. Cells are matched by id."""
    by_id = {cell.get("id"): cell for cell in chinese.cells}
    states = []
    for index, en in enumerate(english.cells):
        zh = by_id.get(en.get("id"))
        record = (zh or {}).get("metadata", {}).get("translation", {})
        if en.cell_type == "markdown":
            texts = [("text", en.source, record.get("source_sha256"))]
        elif alt_text(en) is not None:
            texts = [("alt text", alt_text(en), record.get("alt_sha256"))]
        else:
            continue
        if zh is not None and zh.cell_type != en.cell_type:
            zh = None
        for what, text, recorded in texts:
            if zh is None or recorded is None:
                states.append((index, "untranslated", what, text))
            elif recorded != sha256(text):
                states.append((index, "stale", what, text))
    return states


def sync_notebook(english, chinese):
    """The Chinese notebook brought in step with the English one, and a
    list of what changed."""
    by_id = {cell.get("id"): cell for cell in chinese.cells}
    kept_ids = set()
    cells, done = [], []
    for index, en in enumerate(english.cells):
        zh = by_id.get(en.get("id"))
        if zh is None or zh.cell_type != en.cell_type:
            new = in_chinese(en) if en.cell_type == "code" else (
                copy.deepcopy(en))
            new.metadata.pop("translation", None)
            cells.append(new)
            done.append(f"cell {index}: new {en.cell_type} cell, in English "
                        f"(untranslated): {first_words(en.source)!r}")
            continue
        kept_ids.add(en.get("id"))
        if en.cell_type == "markdown":
            new = copy.deepcopy(zh)
            new.metadata = copy.deepcopy(en.metadata)
            new.metadata.pop("translation", None)
            if "translation" in zh.metadata:
                new.metadata["translation"] = copy.deepcopy(
                    zh.metadata["translation"])
        else:
            new = in_chinese(en)
            new.metadata.pop("translation", None)
            translated = zh.metadata.get("translation", {})
            if alt_text(en) is not None and "alt_sha256" in translated:
                new.metadata["mystnb"]["image"]["alt"] = alt_text(zh)
                new.metadata["translation"] = copy.deepcopy(translated)
            if comparable(new) != comparable(zh):
                done.append(f"cell {index}: code, outputs or metadata "
                            f"copied from English: {first_words(en.source)!r}")
        cells.append(new)
    for index, zh in enumerate(chinese.cells):
        if zh.get("id") not in kept_ids:
            done.append(f"Chinese cell {index} removed (the English chapter "
                        f"has no {zh.cell_type} cell {zh.get('id')!r}): "
                        f"{first_words(zh.source)!r}")
    result = copy.deepcopy(english)
    result.cells = cells
    return result, done


# Markdown pages ----------------------------------------------------------

FENCE_OPEN = re.compile(r"^\s*(`{3,}|:{3,})")
HEADING = re.compile(r"^#{1,6}\s")


def fenced_lines(text):
    """(line, inside a fence) for each line of a Markdown text; the fence
    lines themselves count as inside."""
    fence = None
    for line in text.splitlines(keepends=True):
        match = FENCE_OPEN.match(line)
        if fence is None and match:
            fence = match.group(1)
            yield line, True
        elif fence is not None:
            if line.strip() == fence or (
                    line.strip().startswith(fence)
                    and set(line.strip()) == set(fence)):
                fence = None
            yield line, True
        else:
            yield line, False


def split_sections(text):
    """A Markdown page cut at its headings (outside fences): each section
    starts with its heading; a preamble before the first heading, if not
    blank, is a section of its own."""
    sections = [""]
    for line, fenced in fenced_lines(text):
        if not fenced and HEADING.match(line) and sections[-1].strip():
            sections.append("")
        sections[-1] += line
    return [section for section in sections if section.strip()]


def units(text):
    """The pieces of a Markdown page that are translated and hashed one by
    one: its sections, and in a section holding a glossary, the section's
    own text and each glossary entry. A list of (name, text)."""
    result = []
    for number, section in enumerate(split_sections(text), start=1):
        if GLOSSARY_FENCE not in section:
            result.append((f"section {number}", section))
            continue
        before, block, after = glossary_parts(section)
        result.append((f"section {number}", before + after))
        for entry_number, entry in enumerate(glossary_entries(block),
                                             start=1):
            result.append((f"section {number}, entry {entry_number}", entry))
    return result


def load_hashes(root=ROOT):
    path = Path(root) / "book" / "zh" / HASHES_NAME
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def save_hashes(hashes, root=ROOT):
    path = Path(root) / "book" / "zh" / HASHES_NAME
    path.write_text(json.dumps(hashes, indent=1, ensure_ascii=False,
                               sort_keys=True) + "\n", encoding="utf-8")


def page_states(english_text, chinese_text, recorded):
    """(index, 'stale', 'untranslated' or 'missing', unit name, English
    text) for the units of a Markdown page that do not translate the
    current English text; `recorded` is the page's list in the hashes
    file."""
    english_units = units(english_text)
    chinese_units = units(chinese_text)
    states = []
    for index, (name, text) in enumerate(english_units):
        record = recorded[index] if index < len(recorded) else {}
        if index >= len(chinese_units):
            states.append((index, "missing", name, text))
        elif not record.get("source_sha256"):
            states.append((index, "untranslated", name, text))
        elif record["source_sha256"] != sha256(text):
            states.append((index, "stale", name, text))
    return states


def unit_count_problem(english_text, chinese_text):
    english, chinese = len(units(english_text)), len(units(chinese_text))
    if english != chinese:
        return (f"{chinese} sections and glossary entries, the English twin "
                f"has {english}: translate section by section (cut at the "
                "same headings, one glossary entry for each)")
    return None


# The commands ------------------------------------------------------------

def read_notebook(path):
    return nbformat.read(path, as_version=4)


def sync(root=ROOT, out=print, only=None):
    """Bring the Chinese twins in step; `only`: English file names (e.g.
    `["06_training_step.ipynb"]`) to limit it to those pages."""
    for english in english_pages(root):
        if only and english.name not in only:
            continue
        chinese = chinese_twin(english, root)
        name = english.name
        if not chinese.is_file():
            chinese.parent.mkdir(parents=True, exist_ok=True)
            chinese.write_bytes(english.read_bytes())
            out(f"{name}: created as a copy of the English page "
                "(untranslated)")
            continue
        if english.suffix != ".ipynb":
            continue
        result, done = sync_notebook(read_notebook(english),
                                     read_notebook(chinese))
        if done:
            nbformat.write(result, chinese)
            out(f"{name}:\n  " + "\n  ".join(done))
        else:
            out(f"{name}: in step")


def status(root=ROOT, out=print):
    """Print what is stale or untranslated; True if everything is up to
    date."""
    hashes = load_hashes(root)
    clean = True
    for english in english_pages(root):
        chinese = chinese_twin(english, root)
        name = english.name
        if not chinese.is_file():
            out(f"{name}: no Chinese page ({chinese.relative_to(root)}); "
                "`sync` creates it in English")
            clean = False
            continue
        lines = []
        if english.suffix == ".ipynb":
            en, zh = read_notebook(english), read_notebook(chinese)
            out_of_step = sequence_problems(en, zh) + code_problems(en, zh)
            if out_of_step:
                lines.append(f"out of step with English ({out_of_step[0]}"
                             f"{' ...' if len(out_of_step) > 1 else ''}): "
                             "run `tools/translation.py sync`")
            for index, state, what, text in cell_states(en, zh):
                lines.append(f"cell {index} {state} ({what}): "
                             f"{first_words(text)!r}")
        else:
            en_text = english.read_text(encoding="utf-8")
            zh_text = chinese.read_text(encoding="utf-8")
            problem = unit_count_problem(en_text, zh_text)
            if problem:
                lines.append(problem)
            for index, state, unit, text in page_states(
                    en_text, zh_text, hashes.get(name, [])):
                lines.append(f"{index} ({unit}) {state}: "
                             f"{first_words(text)!r}")
        if lines:
            clean = False
            out(f"{name}:\n  " + "\n  ".join(lines))
        else:
            out(f"{name}: up to date")
    return clean


def mark(page, cells, root=ROOT, out=print):
    """Record the current English text's hash for the given cells or
    sections of a Chinese page."""
    chinese = Path(page).resolve()
    english = english_twin(chinese, root)
    if not chinese.is_file() or not english.is_file():
        raise SystemExit(f"{page}: no such Chinese page with an English twin "
                         "(give a path under book/zh/)")
    if chinese.suffix == ".ipynb":
        en, zh = read_notebook(english), read_notebook(chinese)
        problems = sequence_problems(en, zh)
        if problems:
            raise SystemExit(f"{page}: {problems[0]}; run "
                             "`tools/translation.py sync` first")
        for index in cells:
            if not 0 <= index < len(en.cells):
                raise SystemExit(f"{page}: no cell {index} (0 to "
                                 f"{len(en.cells) - 1})")
            en_cell, zh_cell = en.cells[index], zh.cells[index]
            record = zh_cell.metadata.setdefault("translation", {})
            if en_cell.cell_type == "markdown":
                record["source_sha256"] = sha256(en_cell.source)
                out(f"{page}: cell {index} marked as translating "
                    f"{first_words(en_cell.source)!r}")
            elif alt_text(en_cell) is not None:
                record["alt_sha256"] = sha256(alt_text(en_cell))
                out(f"{page}: cell {index}'s alt text marked as translating "
                    f"{first_words(alt_text(en_cell))!r}")
            else:
                raise SystemExit(f"{page}: cell {index} is code without a "
                                 "figure: nothing of it is translated")
        nbformat.write(zh, chinese)
        return
    en_units = units(english.read_text(encoding="utf-8"))
    zh_units = units(chinese.read_text(encoding="utf-8"))
    if len(en_units) != len(zh_units):
        raise SystemExit(f"{page}: " + unit_count_problem(
            english.read_text(encoding="utf-8"),
            chinese.read_text(encoding="utf-8")))
    hashes = load_hashes(root)
    recorded = hashes.setdefault(chinese.name, [])
    recorded.extend({} for _ in range(len(en_units) - len(recorded)))
    del recorded[len(en_units):]
    for index in cells:
        if not 0 <= index < len(en_units):
            raise SystemExit(f"{page}: no section {index} (0 to "
                             f"{len(en_units) - 1})")
        name, text = en_units[index]
        recorded[index] = {"unit": name, "english": first_words(text),
                           "source_sha256": sha256(text)}
        out(f"{page}: {index} ({name}) marked as translating "
            f"{first_words(text)!r}")
    save_hashes(hashes, root)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    syncing = commands.add_parser(
        "sync", help="copy code cells and outputs from the English chapters "
        "into the Chinese ones")
    syncing.add_argument("pages", nargs="*", help="only these pages, e.g. "
                         "book/06_training_step.ipynb (default: all)")
    commands.add_parser("status", help="list stale and untranslated cells")
    marking = commands.add_parser(
        "mark", help="record the English text's hash for updated cells")
    marking.add_argument("page", help="a Chinese page, e.g. "
                         "book/zh/07_training_loop.ipynb")
    marking.add_argument("cells", nargs="+", type=int,
                         help="cell (notebook) or section (Markdown page) "
                         "numbers, as `status` prints them")
    args = parser.parse_args(argv)
    if args.command == "sync":
        sync(only={Path(page).name for page in args.pages})
    elif args.command == "status":
        return 0 if status() else 1
    else:
        mark(args.page, args.cells)
    return 0


if __name__ == "__main__":
    sys.exit(main())
