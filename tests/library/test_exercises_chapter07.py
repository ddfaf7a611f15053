"""The checks of chapter 7's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter07)."""

import numpy as np
import pytest

from scratchnet import BatchGenerator, one_training_step
from scratchnet.exercises import set_language
from scratchnet.exercises.chapter07 import (
    fixed_loop_exercise,
    worst_batch_exercise,
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def fixed(model, images, labels, epochs, batch_size=128, learning_rate=1e-3):
    """The solution of exercise 7.1: a new generator for every epoch."""
    losses = []
    for epoch_counter in range(epochs):
        batch_generator = BatchGenerator(images, labels, batch_size)
        for batch_counter in range(batch_generator.num_batches):
            images_batch, labels_batch = batch_generator.next()
            loss = one_training_step(model, images_batch, labels_batch,
                                     learning_rate)
            losses.append(float(loss))
    return losses


def looped(model, images, labels, epochs, batch_size=128, learning_rate=1e-3):
    """Also right: one generator, but a for loop starts it again."""
    losses = []
    batch_generator = BatchGenerator(images, labels, batch_size)
    for epoch_counter in range(epochs):
        for images_batch, labels_batch in batch_generator:
            losses.append(one_training_step(model, images_batch,
                                            labels_batch, learning_rate))
    return losses


def starter(model, images, labels, epochs, batch_size=128,
            learning_rate=1e-3):
    """The starter cell of exercise 7.1, untouched."""
    losses = []
    batch_generator = BatchGenerator(images, labels, batch_size)
    for epoch_counter in range(epochs):
        for batch_counter in range(batch_generator.num_batches):
            images_batch, labels_batch = batch_generator.next()
            loss = one_training_step(  # noqa: F841
                model, images_batch, labels_batch, learning_rate)
            losses.append(...)
    return losses


def one_generator(model, images, labels, epochs, batch_size=128,
                  learning_rate=1e-3):
    """The starter with its blank filled in and its bug left."""
    losses = []
    batch_generator = BatchGenerator(images, labels, batch_size)
    for epoch_counter in range(epochs):
        for batch_counter in range(batch_generator.num_batches):
            images_batch, labels_batch = batch_generator.next()
            loss = one_training_step(model, images_batch, labels_batch,
                                     learning_rate)
            losses.append(float(loss))
    return losses


def used_up(model, images, labels, epochs, batch_size=128,
            learning_rate=1e-3):
    losses = []
    batches = iter(BatchGenerator(images, labels, batch_size))
    for epoch_counter in range(epochs):
        for images_batch, labels_batch in batches:
            losses.append(float(one_training_step(
                model, images_batch, labels_batch, learning_rate)))
    return losses


def per_epoch(model, images, labels, epochs, batch_size=128,
              learning_rate=1e-3):
    losses = []
    for epoch_counter in range(epochs):
        for images_batch, labels_batch in BatchGenerator(images, labels,
                                                         batch_size):
            loss = one_training_step(model, images_batch, labels_batch,
                                     learning_rate)
        losses.append(float(loss))
    return losses


def no_batch_size(model, images, labels, epochs, batch_size=128,
                  learning_rate=1e-3):
    return fixed(model, images, labels, epochs, learning_rate=learning_rate)


def no_learning_rate(model, images, labels, epochs, batch_size=128,
                     learning_rate=1e-3):
    return fixed(model, images, labels, epochs, batch_size)


def twice(model, images, labels, epochs, batch_size=128, learning_rate=1e-3):
    return fixed(model, images, labels, 2 * epochs, batch_size,
                 learning_rate)


@pytest.mark.parametrize("answer, kind, words", [
    (fixed, "correct", "Correct!"),
    (looped, "correct", "Correct!"),
    (starter, "unanswered", "Not answered yet"),
    (one_generator, "mistake", "made once above the epoch loop"),
    (used_up, "mistake", "the second epoch got no batches"),
    (per_epoch, "mistake", "recorded 1 loss"),
    (no_batch_size, "mistake", "pass batch_size on"),
    (no_learning_rate, "mistake", "hand learning_rate on"),
    (twice, "incorrect", "should record 3 losses"),
    (lambda *args, **kwargs: 0.5, "incorrect", "return the list of losses"),
])
def test_fixed_loop(answer, kind, words):
    feedback = fixed_loop_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def worst(losses, batches_per_epoch):
    """The solution of exercise 7.2."""
    last_epoch = np.array(losses[-batches_per_epoch:])
    position = int(np.argmax(last_epoch))
    return position, last_epoch[position]


def from_the_start(losses, batches_per_epoch):
    position, loss = worst(losses, batches_per_epoch)
    return len(losses) - batches_per_epoch + position, loss


@pytest.mark.parametrize("answer, kind, words", [
    (worst, "correct", "Correct!"),
    (lambda losses, n: (np.argmax(np.float32(losses[-n:])),
                        np.float32(losses[-n:]).max()), "correct",
     "Correct!"),
    (lambda losses, n: ..., "unanswered", "Not answered yet"),
    (lambda losses, n: (int(np.argmax(losses)), max(losses)), "mistake",
     "not from the last epoch"),
    (lambda losses, n: worst(losses[:n], n), "mistake",
     "not from the last epoch"),
    (from_the_start, "mistake", "counts from the start of the run"),
    (lambda losses, n: worst(losses, n + 1), "mistake",
     "one batch into the epoch before"),
    (lambda losses, n: worst(losses, n - 1), "mistake", "one too small"),
    (lambda losses, n: (0, min(losses[-n:])), "incorrect", "the worst batch "
     "of the last epoch is batch 2"),
    (lambda losses, n: max(losses[-n:]), "incorrect", "return two numbers"),
])
def test_worst_batch(answer, kind, words):
    feedback = worst_batch_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_every_message_has_its_chinese():
    set_language("zh")
    for exercise, answer in [(fixed_loop_exercise, one_generator),
                             (fixed_loop_exercise, used_up),
                             (fixed_loop_exercise, per_epoch),
                             (fixed_loop_exercise, no_batch_size),
                             (fixed_loop_exercise, no_learning_rate),
                             (worst_batch_exercise, from_the_start)]:
        message = exercise.evaluate(answer).message
        assert message.startswith("还不对：") and "For a nudge" not in message
    assert fixed_loop_exercise.evaluate(fixed).message.startswith("正确！")
