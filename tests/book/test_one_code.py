"""The book and the library are one code.

Each chapter defines its own piece inline, because that is the lesson. This
test asserts that every inline definition of a library name is identical,
as an abstract syntax tree, to the library's definition (docstrings aside),
and that each chapter really defines the pieces it teaches.
"""

import ast
import inspect
import textwrap

import nbformat
import pytest

import scratchnet.accuracy_gap
import scratchnet.batching
import scratchnet.data
import scratchnet.dense
import scratchnet.evaluation
import scratchnet.fast_training
import scratchnet.gradient_check
import scratchnet.keras_baseline
import scratchnet.keras_bridge
import scratchnet.measuring
import scratchnet.sequential
import scratchnet.tape
import scratchnet.training_loop
import scratchnet.training_step

from book_pages import chapters
from helpers import code_cell, inline_definitions, notebook, top_level_bindings

# Chapter file -> the library objects it must define inline.
TAUGHT = {
    "01_keras_in_ten_lines.ipynb": [
        scratchnet.keras_baseline.build_keras_model],
    "02_preparing_the_data.ipynb": [scratchnet.data.prepare_images],
    "03_dense_layer.ipynb": [scratchnet.dense.NaiveDense],
    "04_sequential_model.ipynb": [scratchnet.sequential.NaiveSequential,
                                  scratchnet.sequential.build_scratch_model],
    "05_batches.ipynb": [scratchnet.batching.BatchGenerator],
    "06_training_step.ipynb": [scratchnet.training_step.update_weights,
                               scratchnet.training_step.one_training_step],
    "07_training_loop.ipynb": [scratchnet.training_loop.fit],
    "08_evaluation.ipynb": [scratchnet.evaluation.predict_labels,
                            scratchnet.evaluation.accuracy],
    "09_checking_gradients.ipynb": [
        scratchnet.gradient_check.network_loss,
        scratchnet.gradient_check.tape_gradients,
        scratchnet.gradient_check.numerical_gradient,
        scratchnet.gradient_check.relative_error,
        scratchnet.gradient_check.backprop_numpy],
    "10_same_as_keras.ipynb": [scratchnet.keras_bridge.copy_weights_to_keras,
                               scratchnet.keras_bridge.keras_twin],
    "11_speed.ipynb": [scratchnet.fast_training.SGD,
                       scratchnet.fast_training.loss_and_update,
                       scratchnet.fast_training.make_train_step,
                       scratchnet.fast_training.make_train_epoch,
                       scratchnet.fast_training.fit_compiled,
                       scratchnet.measuring.flops_per_epoch,
                       scratchnet.measuring.matmul_gflops,
                       scratchnet.measuring.seconds_per_epoch,
                       scratchnet.measuring.eager_trainer,
                       scratchnet.measuring.step_trainer,
                       scratchnet.measuring.compiled_trainer,
                       scratchnet.measuring.keras_trainer],
    "12_accuracy_gap.ipynb": [scratchnet.accuracy_gap.glorot_uniform,
                              scratchnet.accuracy_gap.RMSprop,
                              scratchnet.accuracy_gap.shuffled,
                              scratchnet.accuracy_gap.fit_shuffled,
                              scratchnet.accuracy_gap.compute_logits,
                              scratchnet.accuracy_gap
                              .loss_and_update_from_logits],
    "13_gradient_tape.ipynb": [scratchnet.tape.Record, scratchnet.tape.Tape,
                               scratchnet.tape.record, scratchnet.tape.matmul,
                               scratchnet.tape.unbroadcast,
                               scratchnet.tape.add, scratchnet.tape.relu,
                               scratchnet.tape.softmax,
                               scratchnet.tape.softmax_cross_entropy,
                               scratchnet.tape.mean,
                               scratchnet.tape.tape_loss],
}
BY_NAME = {path.name: path for path in chapters()}


