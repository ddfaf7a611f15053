"""Shared test set-up: a quiet TensorFlow and no windows for plots.
(tests/library/conftest.py seeds the library's tests.)"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")
