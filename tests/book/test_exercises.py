"""Exercises that answer back (scratchnet.exercises), as the chapters use
them.

Every exercise of a chapter is either checked or an explanation:

- A checked exercise has, after its ```{exercise}``` cell and before its
  solution, a starter cell with a `...` to fill in and a check cell,
  `<name>.check(...)`, that imports `<name>` from
  `scratchnet.exercises.chapterNN` (NN: the chapter) and whose stored
  output is "Not answered yet": the state a reader meets. Its solution, in
  the dropdown, ends by running the same check, stored as "Correct!": nbval
  re-runs both on every `make test`, so a solution and its checker cannot
  drift apart.
- An explanation (the answer is an argument, not a value) is listed in
  EXPLANATION below, with the reason.

Every exercise object of `scratchnet.exercises.chapterNN` is used by a
check cell of chapter NN. The checkers' own tests (every named mistake,
the untouched starter) are in tests/library/test_exercises_*.py.
"""

import importlib
import re

import nbformat
import pytest

from scratchnet.exercises import NOT_ANSWERED, Exercise

from book_pages import chapters

CHAPTERS = chapters()

# The exercises whose answer is an explanation, and why they stay so.
EXPLANATION = {
    "ch01-ex1": "an experiment with the chapter's trained network (2 "
                "epochs against 5) whose answer is a judgement: is the "
                "extra training worth it",
    "ch02-ex2": "the mean pixel is one line, train_images.mean(); the "
                "answer is its reading: 81% of the pixels are background",
    "ch03-ex2": "a tanh layer run on the chapter's batch; the answer is why "
                "its outputs crowd near 1: saturation, an argument",
    "ch04-ex2": "what fails when the sizes do not chain, and when: an "
                "observation of the error, read",
    "ch05-ex3": "why one batch of 60000 learns slowly: an argument",
    "ch06-ex2": "ten steps on one batch: why the loss now falls at every "
                "step, and why that is not learning digits: an argument",
    "ch06-ex3": "adding the gradient instead of subtracting it: an "
                "argument about the direction of steepest ascent",
    "ch08-ex1": "the training accuracy is one call of the chapter's "
                "functions; the answer is what the gap means (overfitting)",
    "ch08-ex4": "which difference to change first, and how to test it: "
                "a plan of experiments, which chapter 12 carries out",
    "ch09-ex1": "why a smaller h does not help in float32: an argument "
                "about rounding, which the solution measures",
    "ch10-ex3": "why a zero gradient keeps the model from learning from its "
                "worst images, and why they become rare: an argument",
    "ch11-ex3": "why an epoch at batch 32 takes longer than at batch 2048 "
                "for the same products: an argument (steps that cost the "
                "same whatever their size, busier products), read from the "
                "chapter's figure",
    "ch12-ex1": "whether the learning rate is plain SGD's real problem: an "
                "experiment, read from two runs and explained",
    "ch12-ex3": "why all-zero or constant weights fail: a symmetry "
                "argument, which the solution measures",
    "ch13-ex3": "which backward rule gives tf.GradientTape's losses, and "
                "why: a rule must be the derivative of its own forward "
                "computation; the solution runs both",
}

EXERCISE = re.compile(r"```\{exercise\}\s*\n:label:\s*(\S+)")
SOLUTION_START = re.compile(r"```\{solution-start\}\s+(\S+)")
SOLUTION = re.compile(r"`{3,4}\{solution\}\s+(\S+)")
SOLUTION_END = re.compile(r"```\{solution-end\}")
CHECK = re.compile(r"\b(\w+)\.check\(")


def output_text(cell):
    return "".join(output.get("text", "") for output in cell.outputs
                   if output.output_type == "stream")


def exercises_of(path):
    """{label: {"before": code cells between the exercise and its
    solution, "solution": code cells of its solution}} in reading order."""
    found, current, part = {}, None, None
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            events = sorted(
                [(m.start(), "before", m.group(1))
                 for m in EXERCISE.finditer(cell.source)]
                + [(m.start(), "solution", m.group(1))
                   for pattern in (SOLUTION_START, SOLUTION)
                   for m in pattern.finditer(cell.source)]
                + [(m.start(), None, None)
                   for m in SOLUTION_END.finditer(cell.source)])
            for _position, part, label in events:
                if label:
                    current = label
                    found.setdefault(current, {"before": [], "solution": []})
        elif current and part:
            found[current][part].append(cell)
    return found


