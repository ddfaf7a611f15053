"""The Chinese edition (`book/zh/`) is the English one, translated, and never
stale (issue 13; tools/translation.py explains the format).

- Every page of the English `_toc.yml` has a Chinese twin with the same file
  name, and `book/zh/_toc.yml` lists them in the same order.
- One code: a Chinese chapter has the English chapter's cells, one to one
  (same ids, same types, same order), and every code cell is identical to
  the English one: source, outputs, execution count and metadata, except
  the figure's alt text (`mystnb.image.alt`) and the translation's hashes.
  So nbval running the English chapters vouches for the Chinese ones.
- Never stale: every markdown cell and every alt text of a Chinese chapter
  records the SHA-256 of the English text it translates, and that is the
  hash of the current English text. The Markdown pages likewise, per
  section and glossary entry, with their hashes in
  `book/zh/translation_hashes.json`. A failure names the page, the cell (or
  section) and the first words of the English text, and says how to fix it.

A missing Chinese page fails its tests (with its name), it does not error.
The checks are shown to fail when they should on made-up notebooks below.
"""

import copy
import json

import nbformat
import pytest

import scratchnet.exercises as exercises

import install_cell
from book_pages import ROOT, ZH_ROOT, chinese_twin, english_pages, toc_pages
from helpers import chinese_twin_of, code_cell, markdown_cell, notebook
from translation import (
    HASHES_NAME,
    cell_states,
    code_problems,
    first_words,
    load_hashes,
    mark,
    page_states,
    sequence_problems,
    sha256,
    split_sections,
    status,
    sync_notebook,
    unit_count_problem,
    units,
)

ENGLISH = english_pages()
CHAPTERS = [path for path in ENGLISH if path.suffix == ".ipynb"]
MARKDOWN_PAGES = [path for path in ENGLISH if path.suffix == ".md"]
FIX = ("update the translation, then run "
       "`tools/translation.py mark {page} {index}`")


def read(path):
    return nbformat.read(path, as_version=4)


def test_every_page_of_the_table_of_contents_is_a_file():
    """english_pages() (what the tests below go through) misses no page."""
    assert [path.relative_to(ROOT).with_suffix("").as_posix()
            for path in ENGLISH] == toc_pages()


def test_every_english_page_has_a_chinese_twin():
    missing = [str(chinese_twin(p).relative_to(ROOT)) for p in ENGLISH
               if not chinese_twin(p).is_file()]
    assert not missing, f"English pages without a Chinese twin: {missing}"


def test_chinese_toc_lists_the_english_pages_in_order():
    english = [page.removeprefix("book/") for page in toc_pages()]
    assert toc_pages(ZH_ROOT) == english, (
        "book/zh/_toc.yml must list the English _toc.yml's pages, with the "
        "same names, in the same order")


@pytest.mark.parametrize("english", CHAPTERS, ids=lambda p: p.name)
def test_same_cells_as_the_english_chapter(english):
    problems = sequence_problems(read(english), read(chinese_twin_of(english)))
    assert not problems, (
        f"zh/{english.name} is out of step with book/{english.name} (run "
        "`tools/translation.py sync`):\n  - " + "\n  - ".join(problems))


@pytest.mark.parametrize("english", CHAPTERS, ids=lambda p: p.name)
def test_one_code(english):
    problems = code_problems(read(english), read(chinese_twin_of(english)))
    assert not problems, (
        f"zh/{english.name}: code cells must be the English ones (run "
        "`tools/translation.py sync`):\n  - " + "\n  - ".join(problems))


@pytest.mark.parametrize("english", CHAPTERS, ids=lambda p: p.name)
def test_chapter_translation_is_not_stale(english):
    chinese = chinese_twin_of(english)
    states = cell_states(read(english), read(chinese))
    page = chinese.relative_to(ROOT)
    assert not states, f"zh/{english.name}:\n  - " + "\n  - ".join(
        f"cell {index} ({what}) is {state}: {first_words(text)!r}; "
        + FIX.format(page=page, index=index)
        for index, state, what, text in states)


