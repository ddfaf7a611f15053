"""Tests for predicted labels, accuracy and the confusion matrix
(chapter 8)."""

import numpy as np
import pytest
import tensorflow as tf

from scratchnet import (
    accuracy,
    build_keras_model,
    confusion_matrix,
    predict_labels,
)


def test_predict_labels_takes_the_most_probable_class():
    def model(images):
        return tf.constant([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])
    np.testing.assert_array_equal(predict_labels(model, None), [1, 0])


def test_predict_labels_works_with_keras():
    keras_model = build_keras_model()
    images = np.random.default_rng(0).random((5, 784), dtype=np.float32)
    expected = keras_model.predict(images, verbose=0).argmax(axis=1)
    np.testing.assert_array_equal(predict_labels(keras_model, images),
                                  expected)


def test_accuracy_takes_the_true_labels_first():
    labels, predicted = np.array([1, 2, 3, 4]), np.array([1, 2, 0, 4])
    assert accuracy(labels, predicted) == 0.75
    assert isinstance(accuracy([1], [1]), float)


@pytest.mark.parametrize("function", [accuracy, confusion_matrix])
def test_lengths_are_checked_and_named(function):
    with pytest.raises(ValueError, match="2 labels and 1 predicted labels"):
        function(np.array([1, 2]), np.array([1]))
    with pytest.raises(ValueError, match="labels and predicted labels are "
                                         "empty"):
        function(np.array([], int), np.array([], int))


def test_confusion_matrix_counts_each_pair():
    """The oracle is a plain count over the pairs, one by one."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 500)
    predicted = rng.integers(0, 10, 500)
    expected = np.zeros((10, 10), int)
    for true, guess in zip(labels, predicted):
        expected[true, guess] += 1
    matrix = confusion_matrix(labels, predicted)
    assert isinstance(matrix, np.ndarray)
    assert np.issubdtype(matrix.dtype, np.integer)
    np.testing.assert_array_equal(matrix, expected)


def test_confusion_matrix_rejects_labels_out_of_range():
    with pytest.raises(ValueError, match="between 0 and 9"):
        confusion_matrix(np.array([1, 12]), np.array([1, 2]))
    with pytest.raises(ValueError, match="between 0 and 9"):
        confusion_matrix(np.array([1, 2]), np.array([1, 12]))
