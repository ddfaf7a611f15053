"""Tests for the speed benchmark's own variants (benchmarks/speed_variants.py)
and for the benchmark script itself: the floor runs exactly the five
products and changes nothing, the lean and XLA epochs train as fit does,
and the script runs end to end on a few images.

The benchmarks folder is not part of the library; pytest's `pythonpath`
(pyproject.toml) puts it on the import path, as `python benchmarks/speed.py`
does for itself."""


import numpy as np
import pytest
import tensorflow as tf

from scratchnet import NaiveDense, NaiveSequential, fit, one_training_step
from scratchnet.fast_training import SGD

import speed
import speed_variants
from helpers import (
    article_model,
    assert_same_weights,
    dim_batch,
    saturated_model,
    small_data,
    small_model,
)


def as_tensors(images, labels):
    return tf.constant(images), tf.constant(labels, tf.int64)


def ops_in_loop_body(function, op_type):
    """The operations of one type in the loop bodies of a traced graph."""
    graph = function.get_concrete_function().graph
    return [node for f in graph.as_graph_def().library.function
            if "body" in f.signature.name
            for node in f.node_def if node.op == op_type]


def test_the_floor_runs_five_products_per_batch_and_changes_nothing():
    model = article_model()
    before = [w.numpy() for w in model.weights]
    products_epoch = speed_variants.make_products_epoch(model, 128)
    assert len(ops_in_loop_body(products_epoch, "MatMul")) == 5
    total = products_epoch(tf.constant(dim_batch(300)[0]))
    assert np.isfinite(float(total)) and float(total) != 0
    for w, value in zip(model.weights, before):
        np.testing.assert_array_equal(w.numpy(), value)


def test_the_floor_with_updates_adds_two_updates_and_changes_nothing():
    """with_updates=True adds an in-place update of W1 and of W2 to each
    step, with a step of 0: the same total, the same weights."""
    model = article_model()
    before = [w.numpy() for w in model.weights]
    epochs = {flag: speed_variants.make_products_epoch(model, 128, flag)
              for flag in (False, True)}
    for flag, expected in [(False, 0), (True, 2)]:
        updates = ops_in_loop_body(epochs[flag],
                                   "ResourceApplyGradientDescent")
        assert len(updates) == expected
    images = tf.constant(dim_batch(300)[0])
    assert float(epochs[True](images)) == float(epochs[False](images))
    for w, value in zip(model.weights, before):
        np.testing.assert_array_equal(w.numpy(), value)


def test_the_floor_is_checked_for_bad_batch_sizes():
    with pytest.raises((ValueError, TypeError), match="batch"):
        speed_variants.make_products_epoch(article_model(), batch_size=0)


def test_lean_epoch_equals_fit():
    """Fused bias and relu, one update operation per weight: the losses
    within a relative 1e-5 of fit's, the weights within 1e-6."""
    images, labels = small_data(1000)  # 7 full batches and one of 104
    eager, lean = small_model(), small_model()
    losses = fit(eager, images, labels, epochs=1, learning_rate=0.1,
                 verbose=False)
    train_epoch = speed_variants.make_lean_train_epoch(
        lean, optimizer=SGD(0.1))
    lean_losses = train_epoch(*as_tensors(images, labels)).numpy()
    assert lean_losses.shape == (8,)
    np.testing.assert_allclose(lean_losses, losses, rtol=1e-5)
    assert_same_weights(eager, lean, atol=1e-6)


def test_the_variant_trainers_train_as_fit_does_and_return_nothing():
    """The lean epoch and the XLA step, on the article's network: the
    weights of fit, within the tolerance of fused float32 arithmetic."""
    images, labels = dim_batch(300)
    eager = article_model()
    fit(eager, images, labels, epochs=1, verbose=False)
    for make_trainer in [speed_variants.lean_trainer,
                         speed_variants.xla_step_trainer]:
        model = article_model()
        assert make_trainer(model)(*as_tensors(images, labels)) is None
        assert_same_weights(model, eager, atol=1e-5)


def test_lean_epoch_keeps_the_clipped_loss():
    """Like the compiled step, the lean step computes the eager step's
    clipped loss, not the loss from the logits."""
    images, labels = np.array([[1.0, 0.0]], np.float32), np.array([1])
    eager_model, lean_model = saturated_model(), saturated_model()
    eager_loss = float(one_training_step(eager_model, images, labels, 0.1))
    lean_loss = speed_variants.make_lean_train_epoch(
        lean_model, optimizer=SGD(0.1))(*as_tensors(images, labels))[0]
    assert float(lean_loss) == pytest.approx(eager_loss, rel=1e-6)
    assert_same_weights(eager_model, lean_model, atol=1e-6)


def test_lean_epoch_rejects_other_models_and_optimizers():
    model = NaiveSequential([NaiveDense(4, 4, tf.nn.relu)] * 3)
    with pytest.raises(ValueError, match="two dense layers"):
        speed_variants.make_lean_train_epoch(model)

    class Momentum(SGD):
        pass

    with pytest.raises(TypeError, match="needs an SGD optimizer"):
        speed_variants.make_lean_train_epoch(article_model(),
                                             optimizer=Momentum())


def test_update_traffic_counts_three_passes_over_the_weights():
    """469 steps of 407050 float32 weights, each read with its gradient
    and written back."""
    steps, weights = -(-60000 // 128), 784 * 512 + 512 + 512 * 10 + 10
    assert (speed_variants.update_traffic_bytes(article_model())
            == steps * weights * 4 * 3)
    assert speed_variants.update_traffic_bytes(article_model(), 256, 128) \
        == 2 * weights * 12


def test_the_benchmark_runs_end_to_end(capsys):
    """The whole script on 256 images (and a small peak product), one timed
    epoch each: every variant gets a positive time, and the report names
    each target."""
    seconds = speed.main(["--epochs", "1", "--samples", "256",
                          "--peak-size", "256"])
    assert {name for name, _ in speed.VARIANTS} == set(seconds)
    assert all(value > 0 for value in seconds.values())
    out = capsys.readouterr().out
    for line in ["nothing faster than the floor:", "as fast as Keras fit",
                 "within 1.3x of the floor:", "Memory traffic"]:
        assert line in out
