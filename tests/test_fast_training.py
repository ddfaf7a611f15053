"""Tests for scratchnet.fast_training (chapter 11): the compiled step and the
compiled epoch against the eager step and fit (chapters 6 and 7)."""

import numpy as np
import pytest
import tensorflow as tf

from scratchnet import (NaiveDense, NaiveSequential, fit, one_training_step)
from scratchnet.fast_training import (SGD, compiled_epoch, eager_epoch,
                                      fit_compiled, flops_per_epoch,
                                      keras_fit_epoch, make_train_epoch,
                                      make_train_step, matmul_gflops,
                                      seconds_per_epoch, step_epoch)
from scratchnet.improvements import shuffled
from helpers import article_model, small_data, small_model


def dim_batch(n=128, seed=0):
    rng = np.random.default_rng(seed)
    images = rng.random((n, 784), dtype=np.float32) * 0.1
    return images, rng.integers(0, 10, n).astype(np.uint8)


def assert_same_weights(a, b, atol):
    for wa, wb in zip(a.weights, b.weights):
        np.testing.assert_allclose(wa.numpy(), wb.numpy(), atol=atol)


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
    train_epoch = make_train_epoch(compiled, learning_rate=0.1)
    compiled_losses = train_epoch(images, labels).numpy()
    assert compiled_losses.shape == (8,)
    np.testing.assert_allclose(compiled_losses, losses, rtol=1e-5)
    assert_same_weights(eager, compiled, atol=1e-6)


def test_one_graph_serves_any_number_of_samples():
    train_epoch = make_train_epoch(small_model(), batch_size=32)
    images, labels = small_data(100)
    assert train_epoch(images[:10], labels[:10]).shape == (1,)
    assert train_epoch(images, labels).shape == (4,)


def test_sgd_object_is_update_weights():
    w = tf.Variable([1.0, 2.0])
    SGD(0.5)([tf.constant([1.0, -1.0])], [w])
    np.testing.assert_allclose(w.numpy(), [0.5, 2.5])
    assert repr(SGD()) == "SGD(learning_rate=0.001)"


def test_fit_compiled_equals_fit_over_epochs(capsys):
    images, labels = small_data(300)
    eager, compiled = small_model(), small_model()
    expected = fit(eager, images, labels, epochs=3, batch_size=64,
                   learning_rate=0.1, verbose=False)
    losses = fit_compiled(compiled, images, labels, epochs=3, batch_size=64,
                          learning_rate=0.1)
    assert len(losses) == 3 * 5 and isinstance(losses[0], float)
    np.testing.assert_allclose(losses, expected, rtol=1e-5)
    assert_same_weights(eager, compiled, atol=1e-6)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Epoch 0: mean loss {np.mean(expected[:5]):.2f}"
    assert len(out) == 3


def test_shuffling_is_seeded_and_changes_the_order():
    images, labels = small_data(300)
    runs = []
    for seed in [1, 1, 2]:
        model = small_model()
        runs.append(fit_compiled(model, images, labels, epochs=2,
                                 batch_size=64, learning_rate=0.1,
                                 shuffle_seed=seed, verbose=False))
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    # The first epoch sees the samples in the order shuffled() gives.
    rng = np.random.default_rng(1)
    model = small_model()
    first = make_train_epoch(model, 64, 0.1)(
        *shuffled(images, labels, rng)).numpy()
    np.testing.assert_allclose(runs[0][:5], first, rtol=1e-6)


def saturated_model():
    """A model sure that [1, 0] is class 0: class 1 gets e**-40 < 1e-7."""
    model = NaiveSequential([NaiveDense(2, 2, tf.nn.relu),
                             NaiveDense(2, 2, tf.nn.softmax)])
    model.layers[0].W.assign(np.eye(2))
    model.layers[1].W.assign([[40.0, 0.0], [0.0, 0.0]])
    return model


def test_the_compiled_loss_is_the_eager_loss_even_when_saturated():
    """Eagerly, Keras's loss clips probabilities to 1e-7 (a loss of at most
    -log(1e-7)); the compiled step must compute the same."""
    images, labels = np.array([[1.0, 0.0]], np.float32), np.array([1])
    eager_model, compiled_model = saturated_model(), saturated_model()
    eager_loss = float(one_training_step(eager_model, images, labels, 0.1))
    compiled_loss = float(make_train_step(compiled_model, 0.1)(images,
                                                                labels))
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


def test_fit_compiled_stops_on_nan():
    images, labels = small_data(300)
    images[25] = 3e38  # overflows float32 in the first layer
    with pytest.raises(ValueError, match="became nan at epoch 0, batch 2"):
        fit_compiled(small_model(), images, labels, epochs=2, batch_size=10,
                     verbose=False)


def test_fit_compiled_checks_its_input():
    images, labels = small_data(30)
    with pytest.raises(ValueError, match="30 images and 29 labels"):
        fit_compiled(small_model(), images, labels[:29], epochs=1)
    with pytest.raises(ValueError, match="between 0 and 2"):
        fit_compiled(small_model(), images, labels + 1, epochs=1)
    with pytest.raises(ValueError, match="batch_size"):
        fit_compiled(small_model(), images, labels, epochs=1, batch_size=0)


# ------------------------------------------------------------ measuring


def test_flops_per_epoch():
    assert flops_per_epoch() == 6 * 60000 * (784 * 512 + 512 * 10)
    assert 146e9 < flops_per_epoch() < 147e9
    assert flops_per_epoch((3, 2), 10) == 6 * 10 * 6


def test_matmul_gflops_is_a_speed():
    gflops = matmul_gflops(size=256, repeats=2)
    assert np.isfinite(gflops) and gflops > 0.1


@pytest.mark.parametrize("make_variant", [eager_epoch, step_epoch,
                                          compiled_epoch, keras_fit_epoch])
def test_every_variant_trains_one_epoch(make_variant):
    model = article_model()
    images, labels = dim_batch(300)
    start = model.weights[2].numpy().copy()
    seconds = seconds_per_epoch(make_variant, model, images, labels,
                                batch_size=128, epochs=2)
    assert 0 < seconds < 60
    assert not np.allclose(model.weights[2].numpy(), start)


def test_the_variants_train_alike():
    """One epoch of each variant gives the same weights (within float32
    rounding): they time the same computation."""
    images, labels = dim_batch(300)
    weights = []
    for make_variant in [eager_epoch, step_epoch, compiled_epoch,
                         keras_fit_epoch]:
        model = article_model()
        make_variant(model)(images, labels)
        weights.append(model.weights[0].numpy())
    for w in weights[1:]:
        np.testing.assert_allclose(w, weights[0], atol=1e-6)
