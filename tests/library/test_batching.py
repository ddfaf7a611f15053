"""Tests for BatchGenerator (chapter 5): properties that must hold for any
data size and batch size."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnet import BatchGenerator


def numbered(n):
    """Images and labels that say their own position."""
    images = np.arange(n * 2).reshape(n, 2)
    labels = np.arange(n)
    return images, labels


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 500), batch_size=st.integers(1, 200))
def test_every_sample_once_in_order_only_last_batch_partial(n, batch_size):
    images, labels = numbered(n)
    generator = BatchGenerator(images, labels, batch_size=batch_size)
    assert generator.num_batches == math.ceil(n / batch_size)
    assert len(generator) == generator.num_batches
    batches = [generator.next() for _ in range(generator.num_batches)]
    sizes = [len(b[1]) for b in batches]
    assert all(size == batch_size for size in sizes[:-1])
    assert 1 <= sizes[-1] <= batch_size
    seen = np.concatenate([b[1] for b in batches])
    np.testing.assert_array_equal(seen, labels)
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]),
                                  images)


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 300), batch_size=st.integers(1, 100))
def test_each_for_loop_is_one_full_epoch(n, batch_size):
    images, labels = numbered(n)
    generator = BatchGenerator(images, labels, batch_size=batch_size)
    for _ in range(2):
        seen = np.concatenate([labels_batch for _, labels_batch in generator])
        np.testing.assert_array_equal(seen, labels)


def test_mnist_sized_numbers():
    generator = BatchGenerator(np.zeros((60000, 1)), np.zeros(60000))
    assert generator.batch_size == 128
    assert generator.num_batches == 469
    sizes = [len(labels) for _, labels in generator]
    assert sizes[-1] == 60000 - 468 * 128 == 96


def test_next_after_the_last_batch_is_a_clear_error():
    """One call too many is the caller's mistake: a RuntimeError that names
    the fix, not an empty batch and not a StopIteration (which would look
    like the quiet end of a loop)."""
    generator = BatchGenerator(*numbered(5), batch_size=2)
    for _ in range(3):
        generator.next()
    with pytest.raises(RuntimeError, match="All 3 batches .* at most "
                                           "num_batches times"):
        generator.next()
    assert generator.index == 6  # the failed call moved nothing


def test_a_for_loop_after_next_calls_starts_a_full_epoch():
    generator = BatchGenerator(*numbered(5), batch_size=2)
    for _ in range(3):
        generator.next()
    seen = np.concatenate([labels for _, labels in generator])
    np.testing.assert_array_equal(seen, np.arange(5))


def test_mismatched_lengths():
    with pytest.raises(ValueError, match="10 images and 9 labels"):
        BatchGenerator(np.zeros((10, 2)), np.zeros(9))


def test_empty_data():
    with pytest.raises(ValueError, match="empty"):
        BatchGenerator(np.zeros((0, 2)), np.zeros(0))


@pytest.mark.parametrize("batch_size, error", [
    (0, ValueError), (-5, ValueError), (2.0, TypeError), ("128", TypeError),
])
def test_batch_size_must_be_a_positive_whole_number(batch_size, error):
    with pytest.raises(error, match="batch_size"):
        BatchGenerator(*numbered(4), batch_size=batch_size)


def test_repr():
    generator = BatchGenerator(*numbered(1000), batch_size=128)
    assert repr(generator) == ("BatchGenerator(1000 samples, batch_size=128, "
                               "num_batches=8)")
