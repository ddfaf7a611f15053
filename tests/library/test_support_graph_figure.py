"""Tests for the computation-graph figure (scratchnet.support.graph_figure):
every node, shape and gradient is drawn, no label collides with another
label, a box or an arrow, bad input gets a clear error, and chapter 6's
alt text names what the figure shows."""

import itertools

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from scratchnet.support.graph_figure import (
    BACKWARD_COLOUR,
    FORWARD_COLOUR,
    FORWARD_X,
    _format_shape,
    draw_computation_graph,
    two_layer_network,
)
from scratchnet.support.tape_graph import tape_operations
from scratchnet.tape import Tape, tape_loss

from book_pages import ROOT, ZH_ROOT

# Three operations of another chain, with a shape given as a string: the
# same function must draw it.
SHORT_CHAIN = [
    {"operation": "input", "output": "x", "shape": (3,)},
    {"operation": "Square", "output": "y", "shape": (3,),
     "gradient": "dy = 1"},
    {"operation": "Sum", "output": "s", "shape": "()"},
]


def article_tape_operations():
    """What chapter 13 draws: the records of a gradient tape for one step
    of the article's network on a batch of 128 images."""
    rng = np.random.default_rng(0)
    weights = [rng.random((784, 512), dtype=np.float32) * 0.1,
               np.zeros(512, np.float32),
               rng.random((512, 10), dtype=np.float32) * 0.1,
               np.zeros(10, np.float32)]
    images = rng.random((128, 784), dtype=np.float32)
    with Tape() as tape:
        tape.watch(*weights)
        loss = tape_loss(weights, images, rng.integers(0, 10, 128))
    names = dict(zip(["images", "W1", "b1", "W2", "b2", "loss"],
                     [images, *weights, loss]))
    return tape_operations(tape, names)


CHAINS = [two_layer_network(), SHORT_CHAIN, article_tape_operations()]
CHAIN_NAMES = ["two-layer network", "short chain", "a tape's records"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def drawn_texts(fig):
    return [text.get_text() for text in fig.axes[0].texts]


def expected_texts(operations):
    """The labels the figure must show for ``operations``."""
    texts = []
    for operation in operations:
        texts.append(operation["operation"])
        texts.append(f"{operation['output']}: "
                     f"{_format_shape(operation['shape'])}")
        if operation.get("gradient"):
            texts.append(operation["gradient"])
        if "parameter" in operation:
            texts.append(f"{operation['parameter']}: "
                         f"{_format_shape(operation['parameter_shape'])}")
        if operation.get("parameter_gradient"):
            texts.append(operation["parameter_gradient"])
    return texts + [operations[-1]["output"]]


@pytest.mark.parametrize("operations", CHAINS, ids=CHAIN_NAMES)
def test_every_node_shape_and_gradient_is_drawn(operations):
    fig = draw_computation_graph(operations)
    assert sorted(drawn_texts(fig)) == sorted(expected_texts(operations))


def test_the_network_has_the_course_shapes_and_gradients():
    texts = drawn_texts(draw_computation_graph(two_layer_network()))
    for label in ["x: (N, 784)", "W1: (784, 512)", "z1: (N, 512)",
                  "a1: (N, 512)", "W2: (512, 10)", "z2 (logits): (N, 10)",
                  "L: ()", "dz2 = (p − onehot(y)) / N", "dW2 = a1ᵀ dz2",
                  "db2 = Σₙ dz2", "da1 = dz2 W2ᵀ", "dz1 = da1 ⊙ [z1 > 0]",
                  "dW1 = xᵀ dz1"]:
        assert label in texts
    assert [t for t in texts if t in ("matmul", "+ b1", "relu", "+ b2",
                                      "softmax", "cross-entropy", "mean")] \
        == ["matmul", "+ b1", "relu", "matmul", "+ b2", "softmax",
            "cross-entropy", "mean"]


def test_forward_labels_are_blue_and_gradients_vermillion():
    fig = draw_computation_graph(two_layer_network())
    colours = {t.get_text(): t.get_color() for t in fig.axes[0].texts}
    assert colours["a1: (N, 512)"] == FORWARD_COLOUR
    assert colours["da1 = dz2 W2ᵀ"] == BACKWARD_COLOUR
    assert colours["dW1 = xᵀ dz1"] == BACKWARD_COLOUR
    assert colours["relu"] == "black"


def test_one_backward_arrow_per_gradient():
    fig = draw_computation_graph(two_layer_network())
    arrows = [p for p in fig.axes[0].patches
              if isinstance(p, FancyArrowPatch)]
    backward = [a for a in arrows
                if a.get_edgecolor()[:3] == to_rgb(
                    BACKWARD_COLOUR)]
    gradients = sum(bool(op.get("gradient")) +
                    bool(op.get("parameter_gradient"))
                    for op in two_layer_network())
    assert len(backward) == gradients == 12


def collisions(fig):
    """Pairs of things drawn on top of each other: two labels, a label and
    an arrow, or a label and a box other than the one it names. Each is
    described by its text (or "arrow", "box")."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [(t.get_text(), t.get_window_extent(renderer))
              for t in ax.texts]
    legend = ax.get_legend()
    if legend is not None:
        labels.append(("legend", legend.get_window_extent(renderer)))
    arrows = [p.get_window_extent(renderer) for p in ax.patches
              if isinstance(p, FancyArrowPatch)]
    boxes = [p.get_window_extent(renderer) for p in ax.patches
             if isinstance(p, FancyBboxPatch)]
    found = []
    for (a, box_a), (b, box_b) in itertools.combinations(labels, 2):
        if box_a.overlaps(box_b):
            found.append((a, b))
    for text, extent in labels:
        found += [(text, "arrow") for arrow in arrows
                  if extent.overlaps(arrow)]
        inside = [box for box in boxes if box.contains(*extent.p0)
                  and box.contains(*extent.p1)]
        found += [(text, "box") for box in boxes
                  if extent.overlaps(box) and box not in inside]
    return found


@pytest.mark.parametrize("operations", CHAINS, ids=CHAIN_NAMES)
def test_no_label_collides_with_another_or_with_a_line(operations):
    fig = draw_computation_graph(operations, title="A computation graph")
    assert collisions(fig) == []


def test_the_collision_check_finds_a_label_on_a_line():
    """The check above is not vacuous: a label moved onto an arrow, and a
    label on another label, are found."""
    fig = draw_computation_graph(two_layer_network())
    ax = fig.axes[0]
    ax.text(FORWARD_X, -0.5, "on the arrow")  # the first forward arrow
    ax.text(1, -0.5, "twice")
    ax.text(1, -0.5, "twice")
    found = collisions(fig)
    assert ("on the arrow", "arrow") in found
    assert ("twice", "twice") in found


def test_format_shape():
    assert _format_shape(("N", 784)) == "(N, 784)"
    assert _format_shape((10,)) == "(10,)"
    assert _format_shape(()) == "()"
    assert _format_shape("(N, 10)") == "(N, 10)"


@pytest.mark.parametrize("operations, error, message", [
    ({"operation": "relu"}, TypeError, "list of dicts"),
    ([], ValueError, "empty"),
    (["relu"], TypeError, "operation 0 must be a dict"),
    ([{"operation": "relu", "shape": (3,)}], ValueError,
     r"has no \['output'\]"),
    ([{"operation": "relu", "output": "a", "shape": (3,), "grad": "da"}],
     ValueError, r"unknown keys \['grad'\]"),
    ([{"operation": "matmul", "output": "a", "shape": (3,),
       "parameter": "W"}], ValueError, "both 'parameter' and"),
    ([{"operation": "sum", "output": "s", "shape": (),
       "parameter_gradient": "dW"}], ValueError, "no 'parameter'"),
    ([{"operation": "relu", "output": "a", "shape": [3]}], TypeError,
     "a shape must be a tuple"),
    ([{"operation": "relu", "output": "a", "shape": (3.5,)}], TypeError,
     "a shape must be a tuple"),
    ([{"operation": "relu", "output": 1, "shape": (3,)}], TypeError,
     "'output' must be a string"),
])
def test_bad_input_gets_a_clear_error(operations, error, message):
    with pytest.raises(error, match=message):
        draw_computation_graph(operations)


def graph_alt_text(path):
    """The alt text of the figure cell that draws the computation graph."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"
             and "draw_computation_graph(" in c.source]
    assert len(cells) == 1, f"{path.name}: one cell draws the graph"
    return cells[0].metadata["mystnb"]["image"]["alt"]


