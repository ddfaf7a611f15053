"""The licences, the attribution and the citation say the same things
everywhere.

CITATION.cff follows the Citation File Format 1.2.0: it is checked with
check-jsonschema against the format's own schema, which check-jsonschema
ships (cffconvert, the format's converter, needs jsonschema<4, which the
site's tools cannot share). Its version and repository are pyproject.toml's
and _config.yml's. Code is under MIT (pyproject.toml, LICENSE), prose and
figures under CC BY-SA 4.0 (LICENSE-CONTENT.txt), and both editions' footers
say so.
"""

import pytest
import yaml

from book_pages import ROOT, ZH_ROOT
from helpers import schema_problems

try:
    import tomllib  # Python 3.11 and newer
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib

SCHEMA = "vendor.citation-file-format"
CITATION = ROOT / "CITATION.cff"
CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"


def project():
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]


def config(folder):
    return yaml.safe_load((folder / "_config.yml").read_text(
        encoding="utf-8"))


def test_citation_file_follows_the_format():
    status, output = schema_problems(SCHEMA, CITATION)
    assert status == 0, output


def test_the_format_check_catches_a_citation_without_authors(tmp_path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text("\n".join(
        line for line in CITATION.read_text(encoding="utf-8").splitlines()
        if not line.startswith(("authors:", "  - name: The scratchnet"))))
    status, output = schema_problems(SCHEMA, broken)
    assert status == 1 and "'authors' is a required property" in output


def test_citation_names_this_version_and_repository():
    citation = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    assert citation["version"] == project()["version"], \
        "CITATION.cff: the version is pyproject.toml's"
    assert citation["repository-code"] == \
        config(ROOT)["repository"]["url"], \
        "CITATION.cff: repository-code is _config.yml's repository url"
    assert citation["license"] == ["MIT", "CC-BY-SA-4.0"]


def test_licence_files_say_what_is_whose():
    assert project()["license"] == {"text": "MIT"}
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    for words in ("MIT License", "CC BY-SA 4.0", "LICENSE-CONTENT.txt",
                  "Chollet", "政安晨", "MNIST"):
        assert words in licence, f"LICENSE does not mention {words}"
    content = (ROOT / "LICENSE-CONTENT.txt").read_text(encoding="utf-8")
    assert content.startswith("Attribution-ShareAlike 4.0 International")


@pytest.mark.parametrize("folder", [ROOT, ZH_ROOT], ids=["en", "zh"])
def test_footer_states_both_licences(folder):
    footer = config(folder)["html"].get("extra_footer", "")
    assert CC_BY_SA in footer and "CC BY-SA 4.0" in footer, footer
    assert "MIT" in footer and "Chollet" in footer and "政安晨" in footer