@pytest.mark.parametrize("english", MARKDOWN_PAGES, ids=lambda p: p.name)
def test_page_translation_is_not_stale(english):
    chinese = chinese_twin_of(english)
    english_text = english.read_text(encoding="utf-8")
    chinese_text = chinese.read_text(encoding="utf-8")
    problem = unit_count_problem(english_text, chinese_text)
    assert problem is None, f"zh/{english.name}: {problem}"
    states = page_states(english_text, chinese_text,
                         load_hashes().get(english.name, []))
    page = chinese.relative_to(ROOT)
    assert not states, f"zh/{english.name}:\n  - " + "\n  - ".join(
        f"{index} ({unit}) is {state}: {first_words(text)!r}; "
        + FIX.format(page=page, index=index)
        for index, state, unit, text in states)


def test_hashes_file_names_only_markdown_pages():
    names = {path.name for path in MARKDOWN_PAGES}
    assert set(load_hashes()) <= names, (
        f"book/zh/{HASHES_NAME} has entries for pages that are not the "
        f"English Markdown pages {sorted(names)}")


# The checks above, on made-up notebooks and pages: they fail when they
# should.

FIGURE_ALT = "A line chart: the loss falls over ten epochs."


def english_notebook():
    figure = code_cell("plot(losses)", execution_count=2)
    figure.metadata["mystnb"] = {"image": {"alt": FIGURE_ALT}}
    figure.metadata["tags"] = ["hide-input"]
    return notebook(
        markdown_cell("# 7. The training loop\n\nFirst."),
        code_cell("print(0.82)", printed="0.82\n", execution_count=1),
        figure,
        markdown_cell("The loss falls at every epoch."))


def translated(english):
    """A correct Chinese twin, made as the translators make theirs."""
    chinese = nbformat.from_dict(json.loads(json.dumps(english)))
    texts = {"cell-0": "# 7. 训练循环\n\n首先。",
             "cell-3": "损失每轮都在下降。"}
    for en, zh in zip(english.cells, chinese.cells):
        if zh.cell_type == "markdown":
            zh.source = texts[zh.id]
            zh.metadata["translation"] = {"source_sha256": sha256(en.source)}
        elif "mystnb" in zh.metadata:
            alt = "折线图：损失十轮都在下降。"
            zh.metadata["mystnb"]["image"]["alt"] = alt
            zh.metadata["translation"] = {
                "alt_sha256": sha256(en.metadata["mystnb"]["image"]["alt"])}
    return chinese


def test_a_correct_translation_passes_every_check():
    english = english_notebook()
    chinese = translated(english)
    assert sequence_problems(english, chinese) == []
    assert code_problems(english, chinese) == []
    assert cell_states(english, chinese) == []


def test_one_code_check_finds_a_changed_code_cell():
    english = english_notebook()
    for change, part in [
            (lambda c: setattr(c, "source", "print(0.83)"), "source"),
            (lambda c: c.outputs[0].update(text="0.83\n"), "outputs"),
            (lambda c: setattr(c, "execution_count", 5), "execution_count"),
            (lambda c: c.metadata.update(tags=["remove-cell"]), "metadata")]:
        chinese = translated(english)
        change(chinese.cells[1])
        problems = code_problems(english, chinese)
        assert len(problems) == 1 and "code cell 1" in problems[0], problems
        assert part in problems[0] and "print(0.82)" in problems[0]
    chinese = translated(english)
    chinese.cells[2].metadata["tags"] = []
    assert "code cell 2 differs" in code_problems(english, chinese)[0]


def test_one_code_check_allows_only_the_alt_text_to_differ():
    english = english_notebook()
    chinese = translated(english)
    assert chinese.cells[2].metadata["mystnb"]["image"]["alt"] != FIGURE_ALT
    assert code_problems(english, chinese) == []
    chinese.cells[2].metadata["mystnb"]["image"]["width"] = "50%"
    assert code_problems(english, chinese)


