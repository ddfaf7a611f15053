"""The variants and yardsticks that only the speed benchmark uses.

Chapter 11 (*Speed*) times four ways of training against one yardstick, the
epoch's products at this machine's best matrix speed (``scratchnet.
measuring``). ``benchmarks/speed.py`` adds what a learner does not need:

- the floor: the five matrix products of every step at the model's own
  shapes, alone in one ``tf.function`` (``make_products_epoch``); with the
  weight updates too (``with_updates=True``);
- the lean epoch: the compiled epoch with fewer operations per step
  (``make_lean_train_epoch``);
- each step compiled by XLA (``xla_step_trainer``);
- the memory traffic of the updates (``update_traffic_bytes``).

Every ``*_trainer(model, batch_size=128)`` returns ``train_one_epoch(images,
labels)``, which returns nothing, as in ``scratchnet.measuring``: give these
the images and labels as tensors (float32 and int64), made once.
``tests/test_speed_benchmark.py`` checks them.
"""

import tensorflow as tf

from scratchnet.fast_training import SGD, loss_and_update, make_train_epoch
from scratchnet.support.input_checks import check_batch_size


def make_products_epoch(model, batch_size=128, with_updates=False):
    """A ``tf.function`` that runs, for every batch of an epoch, only the
    five matrix products of a training step of a two-layer ``model``, at
    the model's own shapes, and nothing else: ``products_epoch(images)``.
    Its time is the floor for training ``model`` at this batch size.

    ``with_updates=True`` also subtracts each weight product from its weight
    as an SGD update does, with a step of 0: the memory traffic of the
    updates, with the weights left as they are. Its time is the floor of any
    training that updates every weight at every step.
    """
    check_batch_size(batch_size)
    W1, W2 = model.weights[0], model.weights[2]

    @tf.function(input_signature=[
        tf.TensorSpec([None, W1.shape[0]], tf.float32)])
    def products_epoch(images):
        num_batches = (tf.shape(images)[0] + batch_size - 1) // batch_size
        total = tf.zeros(())
        for batch in tf.range(num_batches):
            start = batch * batch_size
            x = images[start:start + batch_size]
            hidden = tf.matmul(x, W1)  # forward, layer 1
            output = tf.matmul(hidden, W2)  # forward, layer 2
            dW2 = tf.matmul(hidden, output, transpose_a=True)
            d_hidden = tf.matmul(output, W2, transpose_b=True)
            dW1 = tf.matmul(x, d_hidden, transpose_a=True)
            if with_updates:  # read w and dw, write w; a step of 0
                for w, dw in [(W1, dW1), (W2, dW2)]:
                    tf.raw_ops.ResourceApplyGradientDescent(
                        var=w.handle, alpha=0.0, delta=dw)
            total += dW1[0, 0] + dW2[0, 0]  # use every result
        return total

    return products_epoch


def products_trainer(model, batch_size=128):
    """The floor as a trainer: the five products of every step, no weight
    changed."""
    products_epoch = make_products_epoch(model, batch_size)

    def train_one_epoch(images, labels):
        products_epoch(images)
    return train_one_epoch


def updates_trainer(model, batch_size=128):
    """The floor with the weight updates (a step of 0) as a trainer."""
    products_epoch = make_products_epoch(model, batch_size,
                                         with_updates=True)

    def train_one_epoch(images, labels):
        products_epoch(images)
    return train_one_epoch


def make_lean_train_epoch(model, batch_size=128, optimizer=None):
    """Like ``make_train_epoch`` for a two-layer relu-softmax model (the
    article's), with fewer operations per step: ``tf.nn.bias_add`` lets
    TensorFlow fuse product, bias and relu into one operation, and
    ``ResourceApplyGradientDescent`` updates each weight in place in one
    operation (``w -= learning_rate * g``). So the optimizer must be plain
    SGD: ``SGD(learning_rate)``, ``SGD(1e-3)`` if None. Give it the images
    and labels as tensors (float32 and int64), made once, so that no epoch
    copies them again. The loop over batches is ``make_train_epoch``'s,
    given this step. Returns ``train_epoch(images, labels)``, which returns
    the loss of every batch.
    """
    check_batch_size(batch_size)
    optimizer = optimizer or SGD()
    if type(optimizer) is not SGD:
        raise TypeError(
            "make_lean_train_epoch updates the weights in place with plain "
            f"SGD, so it needs an SGD optimizer, not {optimizer!r}. Give "
            "SGD(learning_rate), or use make_train_epoch for other "
            "optimizers.")
    if len(model.weights) != 4:
        raise ValueError(
            "make_lean_train_epoch needs a model of two dense layers "
            "(weights W1, b1, W2, b2), such as build_scratch_model(); this "
            f"model has {len(model.weights)} weight tensors. Use "
            "make_train_epoch for other models.")

    def lean_step(model, images_batch, labels_batch, optimizer):
        W1, b1, W2, b2 = weights = model.weights
        with tf.GradientTape() as tape:
            hidden = tf.nn.relu(tf.nn.bias_add(tf.matmul(images_batch, W1),
                                               b1))
            logits = tf.nn.bias_add(tf.matmul(hidden, W2), b2)
            predictions = tf.identity(tf.nn.softmax(logits))
            average_loss = tf.reduce_mean(
                tf.keras.losses.sparse_categorical_crossentropy(
                    labels_batch, predictions))
        gradients = tape.gradient(average_loss, weights)
        for g, w in zip(gradients, weights):
            tf.raw_ops.ResourceApplyGradientDescent(
                var=w.handle, alpha=optimizer.learning_rate, delta=g)
        return average_loss

    return make_train_epoch(model, batch_size, optimizer, step=lean_step)


def lean_trainer(model, batch_size=128):
    """The lean compiled epoch (``make_lean_train_epoch``) as a trainer."""
    train_epoch = make_lean_train_epoch(model, batch_size)

    def train_one_epoch(images, labels):
        train_epoch(images, labels)
    return train_one_epoch


def xla_step_trainer(model, batch_size=128):
    """The loop over batches in a graph, each step compiled by XLA
    (``jit_compile=True``), plain SGD at 1e-3."""
    check_batch_size(batch_size)
    optimizer = SGD()

    @tf.function(jit_compile=True)
    def xla_step(images_batch, labels_batch):
        return loss_and_update(model, images_batch, labels_batch, optimizer)

    @tf.function(input_signature=[
        tf.TensorSpec([None, model.weights[0].shape[0]], tf.float32),
        tf.TensorSpec([None], tf.int64)])
    def epoch_graph(images, labels):
        num_batches = (tf.shape(images)[0] + batch_size - 1) // batch_size
        loss = tf.zeros(())
        for batch in tf.range(num_batches):
            start = batch * batch_size
            loss = xla_step(images[start:start + batch_size],
                            labels[start:start + batch_size])
        return loss

    def train_one_epoch(images, labels):
        epoch_graph(images, labels)
    return train_one_epoch


def update_traffic_bytes(model, num_samples=60000, batch_size=128):
    """Bytes an epoch of SGD updates moves: at every step, each float32
    weight and its gradient are read and the weight is written back."""
    check_batch_size(batch_size)
    num_weights = sum(int(tf.size(w)) for w in model.weights)
    steps = -(-num_samples // batch_size)
    return steps * num_weights * 4 * 3
