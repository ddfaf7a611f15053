"""nbval's sanitizer hides volatile text, and nothing a reader should trust.

`make notebooks` compares every stored output after the substitutions in
`book/nbval_sanitize.cfg`. Each substitution must hide what varies from
run to run (where MNIST came from, wall-clock times) and leave every
result untouched. The file is read with nbval's own parser, so these tests
see what nbval applies.
"""

import re
from pathlib import Path

import pytest
from nbval.plugin import get_sanitize_patterns

from scratchnet.support.reporting import describe_error

CONFIG = Path(__file__).resolve().parents[2] / "book" / "nbval_sanitize.cfg"


def sanitize(text):
    """Apply the substitutions as nbval does, in the file's order."""
    for regex, replacement in get_sanitize_patterns(CONFIG.read_text()):
        text = re.sub(regex, replacement, text)
    return text


@pytest.mark.parametrize("volatile, hidden", [
    ("(a) eager loop: 7.9 s per epoch\n",
     "(a) eager loop: <seconds> s per epoch\n"),
    ("floor: the five products       1.0 s\n",
     "floor: the five products       <seconds> s\n"),
    ("took 172.3 s", "took <seconds> s"),
    ("everything else:      0.4 s\n", "everything else:      <seconds> s\n"),
    ("MNIST: loaded from /root/.cache/scratchnet; SHA-256 verified.",
     "MNIST: loaded from <source>; SHA-256 verified."),
    # scratchnet.support.reporting: the magnitude, not the verdict
    ("W1: relative error 3e-08, within the tolerance 1e-05\n",
     "W1: relative error <magnitude>, within the tolerance 1e-05\n"),
    ("b2: largest absolute difference 0e+00, within the tolerance 1e-06",
     "b2: largest absolute difference <magnitude>, within the tolerance "
     "1e-06"),
])
def test_volatile_text_is_hidden(volatile, hidden):
    assert sanitize(volatile) == hidden


@pytest.mark.parametrize("result", [
    "test accuracy: 0.82\n",
    "losses 6.44 7.91 13.86\n",
    "within 1e-6: True\n",
    "learning rate -0.5 is negative\n",
    "relative error 5e-07\n",
    "wrong: about 200 of 10000\n",
    "floor, batch 128: 98 billion operations\n",
    "shuffling moves no run by more than 0.03: True\n",
    "relative error 3e-08 in float32\n",
])
def test_results_are_left_alone(result):
    assert sanitize(result) == result


def test_a_verdict_that_changes_still_fails():
    """The rule hides the digits of a magnitude, never its verdict: an error
    that grows past its tolerance changes the sanitized text."""
    within = describe_error("W1", 3e-8, 1e-5)
    above = describe_error("W1", 3e-4, 1e-5)
    assert sanitize(within) == sanitize(describe_error("W1", 7e-9, 1e-5))
    assert sanitize(within) != sanitize(above)
    assert sanitize(describe_error("W1", float("nan"), 1e-5)) == (
        "W1: relative error <magnitude>, ABOVE the tolerance 1e-05")
    # a tolerance is part of the claim, and stays checked
    assert sanitize(within) != sanitize(describe_error("W1", 3e-8, 1e-4))
