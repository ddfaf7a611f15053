"""Pictures for the chapters: digits, loss curves, confusion matrices.

Used from chapter 1 on; ``plot_loss`` appears in chapter 7 and
``plot_confusion_matrix`` in chapter 8.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator


def plot_digits(images, labels, predicted_labels=None, ncols=8, title=None):
    """Show images in a grid, each titled with its label.

    With ``predicted_labels``, each title reads ``label -> predicted`` and
    wrong predictions are drawn in red. Images may be ``(n, 28, 28)`` or
    prepared ``(n, 784)``. Returns the matplotlib figure.
    Used in chapters 1, 2, 5 and 8.
    """
    images = np.asarray(images)
    if len(images) == 0:
        raise ValueError("plot_digits needs at least one image.")
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels.")
    images = images.reshape((len(images), 28, 28))
    ncols = min(ncols, len(images))
    nrows = math.ceil(len(images) / ncols)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(1.2 * ncols, 1.4 * nrows))
    for ax in axes.flat:
        ax.axis("off")
    for i, ax in enumerate(axes.flat[:len(images)]):
        ax.imshow(images[i], cmap="binary")
        if predicted_labels is None:
            ax.set_title(str(labels[i]), fontsize=10)
        else:
            wrong = predicted_labels[i] != labels[i]
            ax.set_title(f"{labels[i]} -> {predicted_labels[i]}",
                         fontsize=10, color="red" if wrong else "black")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_loss(losses, batches_per_epoch=None, title="Training loss",
              ymax=None):
    """Plot the loss of every batch, with a dashed line at ln 10 = 2.30, the
    loss of a model that gives every digit a probability of 0.1.

    With ``batches_per_epoch``, also the mean loss of each epoch, drawn at
    the middle of its epoch. With ``ymax``, the y-axis stops there, so that
    a few high first losses do not squash the rest of the curve; the axis
    label then says so. Returns the matplotlib figure.
    Used in chapters 6 and 7.
    """
    losses = np.asarray(losses, dtype=float)
    if losses.size == 0:
        raise ValueError("plot_loss needs at least one loss value.")
    if ymax is not None and ymax <= 0:
        raise ValueError(f"ymax must be above 0, not {ymax}: losses are "
                         "never negative.")
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(np.arange(len(losses)), losses, lw=0.8, alpha=0.6,
            label="loss of each batch")
    if batches_per_epoch:
        epochs = math.ceil(len(losses) / batches_per_epoch)
        means, middles = [], []
        for e in range(epochs):
            first = e * batches_per_epoch
            last = min(first + batches_per_epoch, len(losses)) - 1
            means.append(losses[first:last + 1].mean())
            middles.append((first + last) / 2)
        ax.plot(middles, means, "o-", label="mean loss of each epoch")
    ax.axhline(math.log(10), color="gray", ls="--", lw=1,
               label="ln 10 = 2.30: probability 0.1 for every digit")
    ax.set_xlabel("training step (batch)")
    ylabel = "average cross-entropy loss"
    if ymax is not None:
        ax.set_ylim(0, ymax)
        hidden = int((losses > ymax).sum())
        if hidden:
            ylabel += f"\n(cut at {ymax:g}: {hidden} higher values)"
    else:
        ax.set_ylim(bottom=0)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    return fig


def plot_confusion_matrix(matrix, title="Confusion matrix"):
    """Show a confusion matrix with its counts and a colour bar.

    Each count is written in black or in white, whichever contrasts more
    with the colour of its cell, so that every count stays legible.
    Returns the matplotlib figure.
    Used in chapter 8, *Evaluating the model*."""
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] \
            or matrix.size == 0:
        raise ValueError("plot_confusion_matrix needs a square matrix of "
                         f"counts, not an array of shape {matrix.shape}.")
    num_classes = len(matrix)
    fig, ax = plt.subplots(figsize=(7, 6))
    image = ax.imshow(matrix, cmap="Blues")
    colorbar = fig.colorbar(image, ax=ax)
    colorbar.set_label("number of test images")
    for true in range(num_classes):
        for pred in range(num_classes):
            count = matrix[true, pred]
            cell_colour = image.cmap(image.norm(count))
            ax.text(pred, true, str(count), ha="center", va="center",
                    fontsize=10, color=_legible_text_colour(cell_colour))
    ax.set_xticks(range(num_classes))
    ax.set_yticks(range(num_classes))
    ax.set_xlabel("predicted label")
    ax.set_ylabel("true label")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_weight_images(weights_before, weights_after, units=range(8),
                       title=None):
    """Show first-layer weights as 28x28 images, one column per unit.

    ``weights_before`` and ``weights_after`` are ``(784, units)`` kernels,
    such as ``W1`` before and after training. Three rows: the weights
    before, after (both in grey, on one scale: darker is larger), and the
    change (red where the weight grew, blue where it shrank, white where it
    did not move). Returns the matplotlib figure.
    Used in chapter 7.
    """
    before = np.asarray(weights_before, dtype=float)
    after = np.asarray(weights_after, dtype=float)
    if before.shape != after.shape or before.ndim != 2 \
            or before.shape[0] != 784:
        raise ValueError(
            f"plot_weight_images needs two kernels of the same shape "
            f"(784, units), but got {before.shape} and {after.shape}. Pass "
            "the first layer's W, for example model.weights[0].numpy().")
    units = list(units)
    if not units or max(units) >= before.shape[1] or min(units) < 0:
        raise ValueError(f"units must be column numbers from 0 to "
                         f"{before.shape[1] - 1}, not {units}.")
    change = after - before
    low = min(before[:, units].min(), after[:, units].min())
    high = max(before[:, units].max(), after[:, units].max())
    fig, axes = plt.subplots(3, len(units), squeeze=False,
                             figsize=(1.2 * len(units) + 1.2, 4.2))
    rows = [("before", before, "gray_r"), ("after", after, "gray_r"),
            ("change", change, "RdBu_r")]
    for row, (name, weights, cmap) in enumerate(rows):
        for column, unit in enumerate(units):
            ax = axes[row, column]
            image = weights[:, unit].reshape(28, 28)
            if name == "change":
                limit = np.abs(change[:, units]).max() or 1.0
                ax.imshow(image, cmap=cmap, vmin=-limit, vmax=limit)
            else:
                ax.imshow(image, cmap=cmap, vmin=low, vmax=high)
            ax.set_xticks([])
            ax.set_yticks([])
            if row == 0:
                ax.set_title(f"unit {unit}", fontsize=9)
        axes[row, 0].set_ylabel(name)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _relative_luminance(colour):
    """WCAG's relative luminance of an RGB(A) colour with values in [0, 1]."""
    channels = np.asarray(colour[:3], dtype=float)
    linear = np.where(channels <= 0.04045, channels / 12.92,
                      ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def _legible_text_colour(background):
    """"black" or "white": the one with more contrast on ``background``."""
    luminance = _relative_luminance(background)
    on_black = (luminance + 0.05) / 0.05
    on_white = 1.05 / (luminance + 0.05)
    return "black" if on_black >= on_white else "white"


def plot_step_size_errors(steps, errors, title="Finite differences"):
    """Plot the error of a finite difference against its step ``h``, on
    log-log axes, one line per entry of ``errors`` (a dict such as
    ``{"float32": [...], "float64": [...]}``). Returns the figure.
    Used in chapter 9, *Checking gradients*."""
    steps = np.asarray(steps, dtype=float)
    if steps.size == 0:
        raise ValueError("plot_step_size_errors needs at least one step h.")
    fig, ax = plt.subplots(figsize=(6, 3.8))
    for label, values in errors.items():
        if len(values) != len(steps):
            raise ValueError(f"{len(values)} errors for {label!r} but "
                             f"{len(steps)} steps: give one error per step.")
        ax.loglog(steps, values, "o-", label=label)
    ax.invert_xaxis()  # smaller steps to the right
    ax.set_xlabel("step h (smaller to the right)")
    ax.set_ylabel("relative error of the estimate")
    ax.set_title(title)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig


def _label_above(ax, x, y, text):
    """Write ``text`` just above the point (x, y), on a white patch, so that
    no line drawn through it makes it hard to read."""
    ax.annotate(text, (x, y), textcoords="offset points", xytext=(0, 4),
                ha="center", va="bottom", fontsize=9, zorder=5,
                bbox=dict(facecolor="white", edgecolor="none", pad=1))


def plot_epoch_times(seconds, yardstick):
    """Horizontal bars of seconds per epoch, one per way of training
    (``seconds`` maps a name to its time), below a grey bar for the
    yardstick: the epoch's matrix products at the machine's best matrix
    speed. Each bar is labelled with its time. Returns the figure.
    Used in chapter 11, *Speed*."""
    if not seconds:
        raise ValueError("plot_epoch_times needs at least one time: "
                         "{name: seconds per epoch}.")
    names = ["yardstick: the products alone"] + list(seconds)
    values = [yardstick] + list(seconds.values())
    colors = ["tab:gray"] + ["tab:orange" if "Keras" in name
                             else "tab:blue" for name in seconds]
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(names) + 1.2))
    ax.barh(names, values, color=colors)
    for y, value in enumerate(values):
        ax.text(value, y, f" {value:.1f} s", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.15 * max(values))
    ax.set_xlabel("seconds per epoch (shorter is faster)")
    ax.set_title("One epoch at batch 128, on this machine")
    fig.tight_layout()
    return fig


