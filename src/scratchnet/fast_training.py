"""Fast training: the same training step, compiled by ``tf.function``.

Explained in chapter 11, *Speed* (``book/11_speed.ipynb``).

``fit`` (chapter 7) runs every operation from Python, one at a time. Here
the same step is traced once into a TensorFlow graph: first one step per
call (``make_train_step``), then a whole epoch per call, with the loop over
batches inside the graph (``make_train_epoch``). ``fit_compiled`` trains
like ``fit``, one compiled epoch at a time.

One trap, avoided here: inside a graph, Keras's cross-entropy notices that
its input comes from a softmax and uses the logits before it, as
``model.fit`` does (chapter 10), while the eager step works from clipped
probabilities. The two differ where the true class gets a probability
below 1e-7. ``tf.identity`` hides the softmax, so that the compiled step
computes exactly what the eager step computes.
"""

import tensorflow as tf

from scratchnet.support.input_checks import (
    check_batch_size,
    check_finite_loss,
    check_labels,
    check_same_length,
)
from scratchnet.training_step import update_weights


class SGD:
    """Plain SGD as an object: ``SGD(1e-3)(gradients, weights)`` does what
    ``update_weights(gradients, weights, 1e-3)`` does.

    Explained in chapter 11, *Speed*.
    """

    def __init__(self, learning_rate=1e-3):
        self.learning_rate = learning_rate

    def __call__(self, gradients, weights):
        update_weights(gradients, weights, self.learning_rate)

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate})"


def loss_and_update(model, images_batch, labels_batch, optimizer):
    """One training step: the body of ``one_training_step`` (chapter 6),
    without the label check, which needs NumPy and cannot run in a graph.
    Returns the batch's average loss.

    ``tf.identity`` keeps Keras's loss from using the logits in a graph,
    so that compiled and eager steps compute the same loss.
    Explained in chapter 11, *Speed*.
    """
    with tf.GradientTape() as tape:
        predictions = tf.identity(model(images_batch))
        per_sample_losses = tf.keras.losses.sparse_categorical_crossentropy(
            labels_batch, predictions)
        average_loss = tf.reduce_mean(per_sample_losses)
    gradients = tape.gradient(average_loss, model.weights)
    optimizer(gradients, model.weights)
    return average_loss


def make_train_step(model, optimizer=None):
    """A ``tf.function`` that trains ``model`` on one batch and returns the
    batch's average loss: ``train_step(images_batch, labels_batch)``.

    The optimizer defaults to ``SGD()``, plain SGD at 1e-3.
    Explained in chapter 11, *Speed*.
    """
    optimizer = optimizer or SGD()

    @tf.function
    def train_step(images_batch, labels_batch):
        return loss_and_update(model, images_batch, labels_batch, optimizer)

    return train_step


def make_train_epoch(model, batch_size=128, optimizer=None,
                     step=loss_and_update):
    """A ``tf.function`` that trains ``model`` for one epoch, the loop over
    batches included: ``train_epoch(images, labels)`` returns the loss of
    every batch as a tensor.

    Batches are served in order, as ``BatchGenerator`` serves them. One graph
    serves any number of samples: a first call on zero samples traces it
    and trains nothing.
    The optimizer defaults to ``SGD()``, plain SGD at 1e-3. ``step`` is the
    step each batch runs, ``loss_and_update`` unless another is given
    (chapter 12 gives one whose loss comes from the logits).
    Explained in chapter 11, *Speed*.
    """
    check_batch_size(batch_size)
    optimizer = optimizer or SGD()
    input_size = model.weights[0].shape[0]

    @tf.function(input_signature=[
        tf.TensorSpec([None, input_size], tf.float32),
        tf.TensorSpec([None], tf.int64)])
    def epoch_graph(images, labels):
        num_samples = tf.shape(images)[0]
        num_batches = (num_samples + batch_size - 1) // batch_size
        losses = tf.TensorArray(tf.float32, size=num_batches)
        for batch in tf.range(num_batches):
            start = batch * batch_size
            loss = step(model, images[start:start + batch_size],
                        labels[start:start + batch_size], optimizer)
            losses = losses.write(batch, loss)
        return losses.stack()

    def train_epoch(images, labels):
        return epoch_graph(tf.convert_to_tensor(images, tf.float32),
                           tf.cast(labels, tf.int64))

    return train_epoch


def fit_compiled(model, images, labels, epochs, batch_size=128,
                 optimizer=None, verbose=True):
    """Train ``model`` like ``fit`` (chapter 7), one compiled epoch at a time.

    The same steps as ``fit``, in the same order. Returns the loss of every
    batch as a list of floats, and prints each epoch's mean loss unless
    ``verbose=False``. The labels are checked once, before training, and a
    NaN or infinite loss stops it with a clear error. The optimizer
    defaults to ``SGD()``, plain SGD at 1e-3, as in ``fit``.
    Explained in chapter 11, *Speed*.
    """
    check_same_length(images, labels)
    check_labels(labels, num_classes=model.weights[-1].shape[0])
    train_epoch = make_train_epoch(model, batch_size, optimizer)
    images = tf.convert_to_tensor(images, tf.float32)  # once, not per epoch
    labels = tf.cast(labels, tf.int64)
    losses = []
    for epoch_counter in range(epochs):
        epoch_losses = train_epoch(images, labels).numpy()
        for batch_counter, loss in enumerate(epoch_losses):
            check_finite_loss(loss, epoch_counter, batch_counter)
        losses += [float(loss) for loss in epoch_losses]
        if verbose:
            print(f"Epoch {epoch_counter}: mean loss "
                  f"{epoch_losses.mean():.2f}")
    return losses

