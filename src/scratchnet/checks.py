"""Clear errors for bad input, before TensorFlow fails deep inside.

Each check raises ``ValueError`` or ``TypeError`` with a message that names
the problem and the fix. They are plain ``if`` statements, not ``assert``:
asserts vanish under ``python -O``. The chapters import them from here so
that their own code stays short.
"""

import numpy as np


def check_activation(activation):
    """A layer's activation must be a function such as ``tf.nn.relu``.

    Used by ``NaiveDense`` (chapter 3).
    """
    if not callable(activation):
        raise TypeError(
            f"activation must be a function such as tf.nn.relu or "
            f"tf.nn.softmax, not {activation!r}. Pass the function itself, "
            "without calling it and without quotes."
        )


def check_sizes(input_size, output_size):
    """Layer sizes must be positive whole numbers (chapter 3)."""
    for name, size in [("input_size", input_size),
                       ("output_size", output_size)]:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
            raise TypeError(f"{name} must be a whole number, not {size!r}.")
        if size < 1:
            raise ValueError(f"{name} must be at least 1, not {size}.")


def check_input_width(inputs, input_size):
    """Inputs must be ``(batch, input_size)``, as the layer expects.

    Used by ``NaiveDense`` (chapter 3).
    """
    shape = tuple(inputs.shape)
    if len(shape) != 2:
        raise ValueError(
            f"This layer expects inputs of shape (batch, {input_size}), but "
            f"got shape {shape}. Flatten each sample into one row first: "
            "prepare_images() does it for MNIST images."
        )
    if shape[-1] != input_size:
        raise ValueError(
            f"This layer expects inputs of shape (batch, {input_size}), but "
            f"got shape {shape}: {shape[-1]} values per sample instead of "
            f"{input_size}. Each layer's input_size must equal the number of "
            "values it receives: the input features for the first layer, "
            "the previous layer's output_size for the others."
        )


def check_same_length(images, labels):
    """Images and labels must pair up one to one (chapter 5)."""
    if len(images) != len(labels):
        raise ValueError(
            f"images and labels must have the same length, but there are "
            f"{len(images)} images and {len(labels)} labels. Pass the "
            "labels that belong to these images."
        )
    if len(images) == 0:
        raise ValueError(
            "images and labels are empty: there is nothing to train on. "
            "Check the slice or the file you loaded."
        )


def check_batch_size(batch_size):
    """A batch holds at least one sample (chapter 5)."""
    if isinstance(batch_size, bool) or not isinstance(
            batch_size, (int, np.integer)):
        raise TypeError(
            f"batch_size must be a whole number such as 128, "
            f"not {batch_size!r}."
        )
    if batch_size < 1:
        raise ValueError(
            f"batch_size must be at least 1, not {batch_size}. "
            "The original recipe uses 128."
        )


def check_labels(labels, num_classes):
    """Labels must be whole numbers from 0 to ``num_classes - 1``.

    Used where the loss needs them (chapters 6 and 7).
    """
    labels = np.asarray(labels)
    if labels.size == 0:
        raise ValueError("labels are empty: there is nothing to learn from.")
    if not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(
            f"labels must be whole numbers (class indices), not "
            f"{labels.dtype}. If you have one-hot labels, use "
            "labels.argmax(axis=1)."
        )
    low, high = labels.min(), labels.max()
    if low < 0 or high >= num_classes:
        raise ValueError(
            f"labels must be between 0 and {num_classes - 1}, but they range "
            f"from {low} to {high}. Check that these are the digit labels "
            "and that the model's last layer has one output per class."
        )


def check_images(images):
    """Raw MNIST images: a non-empty uint8 array of shape (n, 28, 28).

    Used by ``prepare_images`` (chapter 2).
    """
    if not isinstance(images, np.ndarray):
        raise TypeError(
            f"images must be a NumPy array, not {type(images).__name__}."
        )
    if images.dtype != np.uint8:
        raise TypeError(
            f"prepare_images expects the raw uint8 images from load_mnist(), "
            f"but got dtype {images.dtype}. If they are already prepared, "
            "do not prepare them twice."
        )
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(
            f"prepare_images expects images of shape (n, 28, 28) with n > 0, "
            f"but got shape {images.shape}."
        )


def check_finite_loss(loss, epoch, batch):
    """Stop training as soon as the loss is NaN or infinite (chapter 7)."""
    value = float(loss)
    if not np.isfinite(value):
        raise ValueError(
            f"The loss became {value} at epoch {epoch}, batch {batch}: "
            "training has diverged and the weights are now useless. Lower "
            "the learning rate, check that the images are scaled to [0, 1] "
            "with prepare_images(), and that the data holds no NaN values."
        )
