"""Tests for scratchnet.accuracy_gap (chapter 12), with Keras's initializer
and keras.optimizers.RMSprop as the oracles."""

import math

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

from scratchnet import build_keras_model, one_training_step
from scratchnet.accuracy_gap import (
    RMSprop,
    compute_logits,
    fit_shuffled,
    glorot_uniform,
    loss_and_update_from_logits,
    shuffled,
)
from scratchnet.fast_training import SGD, loss_and_update, make_train_epoch
from scratchnet.keras_bridge import copy_weights_to_keras, keras_twin

from helpers import (
    article_model,
    assert_same_weights,
    dim_batch,
    keras_copy,
    small_data,
    small_model,
)


def test_glorot_uniform_has_the_range_and_spread_of_keras():
    model = glorot_uniform(article_model())
    keras_kernel = keras.initializers.GlorotUniform(seed=0)((784, 512))
    limit = math.sqrt(6 / (784 + 512))
    ours = model.weights[0].numpy()
    assert np.abs(ours).max() <= limit
    assert np.abs(ours).max() > 0.99 * limit
    assert abs(ours.mean()) < 1e-3
    np.testing.assert_allclose(ours.std(), np.std(keras_kernel), rtol=0.01)
    np.testing.assert_allclose(ours.std(), limit / math.sqrt(3), rtol=0.01)
    assert np.abs(model.weights[2].numpy()).max() <= math.sqrt(6 / 522)
    for b in (model.weights[1], model.weights[3]):
        np.testing.assert_array_equal(b.numpy(), 0)


def test_glorot_uniform_zeroes_trained_biases():
    model = article_model()
    model.layers[0].b.assign(tf.ones(512))
    glorot_uniform(model)
    np.testing.assert_array_equal(model.layers[0].b.numpy(), 0)


def test_rmsprop_equals_keras_over_three_steps():
    """The same gradients through both optimizers give the same weights."""
    rng = np.random.default_rng(0)
    start = [rng.normal(size=(4, 3)).astype(np.float32),
             rng.normal(size=3).astype(np.float32)]
    ours = [tf.Variable(w) for w in start]
    theirs = [keras.Variable(w) for w in start]
    rmsprop = RMSprop()
    keras_rmsprop = keras.optimizers.RMSprop()
    for step in range(3):
        gradients = [tf.constant(rng.normal(size=w.shape), tf.float32)
                     for w in start]
        rmsprop(gradients, ours)
        keras_rmsprop.apply_gradients(zip(gradients, theirs))
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a.numpy(), np.asarray(b), atol=1e-6)
    assert not np.allclose(ours[0].numpy(), start[0])


def test_rmsprop_trains_like_keras():
    """Three steps of a scratch model with our RMSprop equal three steps of
    the Keras model with Keras's RMSprop."""
    model = article_model()
    keras_model = keras_copy(model)  # compiled with Keras's RMSprop
    assert isinstance(keras_model.optimizer, keras.optimizers.RMSprop)
    rmsprop = RMSprop()
    for seed in range(3):
        images, labels = dim_batch(seed=seed)
        loss_and_update(model, images, labels, rmsprop)
        keras_model.train_on_batch(images, labels)
    assert_same_weights(model, keras_model, atol=1e-5)


def test_rmsprop_steps_do_not_follow_the_gradient_size():
    """The check can fail: SGD's steps grow with the gradient; RMSprop's
    first step is about lr / sqrt(1 - rho) = 0.0032 for every weight."""
    model, (images, labels) = article_model(), dim_batch()
    start = model.weights[3].numpy().copy()
    one_training_step(model, images, labels)
    sgd_steps = np.abs(model.weights[3].numpy() - start)
    rmsprop = RMSprop()
    before = model.weights[3].numpy().copy()
    loss_and_update(model, images, labels, rmsprop)
    rmsprop_steps = np.abs(model.weights[3].numpy() - before)
    np.testing.assert_allclose(rmsprop_steps, 1e-3 / math.sqrt(0.1),
                               rtol=1e-3)
    assert sgd_steps.max() > 2 * sgd_steps.min()
    assert repr(rmsprop) == \
        "RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-07)"


