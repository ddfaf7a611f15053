"""The supported versions are the tested ones.

pyproject.toml declares what the library supports (`requires-python`, a
lower bound for tensorflow, keras, numpy, matplotlib). `make compat-oldest`
tests exactly those lower bounds (requirements-oldest.txt) on the oldest
supported Python; requirements.txt, which `make test` uses, holds the
newest tested. README.md states both.
"""

import re
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

try:
    import tomllib  # Python 3.11 and newer
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
with open(ROOT / "pyproject.toml", "rb") as file:
    PROJECT = tomllib.load(file)["project"]
DEPENDENCIES = [Requirement(line) for line in PROJECT["dependencies"]]


def pins(name):
    """{package: version} of a requirements file's `package==version` lines."""
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            package, version = line.split("==")
            found[package.lower().replace("_", "-")] = version
    return found


def lower_bound(requirement):
    """The version of a `name>=version` requirement (the only form used)."""
    (specifier,) = requirement.specifier
    assert specifier.operator == ">=", \
        f"pyproject.toml: {requirement} should read {requirement.name}>=..."
    return specifier.version


def test_every_dependency_has_the_tested_lower_bound():
    oldest = pins("requirements-oldest.txt")
    assert {r.name for r in DEPENDENCIES} == \
        {"tensorflow", "keras", "numpy", "matplotlib"}
    for requirement in DEPENDENCIES:
        assert oldest[requirement.name] == lower_bound(requirement), (
            f"pyproject.toml says {requirement}, but make compat-oldest tests "
            f"{requirement.name}=={oldest[requirement.name]}")


def test_the_pinned_set_is_within_the_ranges():
    pinned = pins("requirements.txt")
    for requirement in DEPENDENCIES:
        assert Version(pinned[requirement.name]) in requirement.specifier


def test_the_oldest_python_is_the_one_compat_oldest_uses():
    assert PROJECT["requires-python"] == ">=3.10"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^compat-oldest:\n\ttools/compat\.sh oldest "
                     r"\$\(PYTHON310\) requirements-oldest\.txt$",
                     makefile, re.MULTILINE)
    assert Version("3.10") in SpecifierSet(PROJECT["requires-python"])
    assert Version("3.9") not in SpecifierSet(PROJECT["requires-python"])


def test_readme_states_the_tested_versions():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Supported versions", 1)[1].split("\n## ")[0]
    pinned = pins("requirements.txt")
    for requirement in DEPENDENCIES:
        for version in (lower_bound(requirement), pinned[requirement.name]):
            assert version in section, (
                f"README.md, Supported versions: {requirement.name} {version} "
                "is tested but not stated")
