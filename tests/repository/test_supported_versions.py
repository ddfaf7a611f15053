"""The supported versions are the tested ones.

pyproject.toml declares what the library supports: a lower bound for
tensorflow, keras, numpy and matplotlib. `make compat-oldest` tests exactly
those lower bounds (requirements-oldest.txt), on the oldest supported
Python (tools/compat.sh checks that it is requires-python's); requirements.txt,
which `make test` uses, holds the newest tested, within the ranges.
"""

from packaging.requirements import Requirement
from packaging.version import Version

from book_pages import ROOT
from helpers import pins

try:
    import tomllib  # Python 3.11 and newer
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib

with open(ROOT / "pyproject.toml", "rb") as file:
    PROJECT = tomllib.load(file)["project"]
DEPENDENCIES = [Requirement(line) for line in PROJECT["dependencies"]]


def lower_bound(requirement):
    """The version of a `name>=version` requirement (the only form used)."""
    (specifier,) = requirement.specifier
    assert specifier.operator == ">=", \
        f"pyproject.toml: {requirement} should read {requirement.name}>=..."
    return specifier.version


def test_every_dependency_has_the_tested_lower_bound():
    oldest = pins(ROOT / "requirements-oldest.txt")
    assert {r.name for r in DEPENDENCIES} == \
        {"tensorflow", "keras", "numpy", "matplotlib"}
    for requirement in DEPENDENCIES:
        assert oldest[requirement.name] == lower_bound(requirement), (
            f"pyproject.toml says {requirement}, but make compat-oldest tests "
            f"{requirement.name}=={oldest[requirement.name]}")


def test_the_pinned_set_is_within_the_ranges():
    pinned = pins(ROOT / "requirements.txt")
    for requirement in DEPENDENCIES:
        assert Version(pinned[requirement.name]) in requirement.specifier, (
            f"requirements.txt pins {requirement.name}=="
            f"{pinned[requirement.name]}, outside pyproject.toml's "
            f"{requirement}")
