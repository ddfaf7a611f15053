"""Tests for scratchnet.tape (chapter 13): every backward rule against
finite differences and against tf.GradientTape, the broadcasting rule on
shapes hypothesis draws, the sum for a value used twice, and the errors."""

import re

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis.extra import numpy as hnp

from scratchnet.gradient_check import (
    network_loss,
    numerical_gradient,
    relative_error,
    tape_gradients,
)
from scratchnet.support.graph_figure import draw_computation_graph
from scratchnet.support.tape_graph import tape_operations
from scratchnet.tape import (
    Tape,
    add,
    matmul,
    mean,
    record,
    relu,
    softmax_cross_entropy,
    tape_loss,
    unbroadcast,
)

from helpers import article_model, dim_batch

RNG = np.random.default_rng(0)


def weighted_sum(x, weights):
    """sum(x * weights), recorded: a scalar whose gradient is ``weights``,
    so that a rule is tested with a gradient that is not all ones."""
    return record("weighted_sum", [x], np.asarray(np.sum(x * weights)),
                  [lambda d: d * weights])


def tape_and_numeric(operation, inputs, extra=()):
    """The gradients of sum(operation(*inputs) * random weights) for every
    input, from our tape and from finite differences (float64)."""
    output_weights = RNG.normal(size=np.shape(operation(*inputs, *extra)))
    with Tape() as tape:
        tape.watch(*inputs)
        target = weighted_sum(operation(*inputs, *extra), output_weights)
    ours = tape.gradient(target, list(inputs))
    numeric = []
    for i, x in enumerate(inputs):
        def f(value, i=i):
            changed = list(inputs)
            changed[i] = value
            return np.sum(operation(*changed, *extra) * output_weights)
        numeric.append(numerical_gradient(f, x))
    return ours, numeric


def tf_gradients(tf_operation, inputs, output_weights):
    variables = [tf.Variable(x) for x in inputs]
    with tf.GradientTape() as tape:
        target = tf.reduce_sum(tf_operation(*variables) * output_weights)
    return [g.numpy() for g in tape.gradient(target, variables)]


OPERATIONS = {
    "matmul": (matmul, lambda: [RNG.normal(size=(6, 5)),
                                RNG.normal(size=(5, 4))]),
    "add": (add, lambda: [RNG.normal(size=(6, 4)), RNG.normal(size=4)]),
    "relu": (relu, lambda: [RNG.normal(size=(6, 4))]),
    "mean": (mean, lambda: [RNG.normal(size=(6, 4))]),
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_rule_against_finite_differences(name):
    operation, make_inputs = OPERATIONS[name]
    ours, numeric = tape_and_numeric(operation, make_inputs())
    for a, b in zip(ours, numeric):
        assert a.shape == b.shape
        assert relative_error(a, b) < 1e-8


TF_TWINS = {"matmul": tf.matmul, "add": lambda a, b: a + b,
            "relu": tf.nn.relu, "mean": tf.reduce_mean}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_rule_against_gradient_tape(name):
    operation, make_inputs = OPERATIONS[name]
    inputs = make_inputs()
    output_weights = RNG.normal(size=np.shape(operation(*inputs)))
    with Tape() as tape:
        tape.watch(*inputs)
        target = weighted_sum(operation(*inputs), output_weights)
    ours = tape.gradient(target, inputs)
    theirs = tf_gradients(TF_TWINS[name], inputs, output_weights)
    for a, b in zip(ours, theirs):
        assert relative_error(a, b) < 1e-12


def keras_losses(logits, labels):
    """Keras's loss of each sample, from the softmax probabilities."""
    return tf.keras.losses.sparse_categorical_crossentropy(
        labels, tf.nn.softmax(logits))


def test_softmax_cross_entropy_against_finite_differences():
    logits, labels = RNG.normal(size=(8, 3)), RNG.integers(0, 3, 8)
    ours, numeric = tape_and_numeric(softmax_cross_entropy, [logits],
                                     extra=(labels,))
    assert relative_error(ours[0], numeric[0]) < 1e-8


@pytest.mark.parametrize("scale", [1.0, 40.0])
def test_softmax_cross_entropy_against_gradient_tape(scale):
    """Scale 40 makes logits so far apart that some true classes get a
    probability below 1e-7: the clip holds them, and the gradient of those
    samples is 0 in both. Keras also adds the log of the sum of the ten
    clipped probabilities, at most ln(1 + 9e-7): hence atol=1e-6."""
    logits = RNG.normal(size=(16, 10)) * scale
    labels = RNG.integers(0, 10, 16)
    clipped = (tf.nn.softmax(logits).numpy()[np.arange(16), labels] < 1e-7)
    assert clipped.any() == (scale > 1)
    output_weights = RNG.normal(size=16)
    with Tape() as tape:
        tape.watch(logits)
        losses = softmax_cross_entropy(logits, labels)
        target = weighted_sum(losses, output_weights)
    ours = tape.gradient(target, [logits])[0]
    theirs = tf_gradients(lambda z: keras_losses(z, labels), [logits],
                          output_weights)[0]
    np.testing.assert_allclose(losses, keras_losses(logits, labels),
                               rtol=1e-6, atol=1e-6)
    assert relative_error(ours, theirs) < 1e-6
    np.testing.assert_array_equal(ours[clipped], 0)


def small_network(seed=0):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(5, 4)), rng.normal(size=4) * 0.1,
               rng.normal(size=(4, 3)), rng.normal(size=3) * 0.1]
    return weights, rng.random((8, 5)), rng.integers(0, 3, 8)


