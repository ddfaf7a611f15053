"""Clear errors for bad input, before TensorFlow fails deep inside.

Each check raises ``ValueError`` or ``TypeError`` with a message that names
the problem and the fix. They are plain ``if`` statements, not ``assert``:
asserts vanish under ``python -O``. The chapters import them from here so
that their own code stays short.
"""

import numpy as np


def check_activation(activation):
    """A layer's activation must be a function such as ``tf.nn.relu``.

    Used in chapter 3, *A dense layer from scratch*, by ``NaiveDense``.
    """
    if not callable(activation):
        raise TypeError(
            f"activation must be a function such as tf.nn.relu or "
            f"tf.nn.softmax, not {activation!r}. Pass the function itself, "
            "without calling it and without quotes."
        )


def check_sizes(input_size, output_size):
    """Layer sizes must be positive whole numbers.

    Used in chapter 3, *A dense layer from scratch*, by ``NaiveDense``.
    """
    for name, size in [("input_size", input_size),
                       ("output_size", output_size)]:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
            raise TypeError(f"{name} must be a whole number, not {size!r}.")
        if size < 1:
            raise ValueError(f"{name} must be at least 1, not {size}.")


def check_input_width(inputs, input_size):
    """Inputs must be ``(batch, input_size)``, as the layer expects.

    Used in chapter 3, *A dense layer from scratch*, by ``NaiveDense``.
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


def check_same_length(first, second, first_name="images",
                      second_name="labels"):
    """Two sequences must pair up one to one, and must not be empty.

    ``first_name`` and ``second_name`` say what they hold, for the message.
    Used in chapter 5, *Batches*, by ``BatchGenerator``.
    """
    if len(first) != len(second):
        raise ValueError(
            f"{first_name} and {second_name} must have the same length, but "
            f"there are {len(first)} {first_name} and {len(second)} "
            f"{second_name}. Check that both come from the same samples, "
            "for example the same slice of the data."
        )
    if len(first) == 0:
        raise ValueError(
            f"{first_name} and {second_name} are empty. Check the slice or "
            "the file you loaded."
        )


def check_batch_size(batch_size):
    """A batch holds at least one sample.

    Used in chapters 5 and 11, by ``BatchGenerator`` and
    ``make_train_epoch``.
    """
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

    Used in chapters 6 and 9, by ``one_training_step`` and
    ``backprop_numpy``.
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

    Used in chapter 2, *Preparing the data*, by ``prepare_images``.
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
    """Stop training as soon as the loss is NaN or infinite.

    Used in chapter 7, *The training loop*, by ``fit``.
    """
    value = float(loss)
    if not np.isfinite(value):
        raise ValueError(
            f"The loss became {value} at epoch {epoch}, batch {batch}: "
            "training has diverged and the weights are now useless. Lower "
            "the learning rate, check that the images are scaled to [0, 1] "
            "with prepare_images(), and that the data holds no NaN values."
        )