def test_chapter_6_alt_text_lists_the_nodes_and_shapes():
    page = "06_training_step.ipynb"
    english = graph_alt_text(ROOT / "book" / page)
    chinese = graph_alt_text(ZH_ROOT / page)
    for operation in two_layer_network():
        assert _format_shape(operation["shape"]) in english
        assert _format_shape(operation["shape"]) in chinese
        assert operation["operation"] in english
        if "parameter_shape" in operation:
            assert _format_shape(operation["parameter_shape"]) in english
            assert _format_shape(operation["parameter_shape"]) in chinese


def test_chapter_13_alt_text_quotes_the_figure():
    """The alt text of chapter 13's figure quotes every shape and every
    step of the backward pass that the figure shows, in both editions."""
    page = "13_gradient_tape.ipynb"
    for path in (ROOT / "book" / page, ZH_ROOT / page):
        alt = graph_alt_text(path)
        for operation in article_tape_operations():
            assert operation["operation"] in alt
            assert _format_shape(operation["shape"]) in alt, path
            for key in ("gradient", "parameter_gradient"):
                if key in operation:
                    assert operation[key] in alt, (path, operation[key])
            if "parameter" in operation:
                assert (f"{operation['parameter']}: "
                        f"{_format_shape(operation['parameter_shape'])}"
                        in alt), path


def test_the_figure_is_opaque_white_like_the_other_figures():
    """The site shows figures on a light card in dark mode: an opaque white
    background with dark text and colours reads the same in both modes."""
    fig = draw_computation_graph(two_layer_network())
    assert tuple(fig.get_facecolor()) == (1.0, 1.0, 1.0, 1.0)
    for colour in (FORWARD_COLOUR, BACKWARD_COLOUR):
        red, green, blue = to_rgb(colour)
        assert 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5
