"""Tests for the plotting helpers."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from scratchnet.plots import (
    plot_accuracy_curves,
    plot_confusion_matrix,
    plot_digits,
    plot_loss,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_digits_grid_and_titles():
    images = np.zeros((10, 28, 28), np.uint8)
    fig = plot_digits(images, list(range(10)), ncols=4)
    visible = [ax for ax in fig.axes if ax.images]
    assert len(fig.axes) == 12 and len(visible) == 10
    assert [ax.get_title() for ax in visible] == [str(i) for i in range(10)]


def test_plot_digits_marks_wrong_predictions_in_red():
    images = np.zeros((3, 784), np.float32)  # prepared images work too
    fig = plot_digits(images, [1, 2, 3], predicted_labels=[1, 5, 3])
    titles = [ax.title for ax in fig.axes]
    assert [t.get_text() for t in titles] == ["1 -> 1", "2 -> 5", "3 -> 3"]
    assert titles[1].get_color() == "red" and titles[0].get_color() == "black"


def test_plot_digits_rejects_bad_input():
    with pytest.raises(ValueError, match="at least one"):
        plot_digits(np.zeros((0, 28, 28)), [])
    with pytest.raises(ValueError, match="2 images but 1 labels"):
        plot_digits(np.zeros((2, 28, 28)), [1])


def test_plot_loss_with_epoch_means():
    losses = np.linspace(2, 0.5, 25)
    fig = plot_loss(losses, batches_per_epoch=10)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2
    assert len(lines[0].get_ydata()) == 25
    np.testing.assert_allclose(lines[1].get_ydata(),
                               [losses[:10].mean(), losses[10:20].mean(),
                                losses[20:].mean()])
    with pytest.raises(ValueError):
        plot_loss([])


def test_plot_confusion_matrix_writes_every_count():
    matrix = np.arange(9).reshape(3, 3)
    fig = plot_confusion_matrix(matrix)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == [str(i) for i in range(9)]


def test_plot_accuracy_curves_one_line_per_run_in_its_panel():
    panels = {"SGD": {"a": [0.5, 0.6], "b": [0.7, 0.8]},
              "RMSprop": {"c": [0.9, 0.95, 0.97]}}
    fig = plot_accuracy_curves(panels, title="runs")
    assert [ax.get_title() for ax in fig.axes] == ["SGD", "RMSprop"]
    first, second = fig.axes
    assert [line.get_label() for line in first.get_lines()] == ["a", "b"]
    np.testing.assert_array_equal(second.get_lines()[0].get_xdata(),
                                  [1, 2, 3])
    np.testing.assert_array_equal(first.get_lines()[1].get_ydata(),
                                  [0.7, 0.8])
    assert fig._suptitle.get_text() == "runs"


def test_plot_accuracy_curves_rejects_empty_input():
    with pytest.raises(ValueError, match="at least one panel"):
        plot_accuracy_curves({})
    with pytest.raises(ValueError, match="at least one run"):
        plot_accuracy_curves({"SGD": {}})