def plot_batch_sweep(batch_sizes, seconds, accuracies, epochs,
                     yardstick=None):
    """Two panels for a batch-size sweep: seconds per epoch (bars, each
    labelled), with the ``yardstick`` as a dashed line if given, and test
    accuracy after ``epochs`` epochs. Returns the figure.
    Used in chapter 11, *Speed*."""
    sizes = [len(batch_sizes), len(seconds), len(accuracies)]
    if min(sizes) == 0 or len(set(sizes)) != 1:
        raise ValueError("plot_batch_sweep needs one time and one accuracy "
                         "per batch size, and at least one batch size; got "
                         f"lengths {sizes}.")
    positions = np.arange(len(batch_sizes))
    labels = [str(size) for size in batch_sizes]
    fig, (ax_time, ax_accuracy) = plt.subplots(1, 2, figsize=(9, 4))
    ax_time.bar(positions, seconds, color="tab:blue",
                label="training (compiled epoch)")
    for x, value in zip(positions, seconds):
        _label_above(ax_time, x, value, f"{value:.1f} s")
    if yardstick is not None:
        ax_time.axhline(yardstick, color="black", linestyle="--",
                        linewidth=1, label="yardstick: the products alone")
    ax_time.set_ylim(0, 1.2 * max(max(seconds), yardstick or 0))
    ax_time.set_xticks(positions, labels)
    ax_time.set_xlabel("batch size")
    ax_time.set_ylabel("seconds per epoch")
    ax_time.set_title("Time per epoch")
    ax_time.legend(fontsize=8, loc="upper center", ncol=2, frameon=False,
                   bbox_to_anchor=(0.5, -0.18))
    ax_accuracy.plot(positions, accuracies, "o-", color="tab:orange")
    for x, value in zip(positions, accuracies):
        _label_above(ax_accuracy, x, value, f"{value:.2f}")
    ax_accuracy.set_xticks(positions, labels)
    ax_accuracy.set_ylim(0, 1)
    ax_accuracy.set_xlabel("batch size")
    ax_accuracy.set_ylabel("test accuracy")
    epoch_word = "epoch" if epochs == 1 else "epochs"
    ax_accuracy.set_title(f"Test accuracy after {epochs} {epoch_word}")
    fig.tight_layout()
    return fig