def tape_network_gradients(weights, images, labels):
    with Tape() as tape:
        tape.watch(*weights)
        loss = tape_loss(weights, images, labels)
    return loss, tape.gradient(loss, weights)


def test_network_against_finite_differences():
    weights, images, labels = small_network()
    _, ours = tape_network_gradients(weights, images, labels)
    for i, gradient in enumerate(ours):
        def loss_of(w, i=i):
            changed = list(weights)
            changed[i] = w
            return tape_loss(changed, images, labels)  # no tape: no record
        numeric = numerical_gradient(loss_of, weights[i])
        assert relative_error(gradient, numeric) < 1e-8


def test_network_against_gradient_tape_in_float64():
    weights, images, labels = small_network(1)
    loss, ours = tape_network_gradients(weights, images, labels)
    theirs = tape_gradients(weights, images, labels)
    assert float(loss) == pytest.approx(
        float(network_loss(weights, images, labels)), rel=1e-12)
    for a, b in zip(ours, theirs):
        assert relative_error(a, b) < 1e-12


def test_article_network_against_gradient_tape_in_float32():
    """Logits of the untrained article network are large, so float32 keeps
    fewer digits of them: the tolerance of chapter 13, 1e-4."""
    model = article_model()
    weights = [w.numpy() for w in model.weights]
    images, labels = dim_batch(64)
    loss, ours = tape_network_gradients(weights, images, labels)
    theirs = tape_gradients(weights, images, labels)
    assert all(g.dtype == np.float32 for g in ours)
    assert float(loss) == pytest.approx(
        float(network_loss(weights, images, labels)), rel=1e-5)
    for a, b in zip(ours, theirs):
        assert relative_error(a, b) < 1e-4


broadcast_pairs = hnp.mutually_broadcastable_shapes(
    num_shapes=2, min_dims=0, max_dims=3, max_side=4)


