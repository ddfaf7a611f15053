"""A computation graph as a figure: the forward pass down the middle, the
backward pass up beside it.

The input is plain data: a list of operations in the order the forward
pass runs them, each a dict with

- ``"operation"``: what the box says (``"matmul"``, ``"relu"``);
- ``"output"``: the name of the tensor it produces (``"a1"``);
- ``"shape"``: that tensor's shape, a tuple such as ``("N", 512)`` or a
  string;
- ``"gradient"`` (optional): what the backward arrow into that tensor
  carries (``"da1 = dz2 W2ᵀ"``); leave it out where no gradient is needed;
- ``"parameter"``, ``"parameter_shape"`` (optional): a second input that
  comes from the side, such as a weight ``"W1"`` of shape ``(784, 512)``;
- ``"parameter_gradient"`` (optional): the gradient the backward pass
  delivers to that parameter (``"dW1 = xᵀ dz1"``).

Each operation takes the previous one's output, so the graph is a chain;
the last output (the loss) ends it. Any chain can be drawn this way:
chapter 6 draws the article's network (``two_layer_network``), chapter 13
the records of its gradient tape (``tape_graph.tape_operations``).
"""

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

# Okabe-Ito colours, told apart with colour blindness; both dark enough
# for the light card the site puts figures on in dark mode.
FORWARD_COLOUR = "#0072B2"   # blue: tensors and shapes, going down
BACKWARD_COLOUR = "#D55E00"  # vermillion: gradients, going up
REQUIRED_KEYS = ("operation", "output", "shape")
OPTIONAL_KEYS = ("gradient", "parameter", "parameter_shape",
                 "parameter_gradient")

# Layout, in data units: one row per box, 1 unit apart.
BOX_CENTRE, BOX_WIDTH, BOX_HEIGHT = 6.0, 2.4, 0.5
FORWARD_X, BACKWARD_X = 5.7, 6.3  # the two arrows between boxes
ROW_INCHES = 0.8


def two_layer_network():
    """The article's 784-512-10 network on a batch of N images, as a list
    of operations for ``draw_computation_graph``: the shape of every
    tensor, and the gradient the backward pass carries along every edge.
    Used in chapter 6, *One training step*."""
    return [
        {"operation": "input", "output": "x", "shape": ("N", 784)},
        {"operation": "matmul", "output": "x W1", "shape": ("N", 512),
         "gradient": "dz1 (the addition passes it on)",
         "parameter": "W1", "parameter_shape": (784, 512),
         "parameter_gradient": "dW1 = xᵀ dz1"},
        {"operation": "+ b1", "output": "z1", "shape": ("N", 512),
         "gradient": "dz1 = da1 ⊙ [z1 > 0]",
         "parameter": "b1", "parameter_shape": (512,),
         "parameter_gradient": "db1 = Σₙ dz1"},
        {"operation": "relu", "output": "a1", "shape": ("N", 512),
         "gradient": "da1 = dz2 W2ᵀ"},
        {"operation": "matmul", "output": "a1 W2", "shape": ("N", 10),
         "gradient": "dz2 (the addition passes it on)",
         "parameter": "W2", "parameter_shape": (512, 10),
         "parameter_gradient": "dW2 = a1ᵀ dz2"},
        {"operation": "+ b2", "output": "z2 (logits)", "shape": ("N", 10),
         "gradient": "dz2 = (p − onehot(y)) / N",
         "parameter": "b2", "parameter_shape": (10,),
         "parameter_gradient": "db2 = Σₙ dz2"},
        {"operation": "softmax", "output": "p", "shape": ("N", 10),
         "gradient": "dp = −onehot(y) / (N p)"},
        {"operation": "cross-entropy", "output": "losses", "shape": ("N",),
         "gradient": "1/N for each image",
         "parameter": "labels y", "parameter_shape": ("N",)},
        {"operation": "mean", "output": "L", "shape": (),
         "gradient": "1: where the backward pass starts"},
    ]


def _format_shape(shape):
    """``("N", 784)`` -> ``"(N, 784)"``; ``(10,)`` -> ``"(10,)"``; a string
    stays as it is."""
    if isinstance(shape, str):
        return shape
    if isinstance(shape, tuple) and all(
            isinstance(size, (int, str)) for size in shape):
        if len(shape) == 1:
            return f"({shape[0]},)"
        return "(" + ", ".join(str(size) for size in shape) + ")"
    raise TypeError(
        f"a shape must be a tuple of sizes, such as ('N', 784), or a "
        f"string, not {shape!r}.")


