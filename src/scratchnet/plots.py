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


def plot_batch_sweep(batch_sizes, seconds, floor_seconds, accuracies,
                     epochs):
    """Two panels for a batch-size sweep: seconds per epoch (bars) with
    each batch size's floor (black marks), and test accuracy after
    ``epochs`` epochs. Returns the figure.
    Used in chapter 11, *Speed*."""
    sizes = [len(batch_sizes), len(seconds), len(floor_seconds),
             len(accuracies)]
    if min(sizes) == 0 or len(set(sizes)) != 1:
        raise ValueError("plot_batch_sweep needs one time, one floor and "
                         "one accuracy per batch size, and at least one "
                         f"batch size; got lengths {sizes}.")
    positions = np.arange(len(batch_sizes))
    labels = [str(size) for size in batch_sizes]
    fig, (ax_time, ax_accuracy) = plt.subplots(1, 2, figsize=(9, 4))
    ax_time.bar(positions, seconds, color="tab:blue",
                label="training (lean epoch)")
    ax_time.scatter(positions, floor_seconds, marker="_", s=900,
                    color="black", linewidths=3,
                    label="floor: the five products alone")
    ax_time.set_xticks(positions, labels)
    ax_time.set_xlabel("batch size")
    ax_time.set_ylabel("seconds per epoch")
    ax_time.set_title("Time per epoch")
    ax_time.legend(fontsize=8, loc="upper center", ncol=2, frameon=False,
                   bbox_to_anchor=(0.5, -0.2))
    ax_accuracy.plot(positions, accuracies, "o-", color="tab:orange")
    for x, value in zip(positions, accuracies):
        ax_accuracy.annotate(f"{value:.2f}", (x, value),
                             textcoords="offset points", xytext=(0, 6),
                             ha="center", fontsize=9)
    ax_accuracy.set_xticks(positions, labels)
    ax_accuracy.set_ylim(0, 1)
    ax_accuracy.set_xlabel("batch size")
    ax_accuracy.set_ylabel("test accuracy")
    ax_accuracy.set_title(f"Test accuracy after {epochs} epochs")
    fig.tight_layout()
    return fig
