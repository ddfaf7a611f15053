"""Tests for the plotting helpers."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from scratchnet.support.plots import (
    plot_accuracy_curves,
    plot_batch_sweep,
    plot_confusion_matrix,
    plot_digits,
    plot_epoch_times,
    plot_loss,
    plot_step_size_errors,
    plot_training_runs,
    plot_weight_images,
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


def test_plot_loss_with_epoch_means_at_the_middle_of_each_epoch():
    losses = np.linspace(2, 0.5, 25)
    fig = plot_loss(losses, batches_per_epoch=10)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3  # batches, epoch means, the ln 10 line
    assert len(lines[0].get_ydata()) == 25
    np.testing.assert_allclose(lines[1].get_ydata(),
                               [losses[:10].mean(), losses[10:20].mean(),
                                losses[20:].mean()])
    # batches 0-9, 10-19 and 20-24: their middles
    np.testing.assert_allclose(lines[1].get_xdata(), [4.5, 14.5, 22])
    with pytest.raises(ValueError):
        plot_loss([])


def test_plot_loss_draws_the_ln_10_line():
    fig = plot_loss([3.0, 2.0, 1.0])
    chance = fig.axes[0].get_lines()[-1]
    np.testing.assert_allclose(chance.get_ydata(), [np.log(10)] * 2)
    assert "2.30" in chance.get_label()
    assert fig.axes[0].get_ylim()[0] == 0


def test_plot_loss_ymax_cuts_the_axis_and_says_so():
    fig = plot_loss([6.4, 4.9, 2.0, 1.0], ymax=4)
    ax = fig.axes[0]
    assert ax.get_ylim() == (0, 4)
    assert "cut at 4: 2 higher values" in ax.get_ylabel()
    assert "cut" not in plot_loss([1.0, 2.0], ymax=4).axes[0].get_ylabel()
    with pytest.raises(ValueError, match="ymax"):
        plot_loss([1.0], ymax=0)


def test_plot_weight_images_rows_and_scales():
    rng = np.random.default_rng(0)
    before = rng.uniform(0, 0.1, (784, 16))
    after = before.copy()
    after[:10, 2] += 0.5  # unit 2 changes in its first 10 pixels
    fig = plot_weight_images(before, after, units=[0, 2, 5])
    axes = np.array(fig.axes).reshape(3, 3)
    assert [ax.get_title() for ax in axes[0]] == ["unit 0", "unit 2",
                                                   "unit 5"]
    assert [ax.get_ylabel() for ax in axes[:, 0]] == ["before", "after",
                                                      "change"]
    change = axes[2, 1].images[0].get_array()
    np.testing.assert_allclose(change[0, :10], 0.5)
    assert np.all(axes[2, 0].images[0].get_array() == 0)
    # before and after share one grey scale; the change is centred on 0
    assert axes[0, 0].images[0].get_clim() == axes[1, 1].images[0].get_clim()
    low, high = axes[2, 0].images[0].get_clim()
    assert low == -high == -0.5


def test_plot_weight_images_rejects_bad_input():
    with pytest.raises(ValueError, match=r"\(784, units\)"):
        plot_weight_images(np.zeros((784, 4)), np.zeros((784, 5)))
    with pytest.raises(ValueError, match=r"\(784, units\)"):
        plot_weight_images(np.zeros((28, 28)), np.zeros((28, 28)))
    with pytest.raises(ValueError, match="from 0 to 3"):
        plot_weight_images(np.zeros((784, 4)), np.zeros((784, 4)),
                           units=[4])


def test_plot_confusion_matrix_writes_every_count():
    matrix = np.arange(9).reshape(3, 3)
    fig = plot_confusion_matrix(matrix)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == [str(i) for i in range(9)]


def contrast_ratio(colour_a, colour_b):
    """WCAG's contrast ratio, written out here as the test's own oracle."""
    def luminance(colour):
        rgb = np.array(to_rgb(colour))
        rgb = np.where(rgb <= 0.04045, rgb / 12.92,
                       ((rgb + 0.055) / 1.055) ** 2.4)
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    high, low = sorted([luminance(colour_a), luminance(colour_b)],
                       reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_plot_confusion_matrix_counts_are_legible_in_every_cell():
    matrix = np.array([[1105, 0, 227], [5, 560, 40], [12, 300, 917]])
    fig = plot_confusion_matrix(matrix)
    ax = fig.axes[0]
    image = ax.images[0]
    colours = {t.get_color() for t in ax.texts}
    assert colours == {"black", "white"}, "dark and light cells both occur"
    for text in ax.texts:
        x, y = (round(v) for v in text.get_position())
        cell = image.cmap(image.norm(matrix[y, x]))
        assert contrast_ratio(text.get_color(), cell) >= 4.5, text
        assert text.get_fontsize() >= 9


def test_plot_confusion_matrix_has_a_labelled_colour_bar():
    fig = plot_confusion_matrix(np.eye(10, dtype=int) * 100)
    assert len(fig.axes) == 2
    assert fig.axes[1].get_ylabel() == "number of test images"


def test_plot_confusion_matrix_rejects_a_matrix_that_is_not_square():
    with pytest.raises(ValueError, match=r"square matrix.*\(2, 3\)"):
        plot_confusion_matrix(np.zeros((2, 3), int))
    with pytest.raises(ValueError, match="square matrix"):
        plot_confusion_matrix([])


def test_plot_step_size_errors_draws_one_line_per_precision():
    steps = [1e-1, 1e-2, 1e-3]
    errors = {"float32": [1e-2, 1e-4, 1e-3], "float64": [1e-2, 1e-4, 1e-6]}
    fig = plot_step_size_errors(steps, errors)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["float32", "float64"]
    np.testing.assert_allclose(lines[1].get_ydata(), errors["float64"])
    assert ax.xaxis_inverted()


def test_plot_step_size_errors_rejects_bad_input():
    with pytest.raises(ValueError, match="at least one step"):
        plot_step_size_errors([], {})
    with pytest.raises(ValueError, match="2 errors for 'float32' but 3"):
        plot_step_size_errors([1e-1, 1e-2, 1e-3], {"float32": [1, 2]})


def test_plot_batch_sweep_draws_times_yardstick_and_accuracies():
    fig = plot_batch_sweep([32, 128], [2.0, 1.0], [0.8, 0.6], epochs=1,
                           yardstick=0.5)
    ax_time, ax_accuracy = fig.axes
    assert [bar.get_height() for bar in ax_time.patches] == [2.0, 1.0]
    assert [t.get_text() for t in ax_time.texts] == ["2.0 s", "1.0 s"]
    yardstick, = ax_time.get_lines()
    np.testing.assert_allclose(yardstick.get_ydata(), [0.5, 0.5])
    np.testing.assert_allclose(ax_accuracy.lines[0].get_ydata(), [0.8, 0.6])
    assert [t.get_text() for t in ax_accuracy.texts] == ["0.80", "0.60"]
    assert ax_accuracy.get_title() == "Test accuracy after 1 epoch"
    three = plot_batch_sweep([32], [2.0], [0.8], epochs=3)
    assert three.axes[1].get_title() == "Test accuracy after 3 epochs"
    assert three.axes[0].get_lines() == []


def test_plot_batch_sweep_keeps_labels_and_legend_clear():
    """Each time label sits on a white patch above the line's layer, and
    the legend lies below the panel, off the bars."""
    fig = plot_batch_sweep([32, 128], [2.0, 0.6], [0.8, 0.6], epochs=1,
                           yardstick=0.6)
    ax_time = fig.axes[0]
    fig.canvas.draw()
    line_zorder = ax_time.get_lines()[0].get_zorder()
    for text in ax_time.texts:
        assert text.get_zorder() > line_zorder
        assert text.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0)
    legend = ax_time.get_legend().get_window_extent()
    assert legend.y1 <= ax_time.get_window_extent().y0


def test_plot_batch_sweep_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="one time and one accuracy"):
        plot_batch_sweep([32, 128], [2.0], [0.8, 0.6], epochs=3)
    with pytest.raises(ValueError, match="at least one batch size"):
        plot_batch_sweep([], [], [], epochs=3)


def test_plot_epoch_times_one_labelled_bar_per_way_after_the_yardstick():
    seconds = {"(a) eager loop": 5.0, "(d) Keras fit": 2.0}
    fig = plot_epoch_times(seconds, yardstick=0.5)
    ax = fig.axes[0]
    assert [bar.get_width() for bar in ax.patches] == [0.5, 5.0, 2.0]
    assert [t.get_text() for t in ax.yaxis.get_ticklabels()] == [
        "yardstick: the products alone", "(a) eager loop", "(d) Keras fit"]
    assert [t.get_text() for t in ax.texts] == [" 0.5 s", " 5.0 s",
                                                " 2.0 s"]
    assert ax.get_xlim()[1] > 5.0  # room for the longest bar's label
    assert ax.yaxis_inverted()  # the yardstick on top


def test_plot_epoch_times_rejects_no_times():
    with pytest.raises(ValueError, match="at least one time"):
        plot_epoch_times({}, yardstick=0.5)


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
    assert first.get_ylabel() == "validation accuracy"
    other = plot_accuracy_curves(panels, ylabel="test accuracy")
    assert other.axes[0].get_ylabel() == "test accuracy"


def test_plot_accuracy_curves_ticks_every_epoch_of_the_longest_run():
    fig = plot_accuracy_curves({"p": {"short": [0.5, 0.6],
                                      "long": [0.5, 0.6, 0.7, 0.8]}})
    np.testing.assert_array_equal(fig.axes[0].get_xticks(), [1, 2, 3, 4])


def test_plot_accuracy_curves_puts_each_legend_below_its_data():
    """The legend never covers a line: it sits under the axes (and the
    check can fail: a legend inside the axes overlaps them)."""
    panels = {"SGD": {f"run {n}": [0.1 * n, 0.2 * n] for n in range(4)},
              "RMSprop": {"a": [0.9, 0.95], "b": [0.92, 0.97]}}
    fig = plot_accuracy_curves(panels)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()

    def below(ax):
        legend = ax.get_legend().get_window_extent(renderer)
        return legend.y1 < ax.get_window_extent(renderer).y0

    assert all(below(ax) for ax in fig.axes)
    fig.axes[0].legend(loc="center")
    fig.canvas.draw()
    assert not below(fig.axes[0])


def test_plot_accuracy_curves_rejects_empty_input():
    with pytest.raises(ValueError, match="at least one panel"):
        plot_accuracy_curves({})
    with pytest.raises(ValueError, match="at least one run"):
        plot_accuracy_curves({"SGD": {}})


def test_plot_training_runs_one_line_per_run_and_the_ln_10_line():
    runs = {"rate 1e-3": [6.4, 4.9, 3.6], "rate 1e-2": [6.4, 7.9, 8.6]}
    fig = plot_training_runs(runs, "loss", title="Two runs")
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert [line.get_label() for line in lines[:2]] == list(runs)
    np.testing.assert_allclose(lines[1].get_ydata(), runs["rate 1e-2"])
    np.testing.assert_allclose(lines[0].get_xdata(), [0, 1, 2])
    assert lines[0].get_linestyle() != lines[1].get_linestyle()
    assert lines[0].get_marker() != lines[1].get_marker()
    np.testing.assert_allclose(lines[2].get_ydata(), [np.log(10)] * 2)
    assert "loss" in ax.get_ylabel() and ax.get_ylim()[0] == 0
    assert all(float(tick).is_integer() for tick in ax.get_xticks())


def test_plot_training_runs_gradient_sizes_have_no_ln_10_line():
    fig = plot_training_runs({"a": [72.0, 0.5], "b": [72.0, 95.0]},
                             "gradient size")
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 2
    assert "gradient size" in ax.get_ylabel()


def test_plot_training_runs_legend_stays_off_the_data():
    """The legend sits beside the axes, never on top of a curve."""
    fig = plot_training_runs({"a": [1.0] * 20, "b": [15.0] * 20,
                              "c": [80.0] * 20}, "loss")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = fig.axes[0].get_legend().get_window_extent(renderer)
    axes = fig.axes[0].get_window_extent(renderer)
    assert legend.x0 >= axes.x1


def test_plot_training_runs_rejects_bad_input():
    with pytest.raises(ValueError, match="quantity"):
        plot_training_runs({"a": [1.0]}, "accuracy")
    with pytest.raises(ValueError, match="same steps"):
        plot_training_runs({"a": [1.0, 2.0], "b": [1.0]}, "loss")
    with pytest.raises(ValueError, match="at least one run"):
        plot_training_runs({}, "loss")
    with pytest.raises(ValueError, match="at least one run"):
        plot_training_runs({"a": []}, "loss")
