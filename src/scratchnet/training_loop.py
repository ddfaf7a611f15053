"""The training loop: epochs of batches of training steps.

Explained in chapter 7, *The training loop* (``book/07_training_loop.ipynb``).
"""

from scratchnet.batching import BatchGenerator
from scratchnet.support.input_checks import check_finite_loss
from scratchnet.training_step import one_training_step


def fit(model, images, labels, epochs, batch_size=128, learning_rate=1e-3,
        verbose=True):
    """Train ``model`` for ``epochs`` passes over the data.

    Prints the original article's lines (``Epoch 0``, ``loss at batch 0:
    2.34``) unless ``verbose=False``, and returns the loss of every batch.
    Stops with a clear error if the loss becomes NaN or infinite.
    Explained in chapter 7, *The training loop*.
    """
    losses = []
    for epoch_counter in range(epochs):
        if verbose:
            print(f"Epoch {epoch_counter}")
        batch_generator = BatchGenerator(images, labels, batch_size)
        for batch_counter in range(batch_generator.num_batches):
            images_batch, labels_batch = batch_generator.next()
            loss = one_training_step(model, images_batch, labels_batch,
                                     learning_rate)
            check_finite_loss(loss, epoch_counter, batch_counter)
            losses.append(float(loss))
            if verbose and batch_counter % 100 == 0:
                print(f"loss at batch {batch_counter}: {loss:.2f}")
    return losses