def keras_steps(keras_optimizer):
    """An optimizer for ``loss_and_update`` that hands the gradients to a
    Keras optimizer: the oracle, step by step."""
    def optimizer(gradients, weights):
        keras_optimizer.apply_gradients(zip(gradients, weights))
    return optimizer


def test_rmsprop_in_compiled_epochs_equals_keras_step_by_step():
    """Built without the weights, our RMSprop makes its running averages
    inside chapter 11's compiled epoch, keeps them from one compiled epoch
    to the next, and gives the weights that Keras's RMSprop gives, applied
    eagerly to the same batches."""
    images, labels = small_data(300)
    model, oracle = small_model(), small_model()
    rmsprop = RMSprop(learning_rate=0.01)
    for _ in range(2):  # a new compiled epoch each time, one optimizer
        make_train_epoch(model, 64, rmsprop)(images, labels)
    assert len(rmsprop.velocities) == 4
    steps = keras_steps(keras.optimizers.RMSprop(learning_rate=0.01))
    for _ in range(2):
        for start in range(0, 300, 64):
            loss_and_update(oracle, images[start:start + 64],
                            labels[start:start + 64], steps)
    assert_same_weights(model, oracle, atol=1e-6)
    assert not np.allclose(model.weights[0].numpy(),
                           small_model().weights[0].numpy(), atol=1e-3)


def test_the_keras_oracle_sees_a_different_rho():
    """The comparison above can fail: rho 0.8 against Keras's 0.9."""
    images, labels = small_data(300)
    model, oracle = small_model(), small_model()
    make_train_epoch(model, 64, RMSprop(0.01, rho=0.8))(images, labels)
    steps = keras_steps(keras.optimizers.RMSprop(learning_rate=0.01))
    for start in range(0, 300, 64):
        loss_and_update(oracle, images[start:start + 64],
                        labels[start:start + 64], steps)
    with pytest.raises(AssertionError):
        assert_same_weights(model, oracle, atol=1e-6)


def test_one_rmsprop_keeps_one_average_per_weight_of_every_model():
    """Two models stepped by one RMSprop move as with one RMSprop each."""
    images, labels = small_data(300)
    shared = RMSprop(0.01)
    first, second = small_model(0), small_model(1)
    alone_first, alone_second = small_model(0), small_model(1)
    own_first, own_second = RMSprop(0.01), RMSprop(0.01)
    for start in range(0, 300, 64):
        batch = images[start:start + 64], labels[start:start + 64]
        loss_and_update(first, *batch, shared)
        loss_and_update(second, *batch, shared)
        loss_and_update(alone_first, *batch, own_first)
        loss_and_update(alone_second, *batch, own_second)
    assert len(shared.velocities) == 8
    assert_same_weights(first, alone_first, atol=0)
    assert_same_weights(second, alone_second, atol=0)


