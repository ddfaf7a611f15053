"""scratchnet.support.reporting: a magnitude beside its tolerance."""

import math

import pytest

from scratchnet.support.reporting import describe_error, report_error


def test_within_and_above():
    assert describe_error("W1", 3.2e-8, 1e-5) == (
        "W1: relative error 3e-08, within the tolerance 1e-05")
    assert describe_error("b2", 2e-6, 1e-6, what="largest difference") == (
        "b2: largest difference 2e-06, ABOVE the tolerance 1e-06")
    # equal to the tolerance is within it
    assert "within" in describe_error("x", 1e-6, 1e-6)
    assert "0e+00, within" in describe_error("x", 0.0, 1e-6)


def test_nan_is_above():
    assert describe_error("x", math.nan, 1e-6) == (
        "x: relative error nan, ABOVE the tolerance 1e-06")


def test_report_prints_one_line_and_returns_nothing(capsys):
    # a cell that ends with report_error shows its line, and no "True"
    assert report_error("W2", 1e-9, 1e-5) is None
    assert report_error("W2", 1e-3, 1e-5) is None
    assert capsys.readouterr().out.splitlines() == [
        "W2: relative error 1e-09, within the tolerance 1e-05",
        "W2: relative error 1e-03, ABOVE the tolerance 1e-05"]


@pytest.mark.parametrize("error, tolerance", [(-1e-8, 1e-5), (1e-8, 0.0),
                                              (1e-8, -1e-5)])
def test_bad_numbers_get_a_clear_error(error, tolerance):
    with pytest.raises(ValueError, match="error must be 0 or more"):
        describe_error("x", error, tolerance)
