"""Every public name of the library says which chapter explains it, and the
chapter is the right one.

As d2l's "Defined in :numref:`...`", the docstring of each public function
and class, in every module of `scratchnet`, names its chapter:

- "Explained in chapter N" if chapter N defines it inline (the one-code
  test checks that the two definitions are the same code);
- otherwise "Used in chapter(s) N, M and K", chapters whose code imports it
  from the library;
- otherwise (no chapter defines or imports it) it says "No chapter" and why.

Private modules and names (leading underscore) are exempt.
"""

import ast
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import scratchnet

from book_pages import chapters
from helpers import inline_definitions, library_imports

CLAIM = re.compile(r"\b(Explained|Used) in chapters? "
                   r"(\d+(?:(?:, | and )\d+)*)")


def public_modules():
    """`scratchnet`, its modules and its subpackage `support`, private ones
    (`_name`) left out."""
    names = ["scratchnet"] + [
        info.name
        for info in pkgutil.walk_packages(scratchnet.__path__, "scratchnet.")
        if not any(part.startswith("_") and not part.startswith("__")
                   for part in info.name.split("."))]
    return [__import__(name, fromlist=["_"]) for name in names]


def public_names():
    """(qualified name, object) for every public function and class that a
    public module of `scratchnet` defines, or lists in `__all__` from a
    support module (as `data` does with `MnistDataError`)."""
    found, seen = [], set()
    for module in public_modules():
        exported = getattr(module, "__all__", [])
        for name, obj in vars(module).items():
            if ((inspect.isfunction(obj) or inspect.isclass(obj))
                    and not name.startswith("_") and id(obj) not in seen
                    and (obj.__module__ == module.__name__ or
                         (name in exported and
                          obj.__module__.startswith("scratchnet.support.")))):
                seen.add(id(obj))
                found.append((f"{module.__name__}.{name}", obj))
    return found


def chapter_numbers():
    """{name: chapters that define it inline}, {name: chapters that import
    it from the library}."""
    defined, imported = {}, {}
    for path in chapters():
        number = int(path.name[:2])
        for name in inline_definitions(path):
            defined.setdefault(name, set()).add(number)
        for name in library_imports(path):
            imported.setdefault(name, set()).add(number)
    return defined, imported


def cited_chapters(doc):
    """The kind ("Explained" or "Used") and the chapter numbers of the last
    claim in a docstring, or (None, set()) if it makes none."""
    claims = CLAIM.findall(doc)
    if not claims:
        return None, set()
    kind, numbers = claims[-1]
    return kind, {int(n) for n in re.findall(r"\d+", numbers)}


def chapter_problem(doc, defined_in, imported_in):
    """What is wrong with the chapter a docstring names, or None."""
    if not doc:
        return "it has no docstring"
    kind, cited = cited_chapters(doc)
    if defined_in:
        if kind != "Explained" or cited != defined_in:
            return (f"chapter {sorted(defined_in)} defines it inline: end "
                    f"its docstring with 'Explained in chapter ...' naming "
                    f"it, not {kind} in {sorted(cited)}")
    elif imported_in:
        if kind != "Used" or not cited or not cited <= imported_in:
            return (f"no chapter defines it; chapters {sorted(imported_in)} "
                    "use it: say 'Used in chapter ...' with one of them, "
                    f"not {kind} in {sorted(cited)}")
    elif kind is not None or "No chapter" not in doc:
        return ("no chapter defines or uses it: say 'No chapter ...' and "
                "who does use it, or make it private")
    return None


DEFINED, IMPORTED = chapter_numbers()


def modules_defining_public_names():
    """The library's modules, read from its files (not imported), that
    define a public function or class at the top level."""
    source = Path(scratchnet.__file__).parent
    found = set()
    for path in source.rglob("*.py"):
        parts = path.relative_to(source).with_suffix("").parts
        if any(part.startswith("_") and part not in ("__init__", "__main__")
               for part in parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, (ast.FunctionDef, ast.ClassDef))
               and not node.name.startswith("_") for node in tree.body):
            found.add(".".join(("scratchnet",) + tuple(
                part for part in parts if part != "__init__")))
    return found


def test_every_public_module_and_exported_name_is_checked():
    """The search for public names misses no module that defines one, and
    no name the package exports."""
    modules = {name.rsplit(".", 1)[0] for name, _ in public_names()}
    assert modules_defining_public_names() <= modules
    exported = {getattr(scratchnet, name) for name in scratchnet.__all__}
    assert exported <= {obj for _, obj in public_names()}
    assert "scratchnet.data.MnistDataError" in dict(public_names())


@pytest.mark.parametrize("name, obj", public_names(),
                         ids=[name for name, _ in public_names()])
def test_docstring_names_the_right_chapter(name, obj):
    short = name.rsplit(".", 1)[1]
    problem = chapter_problem(inspect.getdoc(obj), DEFINED.get(short, set()),
                              IMPORTED.get(short, set()))
    assert problem is None, f"{name}: {problem}"


def test_the_check_fails_on_a_wrong_chapter():
    right = "A dense layer. Explained in chapter 3, *A dense layer*."
    assert chapter_problem(right, {3}, {4, 5}) is None
    assert chapter_problem(right.replace("3,", "4,"), {3}, {4, 5})
    assert chapter_problem("A dense layer (chapter 3).", {3}, set())
    assert chapter_problem("Used in chapter 3.", {3}, set())
    used = "Used in chapters 6 and 9."
    assert chapter_problem(used, set(), {6, 7, 9}) is None
    assert chapter_problem(used, set(), {6, 7})
    assert chapter_problem("No chapter: the command line calls it.",
                           set(), set()) is None
    assert chapter_problem("Used in chapter 2.", set(), set())
    assert chapter_problem(None, set(), set())