def test_shuffled_keeps_pairs_and_is_seeded():
    images = np.arange(20).reshape(10, 2)
    labels = np.arange(10)
    new_images, new_labels = shuffled(images, labels,
                                      np.random.default_rng(0))
    new_images, new_labels = new_images.numpy(), new_labels.numpy()
    np.testing.assert_array_equal(new_images[:, 0] // 2, new_labels)
    assert sorted(new_labels) == list(range(10))
    assert list(new_labels) != list(range(10))
    again = shuffled(tf.constant(images), tf.constant(labels),
                     np.random.default_rng(0))[1]
    np.testing.assert_array_equal(again.numpy(), new_labels)


def test_fit_shuffled_trains_each_epoch_on_a_new_seeded_order():
    """Each epoch is a compiled epoch on the order that shuffled() gives,
    from the order of the epoch before; the same seed, the same run."""
    images, labels = small_data(300)
    runs = [fit_shuffled(small_model(), images, labels, epochs=2,
                         batch_size=64, optimizer=SGD(0.1), verbose=False,
                         seed=seed)
            for seed in [1, 1, 2]]
    assert len(runs[0]) == 2 * 5 and isinstance(runs[0][0], float)
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    rng = np.random.default_rng(1)
    train_epoch = make_train_epoch(small_model(), 64, SGD(0.1))
    expected = []
    for _ in range(2):
        images, labels = shuffled(images, labels, rng)
        expected += list(train_epoch(images, labels).numpy())
    np.testing.assert_allclose(runs[0], expected, rtol=1e-6)


def test_fit_shuffled_prints_like_fit_compiled(capsys):
    images, labels = small_data(300)
    losses = fit_shuffled(small_model(), images, labels, epochs=2,
                          batch_size=64, optimizer=SGD(0.1))
    printed = capsys.readouterr().out.splitlines()
    assert printed == [f"Epoch {epoch}: mean loss "
                       f"{np.mean(losses[5 * epoch:5 * epoch + 5]):.2f}"
                       for epoch in range(2)]
    fit_shuffled(small_model(), images, labels, epochs=1, verbose=False)
    assert capsys.readouterr().out == ""


def test_fit_shuffled_runs_the_step_it_is_given():
    """With ``step=loss_and_update_from_logits`` each batch's loss comes
    from the logits: where clipping acts, the run differs from the
    default clipped step, and equals the logits step by hand."""
    images, labels = small_data(300)
    runs = {}
    for name, step in [("clipped", loss_and_update),
                       ("logits", loss_and_update_from_logits)]:
        model = small_model()
        for layer in model.layers:  # large weights: confidently wrong
            layer.W.assign(layer.W * 50)
        runs[name] = fit_shuffled(model, images, labels, epochs=1,
                                  batch_size=64, optimizer=SGD(0.1),
                                  verbose=False, seed=3, step=step)
    by_hand = small_model()
    for layer in by_hand.layers:
        layer.W.assign(layer.W * 50)
    order_images, order_labels = shuffled(images, labels,
                                          np.random.default_rng(3))
    expected = [float(loss_and_update_from_logits(
        by_hand, order_images[start:start + 64],
        order_labels[start:start + 64], SGD(0.1)))
        for start in range(0, 300, 64)]
    np.testing.assert_allclose(runs["logits"], expected, rtol=1e-5)
    assert not np.allclose(runs["clipped"], runs["logits"], rtol=1e-3)


def test_fit_shuffled_with_the_full_recipe_equals_keras_fit():
    """Keras's recipe of chapter 1 (RMSprop, the loss from the logits),
    given each epoch's order by ``shuffled`` and fit with shuffle=False,
    is our fit_shuffled with RMSprop and the logits step: the same weights
    after two epochs. Without the same order it is not."""
    images, labels = bright_batch(640)
    model = article_model()
    keras_model, other_order = build_keras_model(), build_keras_model()
    copy_weights_to_keras(model, keras_model)
    copy_weights_to_keras(model, other_order)
    fit_shuffled(model, images, labels, epochs=2, optimizer=RMSprop(),
                 verbose=False, seed=5, step=loss_and_update_from_logits)
    rng = np.random.default_rng(5)
    order_images, order_labels = images, labels
    for _ in range(2):
        order_images, order_labels = shuffled(order_images, order_labels,
                                              rng)
        keras_model.fit(order_images, order_labels, batch_size=128,
                        epochs=1, shuffle=False, verbose=0)
    other_order.fit(images, labels, batch_size=128, epochs=2,
                    shuffle=False, verbose=0)
    assert_same_weights(model, keras_model, atol=1e-6)
    with pytest.raises(AssertionError):
        assert_same_weights(model, other_order, atol=1e-6)


def test_fit_shuffled_checks_its_input_and_the_loss():
    images, labels = small_data(300)
    with pytest.raises(ValueError, match="300 images and 299 labels"):
        fit_shuffled(small_model(), images, labels[:299], epochs=1)
    with pytest.raises(ValueError, match="between 0 and 2"):
        fit_shuffled(small_model(), images, labels + 1, epochs=1)
    images[:] = 3e38  # every sample overflows: the first batch fails
    with pytest.raises(ValueError, match="became nan at epoch 0, batch 0"):
        fit_shuffled(small_model(), images, labels, epochs=1,
                     verbose=False)


def bright_batch(n=128, seed=0):
    """Random images bright enough that the untrained article model (all
    weights positive) gives some true classes a probability below 1e-7."""
    rng = np.random.default_rng(seed)
    images = rng.random((n, 784), dtype=np.float32)
    return images, rng.integers(0, 10, n).astype(np.uint8)


def test_compute_logits_are_what_the_softmax_turns_into_probabilities():
    model, (images, _) = article_model(), dim_batch()
    logits = compute_logits(model, images)
    assert logits.shape == (128, 10)
    np.testing.assert_allclose(tf.nn.softmax(logits).numpy(),
                               model(images).numpy(), atol=1e-6)
    assert np.abs(logits.numpy()).max() > 1  # scores, not probabilities


def test_compute_logits_gives_the_gradients_of_keras_fit():
    """The loss from our logits has, bit for bit, the gradients of the
    loss Keras's model computes in ``fit`` (from the logits behind its
    softmax), biases included: the same operations, in the same order."""
    model, (images, labels) = article_model(), dim_batch()
    keras_model = keras_copy(model)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(
            labels, compute_logits(model, images), from_logits=True))
    ours = tape.gradient(loss, model.weights)
    with tf.GradientTape() as tape:
        predictions = keras_model(images, training=True)
        keras_loss = keras_model.compute_loss(images, labels, predictions)
    theirs = tape.gradient(keras_loss, keras_model.trainable_weights)
    assert float(loss) == float(keras_loss)
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a.numpy(), np.asarray(b))


