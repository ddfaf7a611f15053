"""Tests for scratchnet.fast_training (chapter 11): the compiled step and the
compiled epoch against the eager step and fit (chapters 6 and 7)."""

import numpy as np
import pytest
import tensorflow as tf

from scratchnet import fit, one_training_step
from scratchnet.fast_training import (
    SGD,
    fit_compiled,
    make_train_epoch,
    make_train_step,
)

from helpers import (
    article_model,
    assert_same_weights,
    dim_batch,
    saturated_model,
    small_data,
    small_model,
)


def test_train_step_equals_one_training_step():
    eager, compiled = article_model(), article_model()
    assert_same_weights(eager, compiled, atol=0)
    train_step = make_train_step(compiled)
    for seed in range(3):
        images, labels = dim_batch(seed=seed)
        expected = one_training_step(eager, images, labels)
        loss = train_step(images, labels)
        np.testing.assert_allclose(float(loss), float(expected), rtol=1e-6)
    assert_same_weights(eager, compiled, atol=1e-6)


def test_compiled_epoch_equals_fit():
    images, labels = small_data(1000)  # 7 full batches and one of 104
    eager, compiled = small_model(), small_model()
    losses = fit(eager, images, labels, epochs=1, learning_rate=0.1,
                 verbose=False)
    train_epoch = make_train_epoch(compiled, optimizer=SGD(0.1))
    compiled_losses = train_epoch(images, labels).numpy()
    assert compiled_losses.shape == (8,)
    np.testing.assert_allclose(compiled_losses, losses, rtol=1e-5)
    assert_same_weights(eager, compiled, atol=1e-6)


def test_one_graph_serves_any_number_of_samples():
    train_epoch = make_train_epoch(small_model(), batch_size=32)
    images, labels = small_data(100)
    assert train_epoch(images[:10], labels[:10]).shape == (1,)
    assert train_epoch(images, labels).shape == (4,)


def test_a_call_on_zero_samples_traces_and_trains_nothing():
    """Chapter 11 traces the compiled epoch on zero images, so that the
    timed epoch is the model's first: the call must trace the graph (the
    next call does not trace again) and change no weight."""
    model = small_model()
    before = [w.numpy() for w in model.weights]
    train_epoch = make_train_epoch(model, batch_size=32)
    images, labels = small_data(100)
    assert train_epoch(images[:0], labels[:0]).shape == (0,)
    for w, value in zip(model.weights, before):
        np.testing.assert_array_equal(w.numpy(), value)
    graph = train_epoch.__closure__  # the tf.function it calls
    epoch_graph = next(cell.cell_contents for cell in graph
                       if hasattr(cell.cell_contents,
                                  "experimental_get_tracing_count"))
    assert epoch_graph.experimental_get_tracing_count() == 1
    train_epoch(images, labels)
    assert epoch_graph.experimental_get_tracing_count() == 1
    assert not np.array_equal(model.weights[0].numpy(), before[0])


def test_sgd_object_is_update_weights():
    w = tf.Variable([1.0, 2.0])
    SGD(0.5)([tf.constant([1.0, -1.0])], [w])
    np.testing.assert_allclose(w.numpy(), [0.5, 2.5])
    assert repr(SGD()) == "SGD(learning_rate=0.001)"


def test_fit_compiled_runs_the_same_steps_as_fit(capsys):
    """The claim of chapter 8: fit_compiled runs the same steps as fit.
    Two epochs of the article's network, plain SGD at 1e-3: every loss
    within a relative 1e-5 of fit's, every weight within 1e-6."""
    images, labels = dim_batch(600)  # 4 batches of 128 and one of 88
    eager, compiled = article_model(), article_model()
    expected = fit(eager, images, labels, epochs=2, verbose=False)
    losses = fit_compiled(compiled, images, labels, epochs=2)
    assert len(losses) == 2 * 5 and isinstance(losses[0], float)
    np.testing.assert_allclose(losses, expected, rtol=1e-5)
    assert_same_weights(eager, compiled, atol=1e-6)
    out = capsys.readouterr().out.splitlines()
    assert out == [f"Epoch {epoch}: mean loss "
                   f"{np.mean(expected[5 * epoch:5 * epoch + 5]):.2f}"
                   for epoch in range(2)]


def test_the_optimizer_is_used():
    """A given optimizer replaces the default SGD(1e-3): SGD(0.1) trains as
    fit does with learning_rate=0.1."""
    images, labels = small_data(300)
    eager, compiled = small_model(), small_model()
    expected = fit(eager, images, labels, epochs=1, learning_rate=0.1,
                   verbose=False)
    losses = fit_compiled(compiled, images, labels, epochs=1,
                          optimizer=SGD(0.1), verbose=False)
    np.testing.assert_allclose(losses, expected, rtol=1e-5)
    assert_same_weights(eager, compiled, atol=1e-6)


def test_the_compiled_loss_is_the_eager_loss_even_when_saturated():
    """Eagerly, Keras's loss clips probabilities to 1e-7 (a loss of at most
    -log(1e-7)); the compiled step must compute the same."""
    images, labels = np.array([[1.0, 0.0]], np.float32), np.array([1])
    eager_model, compiled_model = saturated_model(), saturated_model()
    eager_loss = float(one_training_step(eager_model, images, labels, 0.1))
    train_step = make_train_step(compiled_model, optimizer=SGD(0.1))
    compiled_loss = float(train_step(images, labels))
    assert eager_loss == pytest.approx(-np.log(1e-7), rel=1e-3)
    assert compiled_loss == pytest.approx(eager_loss, rel=1e-6)
    assert_same_weights(eager_model, compiled_model, atol=1e-6)


def test_without_identity_a_graph_would_use_the_logits():
    """Why loss_and_update needs tf.identity: in a graph, Keras's loss finds
    the logits behind a softmax (loss 40, not the clipped 16.12)."""
    model = saturated_model()
    images, labels = np.array([[1.0, 0.0]], np.float32), np.array([1])

    @tf.function
    def graph_loss():
        return tf.keras.losses.sparse_categorical_crossentropy(
            labels, model(images))[0]

    assert float(graph_loss()) == pytest.approx(40.0, rel=1e-5)

