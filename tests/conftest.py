"""Shared test set-up: a quiet, seeded TensorFlow, no windows for plots,
and `tools/` on the import path (for `book_pages`, which finds the
chapters)."""

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402


@pytest.fixture(autouse=True)
def seeded():
    """Every test starts from the same random state."""
    tf.keras.utils.set_random_seed(0)
    yield