def plot_accuracy_curves(panels, title=None, ylabel="validation accuracy"):
    """Accuracy after each epoch, one line per run, in side by side panels.

    ``panels`` maps a panel title to ``{run label: accuracies}``, one
    accuracy per epoch; ``ylabel`` says what was measured on which images.
    Each panel's legend sits below it, off the data. Returns the matplotlib
    figure. Used in chapter 12, *The accuracy gap*.
    """
    if not panels or not all(panels.values()):
        raise ValueError("plot_accuracy_curves needs at least one panel, "
                         "each with at least one run: {title: {label: "
                         "[accuracy after epoch 1, ...]}}.")
    markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 4.6),
                             squeeze=False)
    for ax, (panel_title, runs) in zip(axes[0], panels.items()):
        longest = max(len(accuracies) for accuracies in runs.values())
        for number, (label, accuracies) in enumerate(runs.items()):
            epochs = np.arange(1, len(accuracies) + 1)
            ax.plot(epochs, accuracies, marker=markers[number % 8],
                    color=f"C{number % 10}", label=label)
        ax.set_xticks(np.arange(1, longest + 1))
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
        ax.set_title(panel_title)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper center", ncol=2, frameon=False,
                  bbox_to_anchor=(0.5, -0.16))
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_training_runs(runs, quantity="loss", title=None):
    """Plot one line per run of training steps: ``runs`` maps a run's label
    to one value per step, all over the same steps. ``quantity`` is
    ``"loss"`` (with the dashed ln 10 = 2.30 line of ``plot_loss``) or
    ``"gradient size"``. Each run has its own colour, marker and line
    style, so that the runs stay apart in print too. Returns the figure.
    Used in chapter 6, *One training step*."""
    labels = {"loss": "average cross-entropy loss",
              "gradient size": "gradient size (global norm)"}
    if quantity not in labels:
        raise ValueError(f"quantity must be one of {sorted(labels)}, not "
                         f"{quantity!r}.")
    lengths = {len(values) for values in runs.values()}
    if not runs or lengths == {0} or len(lengths) != 1:
        raise ValueError("plot_training_runs needs at least one run, each "
                         "with one value per step over the same steps; got "
                         f"lengths {[len(v) for v in runs.values()]}.")
    styles = [("o", "-"), ("s", "--"), ("^", ":"), ("D", "-.")]
    fig, ax = plt.subplots(figsize=(9, 3.5))
    for number, (label, values) in enumerate(runs.items()):
        marker, line = styles[number % len(styles)]
        ax.plot(np.arange(len(values)), values, marker=marker, ls=line,
                ms=4, color=f"C{number}", label=label)
    if quantity == "loss":
        ax.axhline(math.log(10), color="gray", ls="--", lw=1,
                   label="ln 10 = 2.30: probability 0.1 for every digit")
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("training step (batch)")
    ax.set_ylabel(labels[quantity])
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.tight_layout()
    return fig
