"""What the tests share, each written once (imported as `from helpers
import ...`; pyproject.toml's `pythonpath` puts this folder on the path):
models and data for the library's tests, readers of the chapters' code,
made-up notebooks for the checks' own tests, the Chinese twin of a page,
and the pins of a requirements file."""

import ast
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
import tensorflow as tf
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from scratchnet import (
    NaiveDense,
    NaiveSequential,
    build_keras_model,
    build_scratch_model,
)
from scratchnet.keras_bridge import copy_weights_to_keras

from book_pages import ROOT, chinese_twin


def saturated_model():
    """A model sure that [1, 0] is class 0: class 1 gets e**-40 < 1e-7."""
    model = NaiveSequential([NaiveDense(2, 2, tf.nn.relu),
                             NaiveDense(2, 2, tf.nn.softmax)])
    model.layers[0].W.assign(np.eye(2))
    model.layers[1].W.assign([[40.0, 0.0], [0.0, 0.0]])
    return model


def article_model(seed=0):
    """The article's 784-512-10 network, built right after seeding."""
    tf.keras.utils.set_random_seed(seed)
    return build_scratch_model()


def small_model(seed=0):
    """A 20-16-3 network (relu, then softmax) for quick training tests,
    built right after seeding."""
    tf.keras.utils.set_random_seed(seed)
    return NaiveSequential([
        NaiveDense(input_size=20, output_size=16, activation=tf.nn.relu),
        NaiveDense(input_size=16, output_size=3, activation=tf.nn.softmax),
    ])


def small_data(n=300):
    """Three easy classes: the label is written into the input."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, n).astype(np.uint8)
    images = rng.random((n, 20), dtype=np.float32) * 0.2
    images[np.arange(n), labels] += 1.0
    return images, labels


def dim_batch(n=128, seed=0):
    """Random images, dim enough that the untrained softmax does not
    saturate (as with real MNIST digits, most pixels are dark)."""
    rng = np.random.default_rng(seed)
    images = rng.random((n, 784), dtype=np.float32) * 0.1
    return images, rng.integers(0, 10, n).astype(np.uint8)


def keras_copy(model):
    """The article's Keras model (chapter 1) holding ``model``'s weights."""
    keras_model = build_keras_model()
    copy_weights_to_keras(model, keras_model)
    return keras_model


def assert_same_weights(ours, theirs, atol):
    """Two models' weights agree, one by one, within ``atol``."""
    for a, b in zip(ours.weights, theirs.weights):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=atol)


def chapter_trees(path):
    """The code cells of a chapter notebook, each parsed into an abstract
    syntax tree (lines of IPython magics and shell commands left out)."""
    trees = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            source = "\n".join(
                line for line in cell.source.splitlines()
                if not line.lstrip().startswith(("%", "!")))
            trees.append(ast.parse(source))
    return trees


def inline_definitions(path):
    """The functions and classes a chapter defines at the top level of its
    code cells: {name: syntax tree of the definition}. A name defined
    twice keeps its last definition; ``top_level_bindings`` keeps all."""
    return {name: node for name, node in top_level_bindings(path)
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def top_level_bindings(path):
    """Every name a chapter binds at the top level of its code cells, in
    reading order, repeats kept: [(name, node)], where node is the
    function's or class's definition, or the assignment."""
    bindings = []
    for tree in chapter_trees(path):
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                bindings.append((node.name, node))
            elif isinstance(node, (ast.Assign, ast.AugAssign,
                                   ast.AnnAssign)):
                targets = (node.targets if isinstance(node, ast.Assign)
                           else [node.target])
                bindings += [(name.id, node) for target in targets
                             for name in ast.walk(target)
                             if isinstance(name, ast.Name)]
    return bindings


def library_imports(path):
    """The names a chapter imports from the library (`from scratchnet...
    import name`)."""
    return {alias.name
            for tree in chapter_trees(path) for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("scratchnet")
            for alias in node.names}


def markdown_cell(source):
    return nbformat.v4.new_markdown_cell(source)


def code_cell(source, printed=None, execution_count=None):
    """A code cell; `printed`: the text it wrote to stdout."""
    cell = nbformat.v4.new_code_cell(source, execution_count=execution_count)
    if printed is not None:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                               text=printed)]
    return cell


def notebook(*cells):
    """A made-up notebook of these cells, with the ids cell-0, cell-1, ..."""
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"
    return nb


def chinese_twin_of(english):
    """The Chinese twin of an English page (`book/zh/<same name>`); fails
    the test, naming both, when it is missing."""
    path = chinese_twin(english)
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: the Chinese twin "
                    f"of book/{Path(english).name} (`tools/translation.py "
                    "sync` creates it in English, to translate)")
    return path


def schema_problems(schema, *paths):
    """(exit status, messages) of `check-jsonschema --builtin-schema
    SCHEMA PATHS` (pinned in requirements.txt; offline, with the schemas it
    ships), run in this process: its imports take seconds, paid once."""
    import check_jsonschema
    from click.testing import CliRunner
    result = CliRunner().invoke(
        check_jsonschema.main,
        ["--builtin-schema", schema, *map(str, paths)])
    return result.exit_code, result.output


def owner_and_name(url):
    """(owner, name) of a GitHub repository's address."""
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+)", url)
    assert match, (f"_config.yml: repository url {url!r} is not "
                   "https://github.com/OWNER/NAME (Colab opens only GitHub)")
    return match.groups()


def launch_links(page, config):
    """The Colab and Binder links that the theme's launch buttons give a
    page (`book/01_keras_in_ten_lines.ipynb`), built from the settings as
    sphinx-book-theme builds them (header_buttons/launch.py)."""
    owner, name = owner_and_name(config["repository"]["url"])
    branch = config["repository"]["branch"]
    launch = config["launch_buttons"]
    interface = {"classic": "tree", "jupyterlab": "lab/tree"}[
        launch["notebook_interface"]]
    return {
        "Colab": f"{launch['colab_url'].rstrip('/')}/github/{owner}/{name}"
                 f"/blob/{branch}/{page}",
        "Binder": f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{owner}/"
                  f"{name}/{branch}?urlpath={interface}/{page}",
    }


def pins(path):
    """{package: version} of a requirements file's `package==version`
    lines, names normalised (`typing_extensions` -> `typing-extensions`);
    a line for another Python (an environment marker that does not hold
    here) is left out."""
    found = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        (specifier,) = requirement.specifier
        if specifier.operator != "==":
            raise ValueError(f"{path}: {line!r} is not pinned with ==")
        found[canonicalize_name(requirement.name)] = specifier.version
    return found
