"""One repository setting, and chapters that install the library themselves.

The repository URL lives once, in _config.yml (`repository: url:`): the
launch buttons read it there, the front page through a MyST substitution,
the chapters' install cell through tools/install_cell.py; README.md and
CITATION.cff spell it out (test_readme.py, test_citation.py, here).
These tests fail if any of them disagree, or if a chapter's install cell is
missing, outdated, or names another version than pyproject.toml.
"""

import builtins
import contextlib
import io
import re
import subprocess
import sys

import nbformat
import pytest
import yaml

import install_cell
from book_pages import ROOT, chapters
from helpers import code_cell, markdown_cell, notebook, owner_and_name

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
URL = CONFIG["repository"]["url"]
VERSION = install_cell.project_version()
CHAPTERS = chapters()

# Addresses that name a GitHub repository: the repository itself, Colab's
# and Binder's launch links.
REPOSITORY_LINKS = [
    r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?(?=[/\s)\"'@#>`]|$)",
    r"https://colab\.research\.google\.com/github/([\w.-]+)/([\w.-]+)/",
    r"https://mybinder\.org/v2/gh/([\w.-]+)/([\w.-]+)/",
]


def repositories_named(text):
    """Every (owner, repository) that a GitHub, Colab or Binder link names."""
    return [match for pattern in REPOSITORY_LINKS
            for match in re.findall(pattern, text)]


def test_chinese_edition_names_the_same_repository():
    """book/zh/_config.yml is a second Jupyter Book configuration (the
    Chinese edition's): its launch buttons and repository button must go
    to the same repository, branch and launch services."""
    zh = yaml.safe_load((ROOT / "book" / "zh" / "_config.yml").read_text(
        encoding="utf-8"))
    assert zh["repository"]["url"] == URL, (
        f"book/zh/_config.yml names {zh['repository']['url']}, but "
        f"_config.yml says {URL}: set both")
    assert zh["repository"]["branch"] == CONFIG["repository"]["branch"]
    assert zh["repository"]["path_to_book"] == "book/zh"
    assert zh["launch_buttons"] == CONFIG["launch_buttons"]
    assert zh["parse"]["myst_substitutions"]["repository_url"] == URL


def test_config_holds_the_url_once():
    owner_and_name(URL)
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert text.count(URL) == 1, \
        "_config.yml spells the URL more than once: use *repository_url"
    assert CONFIG["parse"]["myst_substitutions"]["repository_url"] == URL
    assert "substitution" in CONFIG["parse"]["myst_enable_extensions"]


def test_front_page_clone_command_reads_the_setting():
    text = (ROOT / "book" / "index.md").read_text(encoding="utf-8")
    clone = r'\{\{ "```bash\\ngit clone " ~ repository_url ~ '
    assert re.search(clone, text), \
        "book/index.md: the clone command should use {{ repository_url }}"
    assert not repositories_named(text), \
        "book/index.md names a repository itself: use repository_url"
    assert "<this repository>" not in text


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_starts_with_the_install_cell(path):
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    installs = [cell for cell in code
                if cell.get("id") == install_cell.CELL_ID]
    assert installs, (f"{path.name} has no install cell: run "
                      "`.venv/bin/python tools/install_cell.py`")
    assert len(installs) == 1 and code[0] is installs[0], \
        "the install cell must be the first code cell, once"
    cell = installs[0]
    named = re.search(r'"git\+(\S+)@v([^"]+)"', cell.source)
    assert named and named.groups() == (URL, VERSION), (
        f"{path.name} installs {named and named.groups()}, but _config.yml "
        f"and pyproject.toml say {(URL, VERSION)}: run "
        "`.venv/bin/python tools/install_cell.py`")
    assert cell.source == install_cell.cell_source(URL, VERSION), \
        "the install cell was edited by hand: run tools/install_cell.py"
    assert "remove-cell" in cell.metadata.get("tags", []), \
        "the install cell should be hidden on the site (tag remove-cell)"
    assert cell.outputs == [], \
        "the install cell printed something where scratchnet is installed"


def run_install_cell(missing):
    """Run the install cell here, with pip replaced by a recorder; with
    `missing`, `import scratchnet` fails as on Colab. Returns (pip
    commands, printed text)."""
    commands = []

    def fake_run(command, check=False):
        commands.append((command, check))

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if missing and name == "scratchnet":
            raise ModuleNotFoundError("No module named 'scratchnet'")
        return real_import(name, *args, **kwargs)

    printed = io.StringIO()
    source = install_cell.cell_source(URL, VERSION)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess, "run", fake_run)
        patch.setattr(builtins, "__import__", fake_import)
        with contextlib.redirect_stdout(printed):
            exec(compile(source, "install cell", "exec"), {})
    return commands, printed.getvalue()


def test_install_cell_does_nothing_where_scratchnet_is_installed():
    assert run_install_cell(missing=False) == ([], "")


def test_install_cell_installs_the_tagged_version_where_it_is_missing():
    commands, printed = run_install_cell(missing=True)
    assert commands == [([sys.executable, "-m", "pip", "install", "--quiet",
                          f"git+{URL}@v{VERSION}"], True)]
    assert printed == f"Installed scratchnet {VERSION}.\n"


def chapter(*sources):
    return notebook(markdown_cell("# A chapter"), *map(code_cell, sources))


def test_tool_adds_the_cell_before_the_first_code_cell_once():
    nb = chapter("import tensorflow as tf", "print(1)")
    assert install_cell.update(nb, URL, VERSION) is True
    assert [cell.get("id") == install_cell.CELL_ID for cell in nb.cells] == \
        [False, True, False, False]
    assert nb.cells[0].source == "# A chapter"
    assert install_cell.update(nb, URL, VERSION) is False
    assert len(nb.cells) == 4


def test_tool_updates_the_cell_to_a_new_version_and_url(tmp_path):
    nb = chapter("import tensorflow as tf")
    install_cell.update(nb, URL, "0.0.1")
    path = tmp_path / "01_chapter.ipynb"
    nbformat.write(nb, path)
    assert install_cell.main(["--check", str(path)]) == 1
    assert "@v0.0.1" in nbformat.read(path, as_version=4).cells[1].source
    assert install_cell.main([str(path)]) == 0
    updated = nbformat.read(path, as_version=4)
    assert updated.cells[1].source == install_cell.cell_source(URL, VERSION)
    assert len(updated.cells) == 3
    assert install_cell.main(["--check", str(path)]) == 0
    other = "https://github.com/someone/a-fork"
    assert install_cell.update(updated, other, VERSION) is True
    assert f'"git+{other}@v{VERSION}"' in updated.cells[1].source


def test_the_link_patterns_find_a_wrong_repository():
    """The link checks are not vacuous: another owner is caught."""
    text = ("git clone https://github.com/someone/else.git\n"
            "https://colab.research.google.com/github/a/b/blob/main/x.ipynb\n"
            "https://mybinder.org/v2/gh/c/d/main?urlpath=lab\n")
    assert repositories_named(text) == [("someone", "else"), ("a", "b"),
                                        ("c", "d")]
