"""The GitHub workflows: linted here, since they cannot run here.

.github/workflows/test.yml runs the full gate, `make test`, on every push
and pull request; .github/workflows/pages.yml builds the site and publishes
it on GitHub Pages. Both are checked against GitHub's workflow schema with
check-jsonschema, and for the few things this course relies on.
"""

import pytest
import yaml

from book_pages import ROOT
from helpers import schema_problems

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
SCHEMA = "vendor.github-workflows"


def load(name):
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name)
                              .read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(workflow):
    return [step for job in workflow["jobs"].values()
            for step in job["steps"]]


def commands(workflow):
    return [step["run"] for step in steps(workflow) if "run" in step]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_the_linter(path):
    status, output = schema_problems(SCHEMA, path)
    assert status == 0, output


def test_the_linter_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: [push]\njobs:\n  test:\n"
                      "    steps:\n      - run: make test\n")
    status, output = schema_problems(SCHEMA, broken)
    assert status == 1
    assert "'runs-on' is a required property" in output


def test_test_workflow_runs_make_test_on_every_push_and_pull_request():
    workflow = load("test.yml")
    assert set(workflow["on"]) == {"push", "pull_request"}
    assert workflow["on"]["push"] is None, "every branch, not some"
    assert commands(workflow)[-1] == "make test"
    assert "sudo" not in commands(workflow)[-1], \
        "make test runs as the runner's user; only system-deps needs root"


def test_pages_workflow_builds_the_site_and_deploys_it():
    workflow = load("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    found = steps(workflow)
    assert commands(workflow)[-1] == "make book"
    uses = [step.get("uses", "").split("@")[0] for step in found]
    assert uses.index("actions/upload-pages-artifact") < \
        uses.index("actions/deploy-pages")
    upload = found[uses.index("actions/upload-pages-artifact")]
    assert upload["with"]["path"] == "_build/html"


def test_workflows_install_the_system_packages_with_the_makefile():
    """Root only for `make system-deps`, before the make that needs it."""
    for path in WORKFLOWS:
        run = commands(load(path.name))
        rooted = [command for command in run if command.startswith("sudo")]
        assert rooted == ["sudo make system-deps"], (path.name, run)
        assert run.index(rooted[0]) < len(run) - 1


def test_workflows_use_the_python_make_book_and_make_test_are_run_on():
    """The runner's Python is one the pinned set supports (3.11 to 3.13)."""
    for path in WORKFLOWS:
        versions = {step["with"]["python-version"]
                    for step in steps(load(path.name))
                    if step.get("uses", "").startswith("actions/setup-python")}
        assert versions and all(
            (3, 11) <= tuple(map(int, v.split("."))) <= (3, 13)
            for v in versions), f"{path.name}: Python {versions}"
