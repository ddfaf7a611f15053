"""Models, data and notebook readers shared by the tests (imported as
`from helpers import ...`; pytest puts this folder on sys.path)."""

import ast

import nbformat
import numpy as np
import tensorflow as tf

from scratchnet import (
    NaiveDense,
    NaiveSequential,
    build_keras_model,
    build_scratch_model,
)
from scratchnet.keras_bridge import copy_weights_to_keras


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
    code cells: {name: syntax tree of the definition}."""
    return {node.name: node
            for tree in chapter_trees(path) for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def library_imports(path):
    """The names a chapter imports from the library (`from scratchnet...
    import name`)."""
    return {alias.name
            for tree in chapter_trees(path) for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("scratchnet")
            for alias in node.names}