def test_the_one_exception_the_exercises_language():
    """The Chinese install cell sets the exercises' language, and the
    exercises' stored answers are in Chinese; nothing else may differ."""
    url = install_cell.repository_url()
    version = install_cell.project_version()
    unanswered = str(exercises.NOT_ANSWERED.en) + "\n"
    english = notebook(code_cell(install_cell.cell_source(url, version)),
                       code_cell("mean_exercise.check(mean)", unanswered))
    english.cells[0].id = install_cell.CELL_ID
    chinese, _done = sync_notebook(english, notebook())
    assert chinese.cells[0].source.endswith('set_language("zh")')
    assert chinese.cells[1].outputs[0].text.startswith("尚未作答")
    assert code_problems(english, chinese) == []
    # the English install cell, or an English answer, in the Chinese twin
    for index, english_cell in [(0, english.cells[0]),
                                (1, english.cells[1])]:
        wrong = copy.deepcopy(chinese)
        wrong.cells[index] = copy.deepcopy(english_cell)
        assert f"code cell {index} differs" in code_problems(
            english, wrong)[0]
    # the exception covers the install cell only
    english.cells[1].source = install_cell.cell_source(url, version)
    chinese.cells[1].source = install_cell.cell_source(url, version, "zh")
    assert "code cell 1 differs" in code_problems(english, chinese)[0]


def test_chinese_chapters_answer_in_chinese():
    """Every Chinese chapter's install cell sets the language."""
    wrong = [path.name for path in CHAPTERS
             if 'set_language("zh")' not in next(
                 (cell.source for cell in read(chinese_twin_of(path)).cells
                  if cell.get("id") == install_cell.CELL_ID), "")]
    assert not wrong, f"no set_language(\"zh\") in {wrong}"


def test_sequence_check_finds_a_missing_or_moved_cell():
    english = english_notebook()
    chinese = translated(english)
    del chinese.cells[3]
    problems = sequence_problems(english, chinese)
    assert problems == ["3 cells, the English twin has 4"]
    chinese = translated(english)
    chinese.cells[1], chinese.cells[2] = chinese.cells[2], chinese.cells[1]
    problems = sequence_problems(english, chinese)
    assert "cell 1 is code 'cell-2'" in problems[0]


def test_staleness_check_names_the_cell_and_the_english_words():
    english = english_notebook()
    chinese = translated(english)
    english.cells[3].source = "The loss falls at almost every epoch."
    assert cell_states(english, chinese) == [
        (3, "stale", "text", "The loss falls at almost every epoch.")]
    english.cells[2].metadata["mystnb"]["image"]["alt"] = "A new figure."
    assert (2, "stale", "alt text", "A new figure.") in \
        cell_states(english, chinese)


def test_staleness_check_finds_an_untranslated_cell():
    english = english_notebook()
    chinese = translated(english)
    del chinese.cells[0].metadata["translation"]
    chinese.cells[2].metadata.pop("translation")
    states = cell_states(english, chinese)
    assert [(i, s, w) for i, s, w, _ in states] == [
        (0, "untranslated", "text"), (2, "untranslated", "alt text")]


def test_sync_copies_code_and_keeps_translations():
    english = english_notebook()
    chinese = translated(english)
    english.cells[1].source = "print(round(0.8234, 2))"
    new = nbformat.v4.new_markdown_cell("A new paragraph.")
    new.id = "cell-new"
    english.cells.insert(3, new)
    chinese.cells.append(nbformat.v4.new_markdown_cell("多余的一段。"))
    result, done = sync_notebook(english, chinese)
    assert sequence_problems(english, result) == []
    assert code_problems(english, result) == []
    assert result.cells[0].source == "# 7. 训练循环\n\n首先。"
    assert result.cells[2].metadata["mystnb"]["image"]["alt"].startswith(
        "折线图")
    assert result.cells[3].source == "A new paragraph."
    assert "translation" not in result.cells[3].metadata
    assert cell_states(english, result) == [
        (3, "untranslated", "text", "A new paragraph.")]
    report = "\n".join(done)
    assert "cell 1: code" in report and "cell 3: new markdown" in report
    assert "Chinese cell 4 removed" in report


