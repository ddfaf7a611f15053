"""Checking gradients: finite differences, and backpropagation by hand.

Explained in chapter 9, *Checking gradients*
(``book/09_checking_gradients.ipynb``).

The network here is the article's: ``dense(relu)`` then ``dense(softmax)``,
with sparse categorical cross-entropy averaged over the batch. Its weights
are the list ``[W1, b1, W2, b2]``, in the order of
``NaiveSequential.weights``.
"""

import numpy as np
import tensorflow as tf

from scratchnet.support.input_checks import check_labels, check_same_length


def network_loss(weights, images, labels):
    """The average loss of the two-layer network, computed by TensorFlow.

    The same operations as ``one_training_step`` (chapter 6), written as a
    function of the weights. Works in float32 and in float64.
    Explained in chapter 9, *Checking gradients*.
    """
    W1, b1, W2, b2 = weights
    hidden = tf.nn.relu(tf.matmul(images, W1) + b1)
    predictions = tf.nn.softmax(tf.matmul(hidden, W2) + b2)
    per_sample_losses = tf.keras.losses.sparse_categorical_crossentropy(
        labels, predictions)
    return tf.reduce_mean(per_sample_losses)


def tape_gradients(weights, images, labels):
    """The gradients of ``network_loss`` from ``tf.GradientTape``.

    Returns four NumPy arrays, one per weight, in the weights' dtype.
    Explained in chapter 9, *Checking gradients*.
    """
    weights = [tf.Variable(w) for w in weights]
    images = tf.convert_to_tensor(images, dtype=weights[0].dtype)
    with tf.GradientTape() as tape:
        loss = network_loss(weights, images, labels)
    return [g.numpy() for g in tape.gradient(loss, weights)]


def numerical_gradient(f, x, h=1e-5):
    """The gradient of the scalar function ``f`` at the array ``x``, by
    central finite differences: ``(f(x + h) - f(x - h)) / 2h`` for one entry
    of ``x`` at a time.

    Costs two calls of ``f`` per entry, so use it on small arrays only.
    Explained in chapter 9, *Checking gradients*.
    """
    x = np.array(x, dtype=np.float64)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        f_plus = float(f(x))
        x[index] = original - h
        f_minus = float(f(x))
        x[index] = original
        gradient[index] = (f_plus - f_minus) / (2 * h)
    return gradient


def backprop_numpy(weights, images, labels):
    """The four gradients ``[dW1, db1, dW2, db2]`` of the average loss,
    computed by hand with NumPy (the chain rule, layer by layer, backwards).

    Computed in float64. It uses the exact gradient of cross-entropy after
    softmax, ``(probabilities - one_hot) / batch_size`` (derived in chapter
    6), and subtracts the largest logit before ``exp`` so that large logits
    do not overflow. The library's loss clips probabilities to
    [1e-7, 1 - 1e-7], which changes the gradient only where the true class
    gets a probability below 1e-7.
    Explained in chapter 9, *Checking gradients*.
    """
    check_same_length(images, labels)
    W1, b1, W2, b2 = [np.asarray(w, dtype=np.float64) for w in weights]
    check_labels(labels, num_classes=W2.shape[1])
    x = np.asarray(images, dtype=np.float64)
    n = len(x)
    # Forward pass, keeping what the backward pass needs.
    z1 = x @ W1 + b1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2 + b2
    exp = np.exp(z2 - z2.max(axis=1, keepdims=True))
    probabilities = exp / exp.sum(axis=1, keepdims=True)
    # Backward pass: from the loss to each weight.
    one_hot = np.eye(W2.shape[1])[np.asarray(labels)]
    dz2 = (probabilities - one_hot) / n
    dW2 = a1.T @ dz2
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ W2.T
    dz1 = da1 * (z1 > 0)
    dW1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    return [dW1, db1, dW2, db2]


def relative_error(a, b):
    """How far apart two gradients are: the largest difference between
    matching entries, divided by the largest entry of either (0 if both
    are all zeros).

    An entry-by-entry ratio would blow up on entries near zero, where float32
    keeps few correct digits; this measure does not.
    Explained in chapter 9, *Checking gradients*.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(
            f"Cannot compare gradients of shapes {a.shape} and {b.shape}: "
            "compare each weight with its own gradient.")
    scale = max(np.abs(a).max(initial=0), np.abs(b).max(initial=0))
    if scale == 0:
        return 0.0
    return float(np.abs(a - b).max() / scale)
