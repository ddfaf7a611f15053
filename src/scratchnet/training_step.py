"""One training step: forward pass, loss, gradients, update.

Explained in chapter 6, *One training step* (``book/06_training_step.ipynb``).
"""

import tensorflow as tf

from scratchnet.support.input_checks import check_labels


def update_weights(gradients, weights, learning_rate=1e-3):
    """Move each weight a small step against its gradient (plain SGD).

    Explained in chapter 6, *One training step*.
    """
    for g, w in zip(gradients, weights):
        w.assign_sub(g * learning_rate)


def one_training_step(model, images_batch, labels_batch, learning_rate=1e-3):
    """Train ``model`` on one batch; return the batch's average loss.

    Explained in chapter 6, *One training step*.
    """
    with tf.GradientTape() as tape:
        predictions = model(images_batch)
        check_labels(labels_batch, num_classes=predictions.shape[-1])
        per_sample_losses = tf.keras.losses.sparse_categorical_crossentropy(
            labels_batch, predictions)
        average_loss = tf.reduce_mean(per_sample_losses)
    gradients = tape.gradient(average_loss, model.weights)
    update_weights(gradients, model.weights, learning_rate)
    return average_loss
