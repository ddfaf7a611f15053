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

from scratchnet.fast_training import make_train_epoch
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
    step ``learning_rate * gradient / sqrt(velocity + epsilon)``. Call it
    like ``update_weights``: ``rmsprop(gradients, weights)``.
    Explained in chapter 12, *The accuracy gap*.
    """

    def __init__(self, weights, learning_rate=1e-3, rho=0.9, epsilon=1e-7):
        self.learning_rate = learning_rate
        self.rho = rho
        self.epsilon = epsilon
        self.velocities = [tf.Variable(tf.zeros_like(w)) for w in weights]

    def __call__(self, gradients, weights):
        for g, w, v in zip(gradients, weights, self.velocities):
            v.assign(self.rho * v + (1 - self.rho) * tf.square(g))
            w.assign_sub(self.learning_rate * g / tf.sqrt(v + self.epsilon))

    def __repr__(self):
        return (f"RMSprop(learning_rate={self.learning_rate}, "
                f"rho={self.rho}, epsilon={self.epsilon})")


def shuffled(images, labels, rng):
    """The same samples in a new random order, the same for images and
    labels. ``rng`` is a NumPy generator, e.g. ``np.random.default_rng(0)``.

    Explained in chapter 12, *The accuracy gap*.
    """
    order = rng.permutation(len(images))
    return images[order], labels[order]


def fit_shuffled(model, images, labels, epochs, seed=0, batch_size=128,
                 optimizer=None):
    """Train ``model`` like ``fit_compiled`` (chapter 11), but shuffle the
    samples before each epoch, as Keras's ``fit`` does by default.

    Each epoch shuffles the order the previous epoch used. ``seed`` makes
    the orders random but the same on every run. Returns the loss of every
    batch as a list of floats. Explained in chapter 12, *The accuracy gap*.
    """
    check_same_length(images, labels)
    check_labels(labels, num_classes=model.weights[-1].shape[0])
    train_epoch = make_train_epoch(model, batch_size, optimizer)
    rng = np.random.default_rng(seed)
    losses = []
    for epoch_counter in range(epochs):
        images, labels = shuffled(images, labels, rng)
        epoch_losses = train_epoch(images, labels).numpy()
        for batch_counter, loss in enumerate(epoch_losses):
            check_finite_loss(loss, epoch_counter, batch_counter)
        losses += [float(loss) for loss in epoch_losses]
    return losses


def compute_logits(model, images):
    """The scores of the last layer before its activation: what the
    softmax turns into probabilities.

    Explained in chapter 12, *The accuracy gap*.
    """
    hidden = images
    for layer in model.layers[:-1]:
        hidden = layer(hidden)
    last_layer = model.layers[-1]
    return tf.matmul(hidden, last_layer.W) + last_layer.b


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