ENGLISH_PAGE = """# Glossary

Words.

```python
# not a heading
```

```{glossary}
tensor
  An array.

loss
  A number.
```

## More

Text.
"""

CHINESE_PAGE = """# 术语表

词语。

```python
# not a heading
```

```{glossary}
张量
tensor
  一个数组。

损失
loss
  一个数。
```

## 更多

文字。
"""


def test_markdown_pages_are_cut_at_headings_and_glossary_entries():
    assert len(split_sections(ENGLISH_PAGE)) == 2
    assert [name for name, _ in units(ENGLISH_PAGE)] == [
        "section 1", "section 1, entry 1", "section 1, entry 2",
        "section 2"]
    assert [name for name, _ in units(CHINESE_PAGE)] == [
        name for name, _ in units(ENGLISH_PAGE)]
    assert units(ENGLISH_PAGE)[2][1].startswith("loss\n")


def test_markdown_staleness_check_finds_a_changed_entry():
    recorded = [{"source_sha256": sha256(text)}
                for _, text in units(ENGLISH_PAGE)]
    assert page_states(ENGLISH_PAGE, CHINESE_PAGE, recorded) == []
    changed = ENGLISH_PAGE.replace("A number.", "A number to minimise.")
    states = page_states(changed, CHINESE_PAGE, recorded)
    assert [(i, s, u) for i, s, u, _ in states] == [
        (2, "stale", "section 1, entry 2")]
    states = page_states(ENGLISH_PAGE, CHINESE_PAGE, recorded[:3])
    assert [(i, s) for i, s, _, _ in states] == [(3, "untranslated")]
    shorter = CHINESE_PAGE.split("## 更多")[0]
    assert "3 sections" in unit_count_problem(ENGLISH_PAGE, shorter)


def fake_repository(root):
    """A repository with one chapter and one page, both translated but
    without hashes yet."""
    (root / "book" / "zh").mkdir(parents=True)
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/index\n"
        "chapters:\n  - file: book/07_training_loop\n")
    english = english_notebook()
    nbformat.write(english, root / "book" / "07_training_loop.ipynb")
    chinese = translated(english)
    for cell in chinese.cells:
        cell.metadata.pop("translation", None)
    nbformat.write(chinese, root / "book" / "zh" / "07_training_loop.ipynb")
    (root / "book" / "index.md").write_text(ENGLISH_PAGE)
    (root / "book" / "zh" / "index.md").write_text(CHINESE_PAGE)


def test_mark_records_the_hashes_and_status_then_is_clean(tmp_path):
    fake_repository(tmp_path)
    lines = []
    assert not status(tmp_path, out=lines.append)
    report = "\n".join(lines)
    assert "cell 0 untranslated (text): '# 7. The training loop First.'" \
        in report
    assert "cell 2 untranslated (alt text)" in report
    assert "2 (section 1, entry 2) untranslated: 'loss A number.'" in report
    mark(tmp_path / "book" / "zh" / "07_training_loop.ipynb", [0, 2, 3],
         root=tmp_path, out=lines.append)
    mark(tmp_path / "book" / "zh" / "index.md", [0, 1, 2, 3],
         root=tmp_path, out=lines.append)
    assert (tmp_path / "book" / "zh" / HASHES_NAME).is_file()
    lines.clear()
    assert status(tmp_path, out=lines.append), lines
    english = read(tmp_path / "book" / "07_training_loop.ipynb")
    english.cells[3].source = "The loss falls."
    nbformat.write(english, tmp_path / "book" / "07_training_loop.ipynb")
    assert not status(tmp_path, out=lines.append)
    assert "cell 3 stale (text): 'The loss falls.'" in "\n".join(lines)
