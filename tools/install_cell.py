"""Write the install cell into every chapter.

    .venv/bin/python tools/install_cell.py           # update every chapter
    .venv/bin/python tools/install_cell.py --check   # only report (exit 1)

Colab, Binder and a bare Jupyter do not have `scratchnet`, so the first code
cell of every chapter installs it with pip where it is missing, and does
nothing where it is installed (`make lab`, `make notebooks`). It installs the
version the book was written against: the tag `v<version>` of the repository,
with `<version>` from pyproject.toml and the repository from `repository: url:`
in _config.yml, the one place that names it.

Run this after changing either of them (a new version, another repository):
it rewrites the cell in every chapter, or adds it before the first code cell
where there is none. The cell is tagged `remove-cell`: the site hides it, the
downloaded notebook keeps it. Its stored outputs stay empty; nothing else in
the notebook changes. tests/repository/test_repository_setting.py checks
that every chapter holds exactly this cell.
"""

import argparse
import sys
from pathlib import Path

import nbformat
import yaml

from book_pages import chapters

try:
    import tomllib  # Python 3.11 and newer
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CELL_ID = "install-scratchnet"
TAGS = ["remove-cell"]

TEMPLATE = '''\
# On Colab, Binder or a fresh Python, install this course's library first.
try:
    import scratchnet
except ImportError:
    import importlib
    import subprocess
    import sys
    # scratchnet at the version this book was written with
    library = "{requirement}"
    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    subprocess.run(pip + [library], check=True)
    importlib.invalidate_caches()
    print("Installed scratchnet {version}.")'''

# The Chinese chapters' install cell (tools/translation.py writes it into
# book/zh/): the English one, then the exercises' checks answer in Chinese.
# The only code the two editions do not share (scratchnet.exercises).
CHINESE_ENDING = '''

# 中文版：练习的检查用中文回答。
from scratchnet.exercises import set_language
set_language("zh")'''


def repository_url(root=ROOT):
    """The repository named by `repository: url:` in _config.yml."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"]


def project_version(root=ROOT):
    """The version in pyproject.toml's [project] table."""
    with open(root / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def requirement(url, version):
    """What pip installs: the tag `v<version>` of the repository."""
    return f"git+{url}@v{version}"


def cell_source(url, version, language="en"):
    """The install cell's code for this repository and version; with
    `language="zh"`, the Chinese chapters' cell."""
    source = TEMPLATE.format(requirement=requirement(url, version),
                             version=version)
    return source + CHINESE_ENDING if language == "zh" else source


def install_cell(url, version):
    cell = nbformat.v4.new_code_cell(cell_source(url, version))
    cell.id = CELL_ID
    cell.metadata = {"tags": list(TAGS)}
    return cell


def update(nb, url, version):
    """Put the install cell into `nb`; return True if `nb` changed.

    An existing install cell (found by its id) gets today's code and tags;
    otherwise the cell is added just before the first code cell."""
    wanted = install_cell(url, version)
    for cell in nb.cells:
        if cell.get("id") == CELL_ID:
            changed = (cell.source != wanted.source
                       or cell.metadata.get("tags") != TAGS)
            cell.source = wanted.source
            cell.metadata["tags"] = list(TAGS)
            return changed
    first_code = next((i for i, cell in enumerate(nb.cells)
                       if cell.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first_code, wanted)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a chapter differs")
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="chapters to update (default: every chapter)")
    args = parser.parse_args(argv)
    url, version = repository_url(), project_version()
    outdated = []
    for path in args.notebooks or chapters():
        nb = nbformat.read(path, as_version=4)
        if update(nb, url, version):
            outdated.append(path)
            if not args.check:
                nbformat.write(nb, path)
    verb = "differ from" if args.check else "now install"
    for path in outdated:
        shown = path.relative_to(ROOT) if ROOT in path.parents else path
        print(f"{shown}: {verb} {requirement(url, version)}")
    if not outdated:
        print(f"Every notebook installs {requirement(url, version)}.")
    return 1 if args.check and outdated else 0


if __name__ == "__main__":
    sys.exit(main())
