"""The Binder environment (binder/): what the chapters need at run time, at
the pinned versions, and the library itself.

mybinder.org builds from binder/ (and then ignores requirements.txt at the
top, with its test and site tools): binder/requirements.txt, the Python of
binder/runtime.txt, then binder/postBuild, which installs scratchnet.
"""

import ast
import os
import re
import sys

import nbformat
import pytest

from book_pages import ROOT, chapters
from helpers import code_cell, notebook, pins

BINDER = ROOT / "binder"
CHAPTERS = chapters()
# The module each Binder package gives the chapters.
MODULES = {"tensorflow": "tensorflow", "keras": "keras", "numpy": "numpy",
           "matplotlib": "matplotlib"}


def imported_modules(path):
    """Top-level modules that a chapter's code cells import."""
    modules = set()
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules


def test_binder_pins_the_run_time_packages_as_requirements_txt_does():
    binder = pins(BINDER / "requirements.txt")
    assert set(binder) == set(MODULES), \
        "binder/requirements.txt: only what the chapters import"
    pinned = pins(ROOT / "requirements.txt")
    for name, version in binder.items():
        assert version == pinned[name], (
            f"binder/requirements.txt pins {name}=={version}, "
            f"requirements.txt {pinned[name]}")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapters_import_only_what_binder_installs(path):
    allowed = set(sys.stdlib_module_names) | set(MODULES.values()) | \
        {"scratchnet"}
    missing = imported_modules(path) - allowed
    assert not missing, (f"{path.name} imports {sorted(missing)}: add them "
                         "to binder/requirements.txt (and requirements.txt)")


def test_the_import_check_sees_a_missing_package(tmp_path):
    path = tmp_path / "01_x.ipynb"
    nbformat.write(notebook(code_cell("import pandas as pd\nimport os")), path)
    assert imported_modules(path) == {"pandas", "os"}


def test_post_build_installs_the_library():
    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK), \
        "binder/postBuild must be executable"
    script = post_build.read_text(encoding="utf-8")
    assert re.search(r"^python -m pip install .*--no-deps \.$", script,
                     re.MULTILINE)


def test_binder_python_is_one_the_pinned_set_was_tested_on():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert match and 11 <= int(match.group(1)) <= 13, (
        f"binder/runtime.txt says {runtime!r}; the pinned set is tested on "
        "Python 3.11 to 3.13 (README.md, Supported versions)")
