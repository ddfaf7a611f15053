"""The README, for readers and instructors, says what is true today.

Its addresses are the repository's (_config.yml): the site on GitHub Pages,
the clone and install commands, and the launch links, which are what the
site's own launch buttons give (other GitHub repositories may be linked).
Its chapter list names the chapters by their titles, its library example
calls the library as it is, and it holds no measurements: dated timings
belong in benchmark output and commit messages, not in the README.
"""

import ast
import inspect
import re

import nbformat
import yaml

import scratchnet

import install_cell
from book_pages import ROOT, chapters
from helpers import launch_links, owner_and_name

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
URL = CONFIG["repository"]["url"]
LAUNCH_LINK = re.compile(
    r"https://(?:colab\.research\.google\.com|mybinder\.org)/[^\s)\"'>]+")
# Measurements that go stale: dates, throughputs, times in seconds or
# minutes written as numbers.
MEASUREMENT = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|GFLOP|\b\d+(?:\.\d+)?\s?(?:s|ms|seconds?|"
    r"minutes?)\b")


def test_launch_links_are_the_sites_buttons_for_a_chapter():
    found = LAUNCH_LINK.findall(README)
    assert {"colab", "mybinder"} <= {
        re.search(r"colab|mybinder", link).group(0) for link in found}, \
        "README.md: a Colab and a Binder link"
    pages = {path.relative_to(ROOT).as_posix() for path in chapters()}
    for link in found:
        if "/assets/" in link or link.endswith(".svg"):
            continue  # a badge's picture, not a launch link
        page = re.search(r"book/[\w.]+\.ipynb$", link)
        assert page and page.group(0) in pages, f"no chapter: {link}"
        assert link in launch_links(page.group(0), CONFIG).values(), (
            f"README.md links {link}, but the site's buttons for "
            f"{page.group(0)} are {launch_links(page.group(0), CONFIG)}")


def test_clone_and_install_commands_name_the_repository():
    assert f"git clone {URL}\n" in README
    version = install_cell.project_version()
    assert f"pip install git+{URL}@v{version}\n" in README, \
        "README.md: install the tag the chapters' install cell names"


def test_site_address_is_the_repositorys_github_pages():
    owner, name = owner_and_name(URL)
    site = f"https://{owner}.github.io/{name}/"
    addresses = re.findall(r"https://[\w.-]+\.github\.io/[^\s>)]*", README)
    assert addresses and set(addresses) <= {site, site + "zh/"}, addresses


def title(path):
    """A chapter's title without its number: "A dense layer from scratch"."""
    first = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0]
    return re.sub(r"^#\s+\d+\.\s+", "", first).strip()


def test_chapter_list_names_the_chapters_by_their_titles():
    listed = re.findall(r"^(\d+)\. ([^:\n]+):", README, re.M)
    assert [(int(n), t) for n, t in listed] == [
        (int(path.name[:2]), title(path)) for path in chapters()]


def example():
    return re.search(r"```python\n(.*?)```", README, re.S).group(1)


def library_calls_problems(code):
    """Why the code's calls of names it imports from scratchnet would not
    bind to the library's signatures (an empty list when they do)."""
    tree = ast.parse(code)
    imported = {alias.asname or alias.name: getattr(scratchnet, alias.name,
                                                    None)
                for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and node.module == "scratchnet" for alias in node.names}
    problems = [f"scratchnet has no {name}" for name, obj in imported.items()
                if obj is None]
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and imported.get(node.func.id)):
            arguments = [None] * len(node.args)
            keywords = {k.arg: None for k in node.keywords}
            try:
                inspect.signature(imported[node.func.id]).bind(
                    *arguments, **keywords)
            except TypeError as error:
                problems.append(f"{ast.unparse(node)}: {error}")
    return problems


def test_library_example_calls_the_library_as_it_is():
    assert library_calls_problems(example()) == []


def test_the_example_check_finds_a_wrong_call():
    code = ("from scratchnet import fit, train\n"
            "fit(model, images, labels, epoch=10)\n")
    problems = library_calls_problems(code)
    assert problems[0] == "scratchnet has no train"
    assert "epoch" in problems[1]


def test_no_measurements():
    found = MEASUREMENT.findall(README)
    assert not found, f"README.md holds measurements: {found}"


def test_the_measurement_check_finds_dated_timings():
    text = "On 2026-11-29 (211 GFLOP/s) make test took 719 s, 12 minutes."
    assert MEASUREMENT.findall(text) == ["2026-11-29", "GFLOP", "719 s",
                                         "12 minutes"]
    assert not MEASUREMENT.findall("a minute or two; section 2.5; 784-512")
