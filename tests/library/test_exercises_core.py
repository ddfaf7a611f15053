"""scratchnet.exercises: the four answers of a check, in both languages."""

import numpy as np
import pytest

import scratchnet.exercises as exercises
from scratchnet.exercises import (
    Exercise,
    Mistake,
    Text,
    call,
    require_answer,
    set_language,
    translate_output,
)


def check_mean(mean):
    """A small exercise of the kind the chapters have: write the mean."""
    values = np.array([1.0, 2.0, 6.0])
    result = call(mean, values)
    if np.isclose(result, values.sum()):
        raise Mistake(Text(en="that is the sum; divide by the count.",
                           zh="这是总和；还要除以个数。"))
    if not np.isclose(result, 3.0):
        raise Mistake(Text(en=f"the mean of [1, 2, 6] is not {result}.",
                           zh=f"[1, 2, 6] 的平均值不是 {result}。"),
                      known=False)


MEAN = Exercise("mean_exercise", check_mean,
                correct=Text(en="The loss of a batch is such a mean.",
                             zh="一个批量的损失就是这样的平均值。"),
                hint=Text(en="Add the values, then divide.",
                          zh="先求和，再相除。"))


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def test_untouched_starter_is_not_answered():
    def mean(values):
        return ...
    feedback = MEAN.evaluate(mean)
    assert feedback.kind == "unanswered"
    assert feedback.message.startswith("Not answered yet")
    assert MEAN.evaluate(...).kind == "unanswered"


def test_right_answer_is_correct():
    feedback = MEAN.evaluate(lambda values: values.mean())
    assert (feedback.kind, feedback.message) == (
        "correct", "Correct! The loss of a batch is such a mean.")


def test_a_known_mistake_is_named():
    feedback = MEAN.evaluate(lambda values: values.sum())
    assert feedback.kind == "mistake"
    assert feedback.message == (
        "Not quite: that is the sum; divide by the count. For a nudge, run "
        "mean_exercise.hint().")


def test_an_unknown_mistake_is_described():
    feedback = MEAN.evaluate(lambda values: values.max())
    assert feedback.kind == "incorrect"
    assert feedback.message.startswith("Not yet: the mean of [1, 2, 6] is "
                                       "not 6.0.")


def test_the_learners_exception_is_one_line_not_a_traceback():
    feedback = MEAN.evaluate(lambda values: values.mean(axis=3))
    assert feedback.kind == "incorrect"
    assert feedback.message.startswith("Not yet: Your code raised ")
    assert "\n" not in feedback.message
    assert "Your code raised ZeroDivisionError: division by zero." in (
        MEAN.evaluate(lambda values: 1 / 0).message)


def test_a_value_instead_of_the_function_names_the_fix():
    feedback = MEAN.evaluate(42)
    assert feedback.kind == "incorrect"
    assert feedback.message.startswith(
        "Not yet: the check needs your function itself, and got a value of "
        "type int: pass the function's name")
    set_language("zh")
    message = MEAN.evaluate(42).message
    assert message.startswith("还没有做对：检查需要的是你的函数本身") and (
        "int" in message)
    assert MEAN.evaluate(lambda values: 1 / 0).message.startswith(
        "还没有做对：你的代码抛出了 ZeroDivisionError: division by zero。需要")


def test_check_and_hint_print(capsys):
    MEAN.check(lambda values: values.mean())
    MEAN.hint()
    assert capsys.readouterr().out == (
        "Correct! The loss of a batch is such a mean.\n"
        "Add the values, then divide.\n")


def test_chinese(capsys):
    set_language("zh")
    MEAN.check(lambda values: values.sum())
    MEAN.check(lambda values: ...)
    assert capsys.readouterr().out.splitlines() == [
        "还不对：这是总和；还要除以个数。"
        "需要提示，可以运行 mean_exercise.hint()。",
        "尚未作答：把上面单元格中的每个 ... 换成你的答案，"
        "再运行这个单元格。"]


def test_unknown_language_gets_a_clear_error():
    with pytest.raises(ValueError, match="language must be one of"):
        set_language("fr")


def test_require_answer_looks_inside_containers():
    assert require_answer((1, [2, {"a": 3}])) == (1, [2, {"a": 3}])
    for unanswered in [..., (1, ...), [...], {"W": ...}]:
        with pytest.raises(exercises.Unanswered):
            require_answer(unanswered)


def test_stored_outputs_are_translated(monkeypatch):
    monkeypatch.setattr(exercises, "all_exercises",
                        lambda: {"mean_exercise": MEAN})
    english = ("Not answered yet: replace each ... in the cell above with "
               "your answer, then run this cell again.\n"
               "Correct! The loss of a batch is such a mean.\n"
               "something else\n")
    assert translate_output(english) == (
        "尚未作答：把上面单元格中的每个 ... 换成你的答案，再运行这个单元格。\n"
        "正确！一个批量的损失就是这样的平均值。\n"
        "something else\n")


def test_an_error_caused_by_a_blank_is_not_answered():
    class Starter:
        def __init__(self, values):
            self.order = ...
            self.first = self.order[0]   # TypeError: 'ellipsis' ...
    feedback = Exercise("x", lambda answer: call(answer, [1, 2]),
                        correct=Text(en="", zh=""),
                        hint=Text(en="", zh="")).evaluate(Starter)
    assert feedback.kind == "unanswered"
