"""Pictures for the chapters: digits, loss curves, confusion matrices.

Used from chapter 1 on; ``plot_loss`` appears in chapter 7 and
``plot_confusion_matrix`` in chapter 8.
"""

import math

import matplotlib.pyplot as plt
import numpy as np


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


def plot_loss(losses, batches_per_epoch=None, title="Training loss"):
    """Plot the loss of every batch; with ``batches_per_epoch``, also the
    mean loss of each epoch. Returns the matplotlib figure.
    Used in chapter 7, *The training loop*."""
    losses = np.asarray(losses, dtype=float)
    if losses.size == 0:
        raise ValueError("plot_loss needs at least one loss value.")
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(np.arange(len(losses)), losses, lw=0.8, alpha=0.6,
            label="loss of each batch")
    if batches_per_epoch:
        epochs = math.ceil(len(losses) / batches_per_epoch)
        means = [losses[e * batches_per_epoch:(e + 1) * batches_per_epoch]
                 .mean() for e in range(epochs)]
        ends = [min((e + 1) * batches_per_epoch, len(losses)) - 1
                for e in range(epochs)]
        ax.plot(ends, means, "o-", label="mean loss of each epoch")
    ax.set_xlabel("training step (batch)")
    ax.set_ylabel("average cross-entropy loss")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    return fig


def plot_confusion_matrix(matrix, title="Confusion matrix"):
    """Show a confusion matrix with its counts. Returns the figure.
    Used in chapter 8, *Evaluating the model*."""
    matrix = np.asarray(matrix)
    num_classes = len(matrix)
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.imshow(matrix, cmap="Blues")
    for true in range(num_classes):
        for pred in range(num_classes):
            count = matrix[true, pred]
            color = "white" if count > matrix.max() / 2 else "black"
            ax.text(pred, true, str(count), ha="center", va="center",
                    fontsize=7, color=color)
    ax.set_xticks(range(num_classes))
    ax.set_yticks(range(num_classes))
    ax.set_xlabel("predicted label")
    ax.set_ylabel("true label")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_accuracy_curves(panels, title=None):
    """Test accuracy after each epoch, one line per run, side by side
    panels. ``panels`` maps a panel title to ``{run label: accuracies}``,
    one accuracy per epoch. Returns the matplotlib figure.
    Used in chapter 12, *The accuracy gap*."""
    if not panels or not all(panels.values()):
        raise ValueError("plot_accuracy_curves needs at least one panel, "
                         "each with at least one run: {title: {label: "
                         "[accuracy after epoch 1, ...]}}.")
    markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 3.8),
                             squeeze=False)
    for ax, (panel_title, runs) in zip(axes[0], panels.items()):
        for number, (label, accuracies) in enumerate(runs.items()):
            epochs = np.arange(1, len(accuracies) + 1)
            ax.plot(epochs, accuracies, marker=markers[number % 8],
                    color=f"C{number % 10}", label=label)
        ax.set_xticks(epochs)
        ax.set_xlabel("epoch")
        ax.set_ylabel("test accuracy")
        ax.set_title(panel_title)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