def checked_problems(label, cells, number):
    """What is wrong with a checked exercise, or [] if it is right."""
    checks = [cell for cell in cells["before"] if CHECK.search(cell.source)]
    if not checks:
        return []
    problems = []
    check = checks[-1]
    name = CHECK.search(check.source).group(1)
    starters = cells["before"][:cells["before"].index(check)]
    if not any("..." in cell.source for cell in starters):
        problems.append(f"{label}: no starter cell with a ... before the "
                        "check")
    module = f"scratchnet.exercises.chapter{number:02d}"
    if f"from {module} import" not in check.source:
        problems.append(f"{label}: the check cell must import {name} from "
                        f"{module}")
    if output_text(check) != NOT_ANSWERED.en + "\n":
        problems.append(f"{label}: the check cell's stored output is "
                        f"{output_text(check)!r}, not 'Not answered yet'")
    answered = [cell for cell in cells["solution"]
                if re.search(rf"\b{name}\.check\(", cell.source)]
    if not answered:
        problems.append(f"{label}: the solution does not end by running "
                        f"{name}.check")
    elif not output_text(answered[-1]).startswith("Correct!"):
        problems.append(f"{label}: the solution's check printed "
                        f"{output_text(answered[-1])!r}, not 'Correct!'")
    return problems


def classification_problems(exercises):
    return [f"{label}: neither checked (a starter and a check cell) nor "
            "listed in EXPLANATION with its reason"
            for label, cells in exercises.items()
            if label not in EXPLANATION
            and not any(CHECK.search(c.source) for c in cells["before"])]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_every_exercise_is_checked_or_an_explanation(path):
    exercises = exercises_of(path)
    number = int(path.name[:2])
    problems = classification_problems(exercises)
    for label, cells in exercises.items():
        problems += checked_problems(label, cells, number)
        if label in EXPLANATION and any(CHECK.search(c.source)
                                        for c in cells["before"]):
            problems.append(f"{label}: checked, and listed as an "
                            "explanation")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_every_checker_of_the_chapter_is_used(path):
    number = int(path.name[:2])
    try:
        module = importlib.import_module(
            f"scratchnet.exercises.chapter{number:02d}")
    except ModuleNotFoundError:
        return  # a chapter without checked exercises has no module
    defined = {name for name, value in vars(module).items()
               if isinstance(value, Exercise)}
    used = {CHECK.search(cell.source).group(1)
            for cells in exercises_of(path).values()
            for cell in cells["before"] if CHECK.search(cell.source)}
    assert defined <= used, (f"{module.__name__} defines "
                             f"{sorted(defined - used)}, which no check "
                             f"cell of {path.name} uses")
    names = {exercise.name for exercise in
             (getattr(module, name) for name in defined)}
    assert names == defined, "an exercise's name is not its variable's"


def made_up(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def test_the_checks_fail_when_they_should(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell

    def stream(cell, text):
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                               text=text)]
        return cell

    exercise = md("```{exercise}\n:label: ch05-ex9\n\nWrite f.\n```")
    starter = code("def f():\n    return ...")
    check = stream(code("from scratchnet.exercises.chapter05 import "
                        "f_exercise\n\nf_exercise.check(f)"),
                   NOT_ANSWERED.en + "\n")
    solution = md("```{solution-start} ch05-ex9\n:class: dropdown\n```")
    answer = stream(code("def f():\n    return 1\n\nf_exercise.check(f)"),
                    "Correct! Yes.\n")
    end = md("```{solution-end}\n```")
    path = tmp_path / "05_made_up.ipynb"

    def problems(*cells):
        nbformat.write(made_up(*cells), path)
        found = exercises_of(path)
        return classification_problems(found) + [
            p for label, c in found.items()
            for p in checked_problems(label, c, 5)]

    assert problems(exercise, starter, check, solution, answer, end) == []
    assert "neither checked" in problems(exercise, solution, end)[0]
    assert "no starter" in problems(exercise, check, solution, answer,
                                    end)[0]
    wrong_output = stream(code(check.source), "Correct! Yes.\n")
    assert "stored output" in problems(exercise, starter, wrong_output,
                                       solution, answer, end)[0]
    assert "does not end by running" in problems(
        exercise, starter, check, solution, end)[0]
    unsolved = stream(code(answer.source), "Not quite: no.\n")
    assert "not 'Correct!'" in problems(exercise, starter, check, solution,
                                        unsolved, end)[0]
    other_chapter = stream(code(check.source.replace("05", "06")),
                           NOT_ANSWERED.en + "\n")
    assert "must import" in problems(exercise, starter, other_chapter,
                                     solution, answer, end)[0]
