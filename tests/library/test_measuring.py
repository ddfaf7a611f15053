"""Tests for scratchnet.measuring (chapter 11): the count of operations,
the floor's products, the one-epoch trainers train alike, and the timer
keeps the warm-up off the clock."""

import numpy as np
import pytest
import tensorflow as tf

from scratchnet.measuring import (
    compiled_trainer,
    eager_trainer,
    flops_per_epoch,
    keras_trainer,
    lean_trainer,
    make_products_epoch,
    matmul_gflops,
    products_trainer,
    seconds_per_epoch,
    step_trainer,
    xla_step_trainer,
)

from helpers import article_model, assert_same_weights, dim_batch


def test_the_trainers_train_alike():
    """One epoch of each trainer gives the same weights (within float32
    rounding): they time the same computation. 300 samples: two batches of
    128 and one of 44."""
    images, labels = dim_batch(300)
    start = article_model().weights[2].numpy()
    trained = []
    for make_trainer in [eager_trainer, step_trainer, compiled_trainer,
                         keras_trainer, lean_trainer]:
        model = article_model()
        make_trainer(model)(images, labels)
        trained.append(model)
    assert not np.allclose(trained[0].weights[2].numpy(), start, atol=1e-4)
    for model in trained[1:]:
        assert_same_weights(model, trained[0], atol=1e-6)


def test_seconds_per_epoch_warms_up_then_keeps_the_best():
    """The warm-up sees one full and one partial batch, off the clock; then
    `epochs` full epochs are timed, and the shortest counts."""
    calls = []

    def make_trainer(model, batch_size):
        def train_one_epoch(images, labels):
            calls.append(len(images))
        return train_one_epoch

    images, labels = np.zeros((1000, 2)), np.zeros(1000)
    seconds = seconds_per_epoch(make_trainer, None, images, labels,
                                batch_size=128, epochs=3)
    assert calls == [128 + 1000 % 128, 1000, 1000, 1000]
    assert seconds == pytest.approx(0, abs=0.01)


def test_flops_per_epoch_counts_the_five_products():
    """2 operations per weight and sample forward, 2 for each weight's
    gradient, 2 for the gradient passed down, except below the first
    layer: the article's network does about 98 GFLOP per epoch, not 146."""
    assert flops_per_epoch() == 60000 * 2 * (2 * 784 * 512 + 3 * 512 * 10)
    assert round(flops_per_epoch() / 1e9) == 98
    # 3-4-5 network, 2 samples: weights 12 and 20.
    assert flops_per_epoch((3, 4, 5), 2) == 2 * (2 * 32 + 2 * 32 + 2 * 20)


def test_the_floor_runs_five_products_per_batch_and_changes_nothing():
    """The floor's graph holds exactly the five products of a step, in its
    loop over batches, and running it changes no weight."""
    model = article_model()
    before = [w.numpy() for w in model.weights]
    products_epoch = make_products_epoch(model, batch_size=128)
    graph = products_epoch.get_concrete_function().graph
    body = [function for function in graph.as_graph_def().library.function
            if "body" in function.signature.name]
    matmuls = [node for function in body for node in function.node_def
               if node.op == "MatMul"]
    assert len(matmuls) == 5
    images, labels = dim_batch(300)
    total = products_trainer(model)(tf.constant(images), labels)
    assert np.isfinite(total) and total != 0
    for w, value in zip(model.weights, before):
        np.testing.assert_array_equal(w.numpy(), value)


def test_the_floor_with_updates_adds_two_updates_and_changes_nothing():
    """with_updates=True adds an in-place update of W1 and of W2 to each
    step, with a step of 0: the same total, the same weights."""
    model = article_model()
    before = [w.numpy() for w in model.weights]
    epochs = {flag: make_products_epoch(model, 128, with_updates=flag)
              for flag in (False, True)}
    for flag, expected in [(False, 0), (True, 2)]:
        graph = epochs[flag].get_concrete_function().graph
        updates = [node for function in graph.as_graph_def().library.function
                   for node in function.node_def
                   if node.op == "ResourceApplyGradientDescent"]
        assert len(updates) == expected
    images = tf.constant(dim_batch(300)[0])
    assert float(epochs[True](images)) == float(epochs[False](images))
    for w, value in zip(model.weights, before):
        np.testing.assert_array_equal(w.numpy(), value)


def test_the_floor_is_checked_for_bad_batch_sizes():
    with pytest.raises((ValueError, TypeError), match="batch"):
        make_products_epoch(article_model(), batch_size=0)


def test_the_xla_step_trains_like_the_eager_loop():
    """The XLA variant (benchmark only) computes the same weights, within
    the tolerance of fused float32 arithmetic."""
    images, labels = dim_batch(300)
    eager, xla = article_model(), article_model()
    eager_trainer(eager)(images, labels)
    xla_step_trainer(xla)(tf.constant(images),
                          tf.constant(labels, tf.int64))
    assert_same_weights(xla, eager, atol=1e-5)


def test_matmul_gflops_is_a_positive_speed():
    assert matmul_gflops(size=64, repeats=2) > 0