@settings(max_examples=40, deadline=None)
@given(broadcast_pairs)
def test_add_broadcasting_matches_gradient_tape(shapes):
    a_shape, b_shape = shapes.input_shapes
    a, b = RNG.normal(size=a_shape), RNG.normal(size=b_shape)
    output_weights = RNG.normal(size=shapes.result_shape)
    with Tape() as tape:
        tape.watch(a, b)
        target = weighted_sum(add(a, b), output_weights)
    ours = tape.gradient(target, [a, b])
    theirs = tf_gradients(lambda x, y: x + y, [a, b], output_weights)
    for mine, tfs, shape in zip(ours, theirs, [a_shape, b_shape]):
        assert np.shape(mine) == shape
        np.testing.assert_allclose(mine, tfs, rtol=1e-12, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(broadcast_pairs)
def test_unbroadcast_keeps_the_total(shapes):
    """Each entry of a broadcast input is used once per copy: its gradient
    is the sum over the copies, so nothing is lost or counted twice."""
    gradient = RNG.normal(size=shapes.result_shape)
    for shape in shapes.input_shapes:
        reduced = unbroadcast(gradient, shape)
        assert np.shape(reduced) == shape
        assert np.sum(reduced) == pytest.approx(np.sum(gradient))


def test_a_value_used_twice_gets_the_sum():
    x = RNG.normal(size=(3, 3))
    with Tape() as tape:
        tape.watch(x)
        target = mean(add(x, x))
    np.testing.assert_allclose(tape.gradient(target, [x])[0],
                               np.full((3, 3), 2 / 9))


def tied_loss(weights, images, labels):
    """A network that uses its square W twice, as a tied layer does."""
    W, b = weights
    hidden = relu(add(matmul(images, W), b))
    return mean(softmax_cross_entropy(matmul(hidden, W), labels))


class OverwritingTape(Tape):
    """The bug: the gradient of a value used twice keeps only its last
    use."""

    def accumulate(self, gradients, x, d_x):
        gradients[id(x)] = d_x


def tied_gradient(tape_class, weights, images, labels):
    with tape_class() as tape:
        tape.watch(*weights)
        loss = tied_loss(weights, images, labels)
    return tape.gradient(loss, weights)[0]


def test_shared_weight_against_finite_differences_and_the_bug():
    rng = np.random.default_rng(3)
    weights = [rng.normal(size=(3, 3)), rng.normal(size=3) * 0.1]
    images, labels = rng.random((8, 3)), rng.integers(0, 3, 8)
    numeric = numerical_gradient(
        lambda W: tied_loss([W, weights[1]], images, labels), weights[0])
    summed = tied_gradient(Tape, weights, images, labels)
    overwritten = tied_gradient(OverwritingTape, weights, images, labels)
    assert relative_error(summed, numeric) < 1e-8
    assert relative_error(overwritten, numeric) > 0.1


def test_operations_outside_a_tape_or_unwatched_are_not_recorded():
    a, b = RNG.normal(size=(2, 3)), RNG.normal(size=(3, 2))
    with Tape() as tape:
        tape.watch(b)
    np.testing.assert_allclose(matmul(a, b), a @ b)  # after the block
    with tape:
        product = matmul(a, RNG.normal(size=(3, 2)))  # nothing watched
        matmul(product.T, a)  # computed from it: not watched either
    assert tape.records == []


def test_only_watched_paths_are_recorded():
    a, b = RNG.normal(size=(2, 3)), RNG.normal(size=(3, 2))
    with Tape() as tape:
        matmul(a, b)
        tape.watch(b)
        product = matmul(a, b)
        relu(product)
    assert [repr(r) for r in tape.records] == [
        "matmul((2, 3), (3, 2)) -> (2, 2)", "relu((2, 2)) -> (2, 2)"]


def test_nested_tapes_both_record():
    x = RNG.normal(size=(2, 2))
    with Tape() as outer:
        outer.watch(x)
        with Tape() as inner:
            inner.watch(x)
            target = mean(relu(x))
        mean(x)
    assert len(inner.records) == 2 and len(outer.records) == 3
    np.testing.assert_allclose(inner.gradient(target, [x])[0],
                               outer.gradient(target, [x])[0])


def test_images_get_no_gradient_work():
    """The rule for an input that is not traced is never called."""
    calls = []
    a, b = RNG.normal(size=(2, 3)), RNG.normal(size=(3, 2))
    with Tape() as tape:
        tape.watch(b)
        out = record("spy", [a, b], a @ b, [
            lambda d: calls.append("a") or d @ b.T,
            lambda d: calls.append("b") or a.T @ d])
        target = mean(out)
    tape.gradient(target, [b])
    assert calls == ["b"]


def test_a_tape_gives_gradients_once_unless_persistent():
    x = RNG.normal(size=(2, 2))
    for persistent in (False, True):
        with Tape(persistent=persistent) as tape:
            tape.watch(x)
            target = mean(relu(x))
        first = tape.gradient(target, [x])[0]
        if persistent:
            np.testing.assert_array_equal(tape.gradient(target, [x])[0],
                                          first)
            assert len(tape.records) == 2
        else:
            assert tape.records == []
            with pytest.raises(RuntimeError, match="persistent=True"):
                tape.gradient(target, [x])


def test_clear_errors():
    x, w = RNG.normal(size=(4, 3)), RNG.normal(size=(3, 2))
    unused = RNG.normal(size=2)
    with Tape() as tape:
        tape.watch(w, unused)
        product = matmul(x, w)
        outside = np.mean(product)  # an operation the tape does not know
        loss = mean(product)
    with pytest.raises(ValueError, match=r"use mean\(\)"):
        tape.gradient(outside, [w])
    with pytest.raises(ValueError, match="No gradient reached source 1"):
        tape.gradient(loss, [w, unused])
    w2 = RNG.normal(size=(2, 2))
    with Tape() as tape:
        tape.watch(w, w2)
        cut = np.maximum(matmul(x, w), 0)  # NumPy in the middle
        loss = mean(matmul(cut, w2))
    with pytest.raises(ValueError, match="np.maximum"):
        tape.gradient(loss, [w, w2])
    with pytest.raises(TypeError, match=r"w.numpy\(\)"):
        Tape().watch(tf.Variable(w))
    with pytest.raises(ValueError, match="one rule per input"):
        record("twice", [x, w], x, [lambda d: d])


def test_bad_labels_are_named():
    logits = RNG.normal(size=(4, 3))
    with pytest.raises(ValueError, match="between 0 and 2"):
        softmax_cross_entropy(logits, np.array([0, 1, 2, 3]))
    with pytest.raises(ValueError):
        softmax_cross_entropy(logits, np.array([0, 1]))


def recorded_small_network(watch_images=False):
    weights, images, labels = small_network()
    with Tape(persistent=True) as tape:
        tape.watch(*weights)
        if watch_images:
            tape.watch(images)
        loss = tape_loss(weights, images, labels)
    names = dict(zip(["images", "W1", "b1", "W2", "b2", "loss"],
                     [images, *weights, loss]))
    return tape, names


def backward_order(tape):
    """The order in which ``tape.gradient`` plays the records back, seen
    from inside: each rule notes its record's number when it runs."""
    visited = []
    for number, operation in enumerate(tape.records, start=1):
        operation.rules = [
            lambda d, rule=rule, number=number:
            visited.append(number) or rule(d)
            for rule in operation.rules]
    tape.gradient(tape.records[-1].output,
                  [x for x in tape.traced.values()
                   if id(x) not in {id(r.output) for r in tape.records}])
    return list(dict.fromkeys(visited))


def step(label):
    return int(re.fullmatch(r"step (\d+): gradient \(.*\)", label)[1])


def test_tape_operations_is_the_chain_of_the_records():
    tape, names = recorded_small_network()
    operations = tape_operations(tape, names)
    assert [op["operation"] for op in operations] == ["input"] + [
        r.name for r in tape.records]
    assert [op["shape"] for op in operations] == [(8, 5)] + [
        r.output.shape for r in tape.records]
    assert [op["output"] for op in operations] == [
        "images", "output 1", "output 2", "output 3", "output 4",
        "output 5", "output 6", "loss"]
    assert [(op["parameter"], op["parameter_shape"])
            for op in operations if "parameter" in op] == [
        (name, names[name].shape) for name in ["W1", "b1", "W2", "b2"]]
    draw_computation_graph(operations)  # plain data it accepts


def test_tape_operations_numbers_the_steps_of_the_backward_pass():
    """Each gradient label names the step at which tape.gradient really
    runs the rule that computes it, and the shape of what it computes."""
    tape, names = recorded_small_network()
    operations = tape_operations(tape, names)
    order = backward_order(tape)
    assert order == list(range(len(tape.records), 0, -1))
    for number, operation in enumerate(operations[1:], start=1):
        visited_at = order.index(number) + 1
        if "parameter_gradient" in operation:
            assert step(operation["parameter_gradient"]) == visited_at
            assert operation["parameter_gradient"].endswith(
                str(operation["parameter_shape"]))
        # the gradient of the chain's value that goes into this record
        # comes from this record's rule (the images get none)
        into_record = operations[number - 1].get("gradient")
        if number > 1:
            assert step(into_record) == visited_at
    assert operations[-1]["gradient"] == "start: 1"


def test_tape_operations_leaves_out_gradients_the_tape_never_computes():
    tape, names = recorded_small_network()
    assert "gradient" not in tape_operations(tape, names)[0]
    tape, names = recorded_small_network(watch_images=True)
    assert tape_operations(tape, names)[0]["gradient"] == \
        "step 7: gradient (8, 5)"


def test_tape_operations_errors():
    tape, names = recorded_small_network()
    del names["W2"]
    with pytest.raises(ValueError, match=r"no name for the array of shape "
                       r"\(4, 3\)"):
        tape_operations(tape, names)
    weights, images, labels = small_network()
    first, second = images[:4], images[4:]
    with Tape() as tape:
        tape.watch(*weights)
        halves = add(tape_loss(weights, first, labels[:4]),
                     tape_loss(weights, second, labels[4:]))
    names = dict(zip(["first", "second", "W1", "b1", "W2", "b2"],
                     [first, second, *weights]))
    with pytest.raises(ValueError, match=r"record 8 \(matmul\) is not a "
                       "link of a chain"):
        tape_operations(tape, names)
    tape.gradient(halves, weights)
    with pytest.raises(ValueError, match="persistent=True"):
        tape_operations(tape, names)
