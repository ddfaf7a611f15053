"""Results printed for a learner: a magnitude beside the tolerance it meets.

A bare ``True`` proves something to a test suite, not to a reader. The
chapters print how large a difference is and the tolerance it is held to::

    W1: relative error 3e-08, within the tolerance 1e-05

The magnitude's digits move from one processor to another; the verdict
("within" or "ABOVE") does not, unless the result really changed. So the
book's stored outputs are compared with the magnitude hidden and the
verdict kept (``book/nbval_sanitize.cfg``, "magnitudes beside a
tolerance").
"""


def describe_error(label, error, tolerance, what="relative error"):
    """One line: ``label: what 3e-08, within the tolerance 1e-05``.

    ``error`` is how far apart two results are (a relative error, a largest
    absolute difference), ``tolerance`` the most it may be. The verdict is
    "within" when ``error <= tolerance``, otherwise "ABOVE" (a NaN error is
    ABOVE too). No chapter calls it directly: ``report_error`` prints it.
    """
    error, tolerance = float(error), float(tolerance)
    if error < 0 or not tolerance > 0:
        raise ValueError(
            f"an error must be 0 or more and a tolerance more than 0, not "
            f"error={error} and tolerance={tolerance}: pass an absolute "
            "difference or a relative error, and the largest one allowed.")
    verdict = "within" if error <= tolerance else "ABOVE"
    return (f"{label}: {what} {error:.0e}, {verdict} the tolerance "
            f"{tolerance:.0e}")


def report_error(label, error, tolerance, what="relative error"):
    """Print ``describe_error(...)``: one line, nothing returned, so that a
    cell ending with it shows only that line. Used in chapters 3, 6, 9, 10,
    11, 12 and 13."""
    print(describe_error(label, error, tolerance, what))
