"""Closing the accuracy gap: what Keras does that the original recipe does not.

Explained in chapter 12, *The accuracy gap* (``book/12_accuracy_gap.ipynb``).

What Keras's recipe has and the scratch recipe lacks, each written from
scratch and checked against Keras: Glorot uniform initialisation, the
RMSprop optimizer, the loss from the logits instead of clipped
probabilities (``compute_logits``, ``loss_and_update_from_logits``, a step
for chapter 11's ``make_train_epoch``), and shuffling the training samples
before each epoch (``fit_shuffled``, built on the compiled epoch of
chapter 11).
"""

import math

import numpy as np
import tensorflow as tf

from scratchnet.fast_training import loss_and_update, make_train_epoch
from scratchnet.support.input_checks import (
    check_finite_loss,
    check_labels,
    check_same_length,
)


def glorot_uniform(model):
    """Re-initialise every layer of ``model`` as Keras does by default.

    Each ``W`` becomes uniform in [-limit, limit) with
    ``limit = sqrt(6 / (input_size + output_size))``; each ``b`` becomes
    zero. Returns the model. Explained in chapter 12, *The accuracy gap*.
    """
    for layer in model.layers:
        input_size, output_size = layer.W.shape
        limit = math.sqrt(6 / (input_size + output_size))
        layer.W.assign(tf.random.uniform(layer.W.shape, minval=-limit,
                                         maxval=limit))
        layer.b.assign(tf.zeros(layer.b.shape))
    return model


class RMSprop:
    """RMSprop from scratch, with the defaults of ``keras.optimizers.RMSprop``.

    For each weight it keeps a running average of squared gradients,
    ``velocity = rho * velocity + (1 - rho) * gradient**2``, and takes the
    step ``learning_rate * gradient / sqrt(velocity + epsilon)``. Built like
    ``SGD`` (chapter 11), without the weights, and called like it:
    ``rmsprop(gradients, weights)``. Each weight's running average is made
    at the weight's first step, so one ``RMSprop`` serves any model, and
    works inside a compiled epoch (``make_train_epoch``).
    Explained in chapter 12, *The accuracy gap*.
    """

    def __init__(self, learning_rate=1e-3, rho=0.9, epsilon=1e-7):
        self.learning_rate = learning_rate
        self.rho = rho
        self.epsilon = epsilon
        self.velocities = {}  # one running average per weight

    def __call__(self, gradients, weights):
        for g, w in zip(gradients, weights):
            if w.ref() not in self.velocities:  # the first step of w
                self.velocities[w.ref()] = tf.Variable(tf.zeros(w.shape))
            v = self.velocities[w.ref()]
            v.assign(self.rho * v + (1 - self.rho) * tf.square(g))
            w.assign_sub(self.learning_rate * g / tf.sqrt(v + self.epsilon))

    def __repr__(self):
        return (f"RMSprop(learning_rate={self.learning_rate}, "
                f"rho={self.rho}, epsilon={self.epsilon})")


def shuffled(images, labels, rng):
    """The same samples in a new random order, the same for images and
    labels, as tensors. ``rng`` is a NumPy generator, e.g.
    ``np.random.default_rng(0)``.

    Explained in chapter 12, *The accuracy gap*.
    """
    order = rng.permutation(len(images))
    return tf.gather(images, order), tf.gather(labels, order)


def fit_shuffled(model, images, labels, epochs, batch_size=128,
                 optimizer=None, verbose=True, seed=0,
                 step=loss_and_update):
    """Train ``model`` like ``fit_compiled`` (chapter 11), but shuffle the
    samples before each epoch, as Keras's ``fit`` does by default.

    Each epoch shuffles the order the previous epoch used; ``seed`` makes
    the orders random but the same on every run. Returns the loss of every
    batch as a list of floats, and prints each epoch's mean loss unless
    ``verbose=False``. The optimizer defaults to ``SGD()``, plain SGD at
    1e-3; ``step`` is the step of each batch, as in ``make_train_epoch``
    (``loss_and_update_from_logits`` for the loss from the logits).
    Explained in chapter 12, *The accuracy gap*.
    """
    check_same_length(images, labels)
    check_labels(labels, num_classes=model.weights[-1].shape[0])
    train_epoch = make_train_epoch(model, batch_size, optimizer, step)
    images = tf.convert_to_tensor(images, tf.float32)  # once, not per epoch
    labels = tf.cast(labels, tf.int64)
    rng = np.random.default_rng(seed)
    losses = []
    for epoch_counter in range(epochs):
        images, labels = shuffled(images, labels, rng)
        epoch_losses = train_epoch(images, labels).numpy()
        for batch_counter, loss in enumerate(epoch_losses):
            check_finite_loss(loss, epoch_counter, batch_counter)
        losses += [float(loss) for loss in epoch_losses]
        if verbose:
            print(f"Epoch {epoch_counter}: mean loss "
                  f"{epoch_losses.mean():.2f}")
    return losses


def compute_logits(model, images):
    """The scores of the last layer before its activation: what the
    softmax turns into probabilities.

    Each bias is added with ``tf.nn.bias_add``, as Keras's ``Dense`` adds
    it: the same sums as ``+ b``, and gradients summed in Keras's order, so
    that a step computes exactly what Keras's step computes.
    Explained in chapter 12, *The accuracy gap*.
    """
    hidden = images
    for layer in model.layers[:-1]:
        scores = tf.nn.bias_add(tf.matmul(hidden, layer.W), layer.b)
        hidden = layer.activation(scores)
    last_layer = model.layers[-1]
    return tf.nn.bias_add(tf.matmul(hidden, last_layer.W), last_layer.b)


def loss_and_update_from_logits(model, images_batch, labels_batch,
                                optimizer):
    """One training step like ``loss_and_update`` (chapter 11), with the
    loss computed from the logits, as Keras does, instead of from clipped
    probabilities. Returns the batch's average loss.

    Explained in chapter 12, *The accuracy gap*.
    """
    with tf.GradientTape() as tape:
        logits = compute_logits(model, images_batch)
        per_sample_losses = tf.keras.losses.sparse_categorical_crossentropy(
            labels_batch, logits, from_logits=True)
        average_loss = tf.reduce_mean(per_sample_losses)
    gradients = tape.gradient(average_loss, model.weights)
    optimizer(gradients, model.weights)
    return average_loss
