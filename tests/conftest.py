"""Shared test set-up: a quiet, seeded TensorFlow and no windows for
plots."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402


@pytest.fixture(autouse=True)
def seeded():
    """Every test starts from the same random state."""
    tf.keras.utils.set_random_seed(0)
    yield
