"""A gradient tape of our own, in NumPy: the forward pass recorded, then
replayed backwards with the chain rule.

Explained in chapter 13, *A gradient tape of our own*
(``book/13_gradient_tape.ipynb``).

``with Tape() as tape:`` switches recording on, as with
``tf.GradientTape``. Each operation (``matmul``, ``add``, ``relu``,
``softmax_cross_entropy``, ``mean``) computes its result with NumPy and
writes a ``Record`` onto the tape: its inputs, its output, and one backward
rule per input. ``tape.gradient(loss, weights)`` walks the records in
reverse and applies the rules. No TensorFlow here.
"""

import numpy as np

from scratchnet.support.input_checks import check_labels, check_same_length

_recording = []  # the tapes whose ``with`` block is running


class Record:
    """One operation of the forward pass: its name, its inputs, its output,
    and one backward rule per input, which turns the gradient of the output
    into the gradient of that input.
    Explained in chapter 13, *A gradient tape of our own*.
    """

    def __init__(self, name, inputs, output, rules):
        self.name, self.inputs, self.output = name, inputs, output
        self.rules = rules

    def __repr__(self):
        shapes = ", ".join(str(x.shape) for x in self.inputs)
        return f"{self.name}({shapes}) -> {self.output.shape}"


class Tape:
    """Records the operations on watched arrays, and replays them backwards.
    Explained in chapter 13, *A gradient tape of our own*.
    """

    def __init__(self, persistent=False):
        self.persistent = persistent
        self.records = []
        self.traced = {}  # id -> array: watched, or computed from one
        self.released = False

    def __enter__(self):
        _recording.append(self)
        return self

    def __exit__(self, *exception):
        _recording.remove(self)

    def watch(self, *arrays):
        for array in arrays:
            if not isinstance(array, np.ndarray):
                raise TypeError(
                    f"The tape watches NumPy arrays, not "
                    f"{type(array).__name__}: pass w.numpy() for a "
                    "tf.Variable w.")
            self.traced[id(array)] = array

    def accumulate(self, gradients, x, d_x):
        """Add ``d_x`` to the gradient of ``x``: a value used twice gets
        the gradients of both uses."""
        if id(x) in gradients:
            d_x = gradients[id(x)] + d_x
        gradients[id(x)] = d_x

    def gradient(self, target, sources):
        if self.released:
            raise RuntimeError(
                "This tape gave its gradients once and let go of its "
                "records: make it with Tape(persistent=True) to ask twice.")
        if id(target) not in self.traced:
            raise ValueError(
                "The target was not recorded by this tape: compute it inside "
                "the `with` block, from watched arrays, with the tape's "
                "operations (np.mean is not one: use mean()).")
        gradients = {id(target): np.ones_like(target)}
        for operation in reversed(self.records):
            d_output = gradients.get(id(operation.output))
            if d_output is None:  # this operation does not lead to target
                continue
            for x, rule in zip(operation.inputs, operation.rules):
                if id(x) in self.traced:
                    self.accumulate(gradients, x, rule(d_output))
        for i, source in enumerate(sources):
            if id(source) not in gradients:
                raise ValueError(
                    f"No gradient reached source {i}, of shape "
                    f"{np.shape(source)}: watch it before the forward pass, "
                    "use it in the loss, and compute every step with the "
                    "tape's operations (an operation the tape does not know, "
                    "such as np.maximum, cuts the chain: add it with "
                    "record()).")
        if not self.persistent:
            self.records, self.traced, self.released = [], {}, True
        return [gradients[id(source)] for source in sources]

    def __repr__(self):
        return f"Tape({len(self.records)} records)"


def record(name, inputs, output, rules):
    """Write an operation onto every recording tape that watches one of its
    inputs, and return its output. ``rules`` holds one backward rule per
    input: ``rule(d_output)`` returns the gradient for that input.
    Explained in chapter 13, *A gradient tape of our own*.
    """
    if len(rules) != len(inputs):
        raise ValueError(
            f"{name}: {len(inputs)} inputs but {len(rules)} backward rules: "
            "give one rule per input, in the same order.")
    for tape in _recording:
        if any(id(x) in tape.traced for x in inputs):
            tape.records.append(Record(name, inputs, output, rules))
            tape.traced[id(output)] = output
    return output


def matmul(a, b):
    """``a @ b``. Explained in chapter 13, *A gradient tape of our own*."""
    return record("matmul", [a, b], a @ b,
                  [lambda d: d @ b.T, lambda d: a.T @ d])


def unbroadcast(gradient, shape):
    """Sum ``gradient`` over the axes that broadcasting added or stretched,
    so that it gets ``shape`` back.
    Explained in chapter 13, *A gradient tape of our own*.
    """
    while gradient.ndim > len(shape):
        gradient = gradient.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and gradient.shape[axis] != 1:
            gradient = gradient.sum(axis=axis, keepdims=True)
    return gradient


def add(a, b):
    """``a + b``, with broadcasting, as when a bias is added to every row.
    Explained in chapter 13, *A gradient tape of our own*.
    """
    return record("add", [a, b], a + b,
                  [lambda d: unbroadcast(d, np.shape(a)),
                   lambda d: unbroadcast(d, np.shape(b))])


def relu(z):
    """``max(z, 0)``. Explained in chapter 13, *A gradient tape of our own*.
    """
    return record("relu", [z], np.maximum(z, 0), [lambda d: d * (z > 0)])


def softmax(logits):
    """The probabilities of each row of logits.
    Explained in chapter 13, *A gradient tape of our own*.
    """
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def softmax_cross_entropy(logits, labels):
    """The loss of each sample: -log of the softmax probability of its
    label, clipped to [1e-7, 1 - 1e-7] as Keras's loss does. The backward
    rule passes no gradient where the lower clip holds (the loss is flat
    there); at the upper clip, within 1e-7 of a perfect answer, it keeps
    the tiny gradient, a difference from Keras of about 1e-13.
    Explained in chapter 13, *A gradient tape of our own*.
    """
    check_same_length(logits, labels, "logits", "labels")
    check_labels(labels, num_classes=logits.shape[1])
    rows = np.arange(len(labels))
    true_class = softmax(logits)[rows, labels]
    losses = -np.log(np.clip(true_class, 1e-7, 1 - 1e-7))

    def rule(d):
        probabilities = softmax(logits)  # again: the tape keeps the logits
        not_clipped = probabilities[rows, labels] >= 1e-7
        probabilities[rows, labels] -= 1  # minus the one-hot labels
        return probabilities * (d * not_clipped)[:, None]

    return record("softmax_cross_entropy", [logits], losses, [rule])


def mean(values):
    """The mean of all entries, as a 0-d array.
    Explained in chapter 13, *A gradient tape of our own*.
    """
    return record("mean", [values], np.asarray(values.mean()),
                  [lambda d: np.full_like(values, d / values.size)])


def tape_loss(weights, images, labels):
    """The average loss of the article's network, ``[W1, b1, W2, b2]``, on
    a batch, with every step recorded by the recording tapes.
    Explained in chapter 13, *A gradient tape of our own*.
    """
    W1, b1, W2, b2 = weights
    hidden = relu(add(matmul(images, W1), b1))
    logits = add(matmul(hidden, W2), b2)
    return mean(softmax_cross_entropy(logits, labels))