def test_step_from_logits_equals_keras_where_clipping_differs():
    """Keras (chapter 10's twin) computes its loss from the logits: one
    step from the logits gives its weights; the clipped step does not."""
    model, (images, labels) = article_model(), bright_batch()
    true_class = model(images).numpy()[np.arange(128), labels]
    assert (true_class < 1e-7).sum() > 10  # clipping matters here
    twin = keras_twin(model)
    clipped_model = article_model()
    loss = loss_and_update_from_logits(model, images, labels, SGD(1e-3))
    twin_loss = twin.train_on_batch(images, labels)
    loss_and_update(clipped_model, images, labels, SGD(1e-3))
    np.testing.assert_allclose(float(loss), np.ravel(twin_loss)[0],
                               rtol=1e-5)
    assert_same_weights(model, twin, atol=1e-5)
    with pytest.raises(AssertionError):
        assert_same_weights(clipped_model, twin, atol=1e-5)


def test_compiled_epoch_runs_the_step_from_logits_in_order():
    images, labels = small_data(300)
    model = small_model()
    losses = make_train_epoch(model, 64, SGD(0.1),
                              step=loss_and_update_from_logits)(images, labels)
    assert losses.shape == (5,)
    by_hand = small_model()
    expected = [float(loss_and_update_from_logits(
        by_hand, images[start:start + 64], labels[start:start + 64],
        SGD(0.1))) for start in range(0, 300, 64)]
    np.testing.assert_allclose(losses.numpy(), expected, rtol=1e-5)
    assert_same_weights(model, by_hand, atol=1e-6)
    assert expected[-1] < expected[0]


def test_the_step_decides_the_loss_of_the_compiled_epoch():
    """Where clipping acts, the clipped and the logits step train apart:
    the ``step`` argument is really used."""
    images, labels = small_data(300)
    clipped, from_logits = small_model(), small_model()
    for model in (clipped, from_logits):
        for layer in model.layers:  # large weights: confidently wrong
            layer.W.assign(layer.W * 50)
    make_train_epoch(clipped, 64, SGD(0.1))(images, labels)
    make_train_epoch(from_logits, 64, SGD(0.1),
                     step=loss_and_update_from_logits)(images, labels)
    with pytest.raises(AssertionError):
        assert_same_weights(clipped, from_logits, atol=1e-5)
