"""Evaluating a trained model: predicted labels, accuracy, confusion matrix.

Explained in chapter 8, *Evaluating the model* (``book/08_evaluation.ipynb``).
As in Keras, scikit-learn and ``tf.math``, the true labels come first.
"""

import numpy as np
import tensorflow as tf

from scratchnet.support.input_checks import check_labels, check_same_length


def predict_labels(model, images):
    """The most probable class of each image, as a NumPy array of ints.

    Works for a ``NaiveSequential`` and for a Keras model.
    Explained in chapter 8, *Evaluating the model*.
    """
    predictions = np.asarray(model(images))
    return np.argmax(predictions, axis=1)


def accuracy(labels, predicted_labels):
    """The share of predictions that match the true labels, from 0 to 1.

    Explained in chapter 8, *Evaluating the model*.
    """
    check_same_length(labels, predicted_labels, "labels", "predicted labels")
    matches = np.asarray(labels) == np.asarray(predicted_labels)
    return float(matches.mean())


def confusion_matrix(labels, predicted_labels, num_classes=10):
    """Count how often each true class (row) was predicted as each class
    (column), as a NumPy array of ints. The diagonal holds the correct
    predictions. The counting is ``tf.math.confusion_matrix``'s.

    Used in chapter 8, *Evaluating the model*.
    """
    check_same_length(labels, predicted_labels, "labels", "predicted labels")
    check_labels(labels, num_classes)
    check_labels(predicted_labels, num_classes)
    matrix = tf.math.confusion_matrix(labels, predicted_labels,
                                      num_classes=num_classes)
    return matrix.numpy()