def _check_operations(operations):
    """Raise a ``TypeError`` or ``ValueError`` that names the problem if
    ``operations`` is not a list of operations ``draw_computation_graph``
    can draw (see the module's docstring)."""
    if not isinstance(operations, (list, tuple)):
        raise TypeError(
            "operations must be a list of dicts, one per operation in the "
            f"order the forward pass runs them, not {type(operations)}.")
    if not operations:
        raise ValueError("operations is empty: give at least one "
                         "operation, such as {'operation': 'input', "
                         "'output': 'x', 'shape': ('N', 784)}.")
    for number, operation in enumerate(operations):
        if not isinstance(operation, dict):
            raise TypeError(f"operation {number} must be a dict, not "
                            f"{type(operation)}.")
        missing = [key for key in REQUIRED_KEYS if key not in operation]
        if missing:
            raise ValueError(
                f"operation {number} ({operation.get('operation', '?')}) "
                f"has no {missing}: every operation needs "
                f"{list(REQUIRED_KEYS)}.")
        unknown = sorted(set(operation) - set(REQUIRED_KEYS)
                         - set(OPTIONAL_KEYS))
        if unknown:
            raise ValueError(
                f"operation {number} ({operation['operation']}) has unknown "
                f"keys {unknown}: the keys are {list(REQUIRED_KEYS)} and, "
                f"optionally, {list(OPTIONAL_KEYS)}.")
        if ("parameter" in operation) != ("parameter_shape" in operation):
            raise ValueError(
                f"operation {number} ({operation['operation']}) needs both "
                "'parameter' and 'parameter_shape', or neither.")
        if ("parameter_gradient" in operation
                and "parameter" not in operation):
            raise ValueError(
                f"operation {number} ({operation['operation']}) has a "
                "'parameter_gradient' but no 'parameter' to deliver it to.")
        for key in ("operation", "output", "gradient", "parameter",
                    "parameter_gradient"):
            if key in operation and not isinstance(operation[key], str):
                raise TypeError(
                    f"operation {number}: {key!r} must be a string, not "
                    f"{operation[key]!r}.")
        _format_shape(operation["shape"])
        if "parameter_shape" in operation:
            _format_shape(operation["parameter_shape"])


def draw_computation_graph(operations, title=None):
    """Draw a chain of operations top to bottom, one box each. Between two
    boxes, a blue arrow goes down with the tensor's name and shape (left),
    and a vermillion arrow goes up with the gradient it carries back
    (right). A parameter enters its box from the left with its shape; its
    gradient leaves to the right. The last output ends the chain in a box
    of its own. Returns the matplotlib figure.
    Used in chapters 6 and 13: the article's network, and the graph a tape
    recorded (``tape_graph.tape_operations``)."""
    _check_operations(operations)
    rows = len(operations) + 1
    fig, ax = plt.subplots(figsize=(8.5, ROW_INCHES * rows + 0.8))
    ax.set_xlim(1.5, 11.7)
    ax.set_ylim(-(rows - 1) - 0.45, 1.0)
    ax.axis("off")
    for row, operation in enumerate(operations):
        _draw_box(ax, row, operation["operation"])
        if "parameter" in operation:
            _draw_parameter(ax, row, operation)
        _draw_edge(ax, row, operation)
    _draw_box(ax, rows - 1, operations[-1]["output"])
    handles = [Line2D([], [], color=FORWARD_COLOUR, lw=2,
                      label="forward: tensor and its shape"),
               Line2D([], [], color=BACKWARD_COLOUR, lw=2,
                      label="backward: the gradient it carries")]
    ax.legend(handles=handles, loc="upper right", fontsize=9,
              frameon=False)
    if title:
        ax.set_title(title, loc="left")
    fig.tight_layout()
    return fig


def _draw_box(ax, row, text):
    ax.add_patch(FancyBboxPatch(
        (BOX_CENTRE - BOX_WIDTH / 2, -row - BOX_HEIGHT / 2), BOX_WIDTH,
        BOX_HEIGHT, boxstyle="round,pad=0,rounding_size=0.12",
        facecolor="#f2f2f2", edgecolor="#333333", lw=1.2))
    ax.text(BOX_CENTRE, -row, text, ha="center", va="center", fontsize=11,
            color="black")


def _arrow(ax, start, end, colour):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>",
                                 mutation_scale=12, color=colour, lw=1.4,
                                 shrinkA=0, shrinkB=0))


def _draw_edge(ax, row, operation):
    """The arrows from box ``row`` to the next one, with their labels."""
    top, bottom = -row - BOX_HEIGHT / 2, -row - 1 + BOX_HEIGHT / 2
    middle = (top + bottom) / 2
    _arrow(ax, (FORWARD_X, top), (FORWARD_X, bottom), FORWARD_COLOUR)
    ax.text(FORWARD_X - 0.15, middle,
            f"{operation['output']}: {_format_shape(operation['shape'])}",
            ha="right", va="center", fontsize=9.5, color=FORWARD_COLOUR)
    if operation.get("gradient"):
        _arrow(ax, (BACKWARD_X, bottom), (BACKWARD_X, top), BACKWARD_COLOUR)
        ax.text(BACKWARD_X + 0.15, middle, operation["gradient"],
                ha="left", va="center", fontsize=9.5, color=BACKWARD_COLOUR)


def _draw_parameter(ax, row, operation):
    """A parameter entering box ``row`` from the left; its gradient, if
    given, leaving to the right."""
    left = BOX_CENTRE - BOX_WIDTH / 2
    right = BOX_CENTRE + BOX_WIDTH / 2
    _arrow(ax, (left - 0.45, -row), (left, -row), FORWARD_COLOUR)
    ax.text(left - 0.55, -row,
            f"{operation['parameter']}: "
            f"{_format_shape(operation['parameter_shape'])}",
            ha="right", va="center", fontsize=9.5, color=FORWARD_COLOUR)
    if operation.get("parameter_gradient"):
        _arrow(ax, (right, -row), (right + 0.45, -row), BACKWARD_COLOUR)
        ax.text(right + 0.55, -row, operation["parameter_gradient"],
                ha="left", va="center", fontsize=9.5, color=BACKWARD_COLOUR)
