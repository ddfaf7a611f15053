"""The module table of `scratchnet`'s docstring is right.

`src/scratchnet/__init__.py` tells a reader which module holds what and
which chapter teaches it. Here that table is compared with the library and
the chapters: every module of the package that a chapter teaches has one
row; the names a row lists are that module's; and its chapter is the one
whose code defines the module's code inline (tests/book/test_one_code.py checks
that the two are the same code).
"""

import importlib
import inspect
import pkgutil
import re

import nbformat

import scratchnet

from book_pages import chapters
from helpers import inline_definitions

ROW = re.compile(r"^``(\w+)``\s+(.+?)\s+(\d+(?:, \d+)*)\s*$", re.M)


def table(doc):
    """{module: (names listed, chapters)} from a docstring's table."""
    rows = {}
    for module, names, numbers in ROW.findall(doc):
        assert module not in rows, f"two rows for {module}"
        rows[module] = (set(re.findall(r"``(\w+)``", names)),
                        {int(n) for n in re.findall(r"\d+", numbers)})
    return rows


def taught_modules():
    """{module name: its public functions and classes}, for the modules of
    the package itself (not `support`, not the command line)."""
    modules = {}
    for info in pkgutil.iter_modules(scratchnet.__path__):
        if info.ispkg or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"scratchnet.{info.name}")
        modules[info.name] = {
            name for name, obj in vars(module).items()
            if (inspect.isfunction(obj) or inspect.isclass(obj))
            and obj.__module__ == module.__name__
            and not name.startswith("_")}
    return modules


def teaching_chapters(names):
    """The chapters whose code defines one of `names` inline."""
    return {int(path.name[:2]) for path in chapters()
            if set(inline_definitions(path)) & names}


def table_problems(rows, modules):
    """What is wrong with the table's rows for these modules."""
    problems = []
    for module in sorted(set(modules) - set(rows)):
        problems.append(f"no row for {module}")
    for module, (listed, numbers) in sorted(rows.items()):
        if module not in modules:
            problems.append(f"a row for {module}, which is not a module")
            continue
        if listed - modules[module]:
            missing = sorted(listed - modules[module])
            problems.append(f"{module} has no {missing}")
        taught = teaching_chapters(modules[module])
        if numbers != taught:
            problems.append(f"{module}: the row says chapter "
                            f"{sorted(numbers)}, chapter {sorted(taught)} "
                            "defines its code")
    return problems


def test_module_table_is_the_library_and_its_chapters():
    problems = table_problems(table(scratchnet.__doc__), taught_modules())
    assert not problems, "src/scratchnet/__init__.py, the module table:\n" \
        + "\n".join(problems)


def test_the_table_check_finds_wrong_rows():
    modules = {"dense": {"NaiveDense"}, "batching": {"BatchGenerator"}}
    doc = ("``dense``     ``NaiveDense``      4\n"
           "``sequence``  ``NaiveSequence``   4\n"
           "``batching``  ``BatchMaker``      5\n")
    assert table_problems(table(doc), modules) == [
        "batching has no ['BatchMaker']",
        "dense: the row says chapter [4], chapter [3] defines its code",
        "a row for sequence, which is not a module"]
    assert table_problems({}, {"dense": {"NaiveDense"}}) == [
        "no row for dense"]


def support_modules():
    """The public modules of `scratchnet.support`."""
    return [info.name for info in pkgutil.iter_modules(
        importlib.import_module("scratchnet.support").__path__)
        if not info.name.startswith("_")]


def importing_chapters(module):
    """The chapters whose code imports `scratchnet.support.<module>`."""
    used = re.compile(rf"scratchnet\.support\.{module}\b")
    return {int(path.name[:2]) for path in chapters()
            if any(used.search(cell.source) for cell in
                   nbformat.read(path, as_version=4).cells
                   if cell.cell_type == "code")}


def support_problems(rows, modules):
    problems = [f"no row for {module}" for module in sorted(
        set(modules) - set(rows))]
    for module, (_listed, numbers) in sorted(rows.items()):
        if module not in modules:
            problems.append(f"a row for {module}, which is not a module")
        elif numbers != importing_chapters(module):
            problems.append(
                f"{module}: the row says chapters {sorted(numbers)}, the "
                f"code of chapters {sorted(importing_chapters(module))} "
                "imports it")
    return problems


def test_support_table_lists_the_chapters_that_use_each_module():
    support = importlib.import_module("scratchnet.support")
    problems = support_problems(table(support.__doc__), support_modules())
    assert not problems, ("src/scratchnet/support/__init__.py, the module "
                          "table:\n" + "\n".join(problems))


def test_support_check_fails_on_a_wrong_row():
    rows = table("``plots``  figures  1, 2\n``nowhere``  nothing  3\n")
    problems = support_problems(rows, ["plots", "reporting"])
    assert "no row for reporting" in problems
    assert "a row for nowhere, which is not a module" in problems
    assert any(p.startswith("plots: the row says chapters [1, 2]")
               for p in problems)
