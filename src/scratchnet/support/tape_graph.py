"""The graph a tape recorded, as plain data and as a figure.

``tape_operations`` turns a tape's records (chapter 13) into plain data:
one dict per operation, in the order of the forward pass, with the shape
of its output, its inputs and the gradient each input gets back.
``plot_tape_graph`` draws that data: the forward pass from left to right,
and the order in which the backward pass visits the operations.
"""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

FORWARD, BACKWARD, NO_GRADIENT = "#333333", "#c0392b", "#888888"


def tape_operations(tape, names):
    """The records of ``tape`` as plain data, one dict per operation::

        {"op": "matmul", "shape": (128, 512), "backward_step": 7,
         "inputs": [{"name": "images", "shape": (128, 784),
                     "from": None, "gradient": None},
                    {"name": "W1", "shape": (784, 512),
                     "from": None, "gradient": (784, 512)}]}

    ``names`` maps a name to each array that no operation computed (the
    images, the weights); other inputs get the name None. An input
    computed by an earlier operation has that operation's index in
    ``"from"``. ``"gradient"`` is the shape of
    the gradient the backward pass sends to the input, or None when the
    tape does not trace it. ``"backward_step"`` counts from the last
    operation, which the backward pass visits first. Call it before
    ``tape.gradient``, which lets go of the records of a tape that is not
    persistent. Used in chapter 13.
    """
    if not tape.records:
        raise ValueError("The tape holds no records: draw it before calling "
                         "tape.gradient(), or make it with persistent=True.")
    by_id = {id(array): name for name, array in names.items()}
    producer = {id(r.output): i for i, r in enumerate(tape.records)}
    operations = []
    for i, record in enumerate(tape.records):
        inputs = [{"name": by_id.get(id(x)), "shape": x.shape,
                   "from": producer.get(id(x)),
                   "gradient": x.shape if id(x) in tape.traced else None}
                  for x in record.inputs]
        operations.append({"op": record.name, "shape": record.output.shape,
                           "backward_step": len(tape.records) - i,
                           "inputs": inputs})
    return operations


def _box(ax, x, y, text, colour, width=1.15, height=0.5, dashed=False):
    ax.add_patch(FancyBboxPatch(
        (x - width / 2, y - height / 2), width, height,
        boxstyle="round,pad=0.02", facecolor="white", edgecolor=colour,
        linewidth=1.3, linestyle="--" if dashed else "-"))
    ax.text(x, y, text, ha="center", va="center", fontsize=8.5,
            color=colour)


def plot_tape_graph(operations, title=None, spacing=1.9):
    """Draw the operations of ``tape_operations``: one box per operation,
    left to right in the order of the forward pass, with the shape of each
    value on its arrow, the arrays no operation computed above their
    operation (red when the backward pass sends them a gradient, grey and
    dashed when it does not), and the step at which the backward pass
    visits each operation below it. Returns the matplotlib figure.
    Used in chapter 13.
    """
    if not operations:
        raise ValueError("plot_tape_graph needs at least one operation.")
    n = len(operations)
    left = -0.9
    fig, ax = plt.subplots(figsize=(1.6 * (n + 1), 3.6))
    for i, operation in enumerate(operations):
        x = i * spacing
        _box(ax, x, 0, operation["op"].replace("_", "\n", 1), FORWARD)
        leaves = [item for item in operation["inputs"]
                  if item["from"] is None]
        for k, leaf in enumerate(leaves):
            lx = x + (k - (len(leaves) - 1) / 2) * 0.95
            left = min(left, lx - 0.5)
            traced = leaf["gradient"] is not None
            colour = BACKWARD if traced else NO_GRADIENT
            _box(ax, lx, 1.25, f"{leaf['name']}\n{leaf['shape']}", colour,
                 width=0.85, height=0.55, dashed=not traced)
            ax.annotate("", (x, 0.27), (lx, 0.97),
                        arrowprops={"arrowstyle": "->", "color": FORWARD})
        for item in operation["inputs"]:
            if item["from"] is None:
                continue
            start = item["from"] * spacing
            bend = 0 if item["from"] == i - 1 else -0.5
            ax.annotate("", (x - 0.6, 0), (start + 0.6, 0), arrowprops={
                "arrowstyle": "->", "color": FORWARD,
                "connectionstyle": f"arc3,rad={bend}"})
            ax.text((start + x) / 2, 0.1, str(item["shape"]), ha="center",
                    va="bottom", fontsize=7.5, color=FORWARD)
        ax.text(x, -0.62, str(operation["backward_step"]), ha="center",
                va="center", fontsize=9, color="white",
                bbox={"boxstyle": "circle", "facecolor": BACKWARD,
                      "edgecolor": BACKWARD})
    last = (n - 1) * spacing
    ax.annotate("", (last + 1.15, 0), (last + 0.6, 0),
                arrowprops={"arrowstyle": "->", "color": FORWARD})
    ax.text(last + 1.2, 0, f"loss\n{operations[-1]['shape']}", ha="left",
            va="center", fontsize=8.5, color=FORWARD)
    ax.annotate("", (-0.3, -0.98), (last + 0.3, -0.98), arrowprops={
        "arrowstyle": "->", "color": BACKWARD, "linestyle": "--"})
    ax.text(last / 2, -1.2, "backward pass: the operations in reverse, "
            "numbered in the order it visits them", ha="center", va="top",
            fontsize=8.5, color=BACKWARD)
    ax.text(last / 2, -1.45, "red boxes get a gradient back; a grey dashed "
            "box is not traced and gets none", ha="center", va="top",
            fontsize=8.5, color=NO_GRADIENT)
    ax.set_xlim(left, last + 1.9)
    ax.set_ylim(-1.75, 1.7)
    ax.axis("off")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
