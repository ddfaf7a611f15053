"""Every test of the library starts from the same random state."""

import pytest
import tensorflow as tf


@pytest.fixture(autouse=True)
def seeded():
    tf.keras.utils.set_random_seed(0)
    yield
