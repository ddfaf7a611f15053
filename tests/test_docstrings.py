"""Every public name tells the learner which chapter explains it."""

import inspect

import pytest

import scratchnet
from scratchnet import plots

PUBLIC = [getattr(scratchnet, name) for name in scratchnet.__all__] + [
    plots.plot_digits, plots.plot_loss, plots.plot_confusion_matrix]


@pytest.mark.parametrize("obj", PUBLIC, ids=lambda obj: obj.__name__)
def test_docstring_names_a_chapter(obj):
    doc = inspect.getdoc(obj)
    assert doc, f"{obj.__name__} has no docstring"
    assert "chapter" in doc.lower(), \
        f"{obj.__name__}'s docstring does not say which chapter explains it"