def without_docstrings(node):
    """A copy of ``node`` with every docstring removed."""
    node = ast.parse(ast.unparse(node)).body[0]
    for item in ast.walk(node):
        body = getattr(item, "body", None)
        if (isinstance(item, (ast.FunctionDef, ast.ClassDef,
                              ast.AsyncFunctionDef))
                and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            item.body = body[1:] or [ast.Pass()]
    return ast.dump(node)


def library_definition(obj):
    source = textwrap.dedent(inspect.getsource(obj))
    return without_docstrings(ast.parse(source).body[0])


def library_names():
    """Every public function and class defined in the library."""
    names = {}
    for chapter_objects in TAUGHT.values():
        for obj in chapter_objects:
            module = inspect.getmodule(obj)
            for name, value in vars(module).items():
                if (inspect.isfunction(value) or inspect.isclass(value)) \
                        and value.__module__ == module.__name__:
                    names[name] = value
    return names


def test_every_chapter_is_listed():
    assert sorted(TAUGHT) == sorted(BY_NAME), \
        "TAUGHT and the chapters of _toc.yml differ"


@pytest.mark.parametrize("name", sorted(TAUGHT))
def test_chapter_defines_what_it_teaches(name):
    inline = inline_definitions(BY_NAME[name])
    for obj in TAUGHT[name]:
        assert obj.__name__ in inline, \
            f"{name} should define {obj.__name__} inline"


@pytest.mark.parametrize("name", sorted(TAUGHT))
def test_every_library_piece_a_chapter_defines_is_listed(name):
    """A library piece defined inline is listed in TAUGHT, so that the
    chapter cannot lose it without this test noticing."""
    library = library_names()
    listed = {obj.__name__ for obj in TAUGHT[name]}
    unlisted = sorted(piece for piece in inline_definitions(BY_NAME[name])
                      if piece in library and piece not in listed)
    assert not unlisted, (
        f"{name} defines {unlisted} inline, as the library does: add them "
        "to TAUGHT")


def drift(path, library):
    """Where a chapter's top-level code departs from the library: a
    library name defined differently (each definition, if there are
    several), or bound by an assignment."""
    problems = []
    for name, node in top_level_bindings(path):
        if name not in library:
            continue
        if not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            problems.append(
                f"{path.name} assigns {name} at the top level (line "
                f"{node.lineno} of its cell), hiding "
                f"{library[name].__module__}'s: rename the variable")
        elif without_docstrings(node) != library_definition(library[name]):
            problems.append(
                f"{path.name} defines {name} differently from "
                f"{library[name].__module__}: change both, or rename the "
                "chapter's variant")
    return problems


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_inline_definitions_match_the_library(path):
    problems = drift(path, library_names())
    assert not problems, "\n".join(problems)


def test_a_second_definition_or_an_assignment_is_caught(tmp_path):
    """A variant defined before the library's own, or a library name
    reassigned after it, is drift too, though the last definition
    matches."""
    library = {"NaiveSequential": scratchnet.sequential.NaiveSequential}
    real = textwrap.dedent(inspect.getsource(
        scratchnet.sequential.NaiveSequential))
    variant = real.replace("x = layer(x)", "x = layer(x) + 0")
    for cells, expected in [
            ([real], []),
            ([variant, real], ["defines NaiveSequential differently"]),
            ([real, "NaiveSequential = list"], ["assigns NaiveSequential"]),
            ([real, "NaiveSequential, other = list, 1"],
             ["assigns NaiveSequential"])]:
        path = tmp_path / "chapter.ipynb"
        nbformat.write(notebook(*[code_cell(c) for c in cells]), path)
        problems = drift(path, library)
        assert len(problems) == len(expected)
        assert all(words in problem
                   for words, problem in zip(expected, problems))


def test_the_check_can_fail():
    """A changed line is caught: the comparison is not vacuous."""
    original = ast.parse(inspect.getsource(scratchnet.sequential.
                                           NaiveSequential)).body[0]
    changed = ast.parse(inspect.getsource(scratchnet.sequential.
                                          NaiveSequential)
                        .replace("x = layer(x)", "x = layer(x) + 0")).body[0]
    assert without_docstrings(original) != without_docstrings(changed)
    assert without_docstrings(original) == \
        library_definition(scratchnet.sequential.NaiveSequential)
