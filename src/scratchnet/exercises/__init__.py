"""Exercises that answer back: a learner checks an answer where they wrote it.

Under an exercise, a chapter has a starter cell to fill in, and a check cell::

    def count_parameters(layer):
        return ...  # your code

    from scratchnet.exercises.chapter03 import parameter_count
    parameter_count.check(count_parameters)

``check`` prints one of four answers, never a traceback:

- "Not answered yet" while a ``...`` is left in the answer;
- "Correct!", and one sentence on why it matters;
- "Not quite", naming the mistake, for the wrong answers learners really
  give (W transposed, the sum where the mean belongs, ...);
- "Not yet", saying in general terms what is still wrong.

``hint()`` prints a nudge without the answer; the solution stays in its
dropdown, where it ends with the same check, answered "Correct!".

Every text exists in English and in Chinese. The language is the one thing
the two editions' code does not share: the hidden first cell of each Chinese
chapter calls ``set_language("zh")`` (``tools/install_cell.py`` writes it,
``tests/book/test_translation.py`` checks it). Each chapter's checkers live
in ``scratchnet.exercises.chapterNN``.
"""

LANGUAGES = ("en", "zh")
_settings = {"language": "en"}


def set_language(language):
    """Answer in ``"en"`` (English, the default) or ``"zh"`` (Chinese).

    No chapter: the hidden first cell of every Chinese chapter calls it.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not "
                         f"{language!r}.")
    _settings["language"] = language


class Text:
    """One message in both languages: ``Text(en="...", zh="...")``.

    No chapter: the checkers of every chapter write their messages so.
    """

    def __init__(self, en, zh):
        self.en, self.zh = en, zh

    def __str__(self):
        return getattr(self, _settings["language"])

    def __repr__(self):
        return f"Text(en={self.en!r}, zh={self.zh!r})"


class Unanswered(Exception):
    """Raised by a checker while the answer still holds a ``...``.

    No chapter: checkers raise it through ``require_answer``.
    """


def require_answer(value):
    """Return ``value``, or raise ``Unanswered`` if it is or holds ``...``
    (also inside a tuple, list or dict). No chapter: checkers use it."""
    if value is Ellipsis:
        raise Unanswered
    if isinstance(value, (tuple, list)):
        for item in value:
            require_answer(item)
    if isinstance(value, dict):
        for item in value.values():
            require_answer(item)
    return value


def call(function, *args, **kwargs):
    """Call the learner's ``function`` (or class); its result, checked by
    ``require_answer``. No chapter: checkers use it."""
    require_answer(function)
    if not callable(function):
        kind = type(function).__name__
        raise Mistake(Text(
            en=f"the check needs your function itself, and got a value of "
               f"type {kind}: pass the function's name, without "
               "parentheses or arguments.",
            zh=f"检查需要的是你的函数本身，收到的却是一个 {kind} 类型的值："
               "传入函数名即可，不要加括号和参数。"), known=False)
    return require_answer(function(*args, **kwargs))


def about_ellipsis(error):
    """True if ``error`` came from a ``...`` left in the learner's code:
    ``len(...)``, ``...[0]`` and the like say "ellipsis". No chapter:
    ``Exercise.evaluate`` uses it."""
    return "ellipsis" in str(error).lower()


NOT_ANSWERED = Text(
    en="Not answered yet: replace each ... in the cell above with your "
       "answer, then run this cell again.",
    zh="尚未作答：把上面单元格中的每个 ... 换成你的答案，再运行这个单元格。")
CORRECT = Text(en="Correct!", zh="正确！")
MISTAKE = Text(en="Not quite:", zh="还不对：")
NOT_YET = Text(en="Not yet:", zh="还没有做对：")
YOUR_CODE_FAILED = Text(en="Your code raised", zh="你的代码抛出了")
ASK_FOR_A_HINT = Text(en="For a nudge, run {name}.hint().",
                      zh="需要提示，可以运行 {name}.hint()。")


def sentences(*parts):
    """Parts of a message joined as the language writes them: with a space
    in English, without one after Chinese punctuation. No chapter:
    ``Exercise`` uses it."""
    separator = "" if _settings["language"] == "zh" else " "
    return separator.join(str(part) for part in parts)


class Feedback:
    """What ``check`` found: ``kind`` is ``"unanswered"``, ``"correct"``,
    ``"mistake"`` or ``"incorrect"``, ``message`` the text printed.

    No chapter: ``Exercise.evaluate`` returns it, for tests.
    """

    def __init__(self, kind, message):
        self.kind, self.message = kind, message

    def __repr__(self):
        return f"Feedback({self.kind!r}, {self.message!r})"


class Mistake(Exception):
    """Raised by a checker for a wrong answer: ``Mistake(text)`` names a
    known mistake, ``Mistake(text, known=False)`` says in general terms
    what is still wrong. No chapter: checkers raise it."""

    def __init__(self, text, known=True):
        super().__init__(str(text))
        self.text, self.known = text, known


class Exercise:
    """One exercise's check and hint.

    ``checker(answer)`` returns normally when the answer is right, and
    raises ``Unanswered`` or ``Mistake`` otherwise. Any other exception
    comes from the learner's code, run by the checker: ``check`` reports
    it in one line (or as not answered, if a ``...`` caused it).
    ``correct`` says why the answer matters; ``hint`` nudges.
    No chapter: each chapter's module of checkers builds its exercises.
    """

    def __init__(self, name, checker, correct, hint):
        self.name, self.checker = name, checker
        self.correct, self.hint_text = correct, hint

    def evaluate(self, answer):
        """The ``Feedback`` for ``answer``, printed by nothing."""
        hint = str(ASK_FOR_A_HINT).format(name=self.name)
        try:
            self.checker(answer)
        except Unanswered:
            return Feedback("unanswered", str(NOT_ANSWERED))
        except Mistake as mistake:
            kind = "mistake" if mistake.known else "incorrect"
            opening = MISTAKE if mistake.known else NOT_YET
            return Feedback(kind, sentences(opening, mistake.text, hint))
        except Exception as error:  # the learner's code, whatever it raised
            if about_ellipsis(error):
                return Feedback("unanswered", str(NOT_ANSWERED))
            full_stop = "。" if _settings["language"] == "zh" else "."
            failed = (f"{YOUR_CODE_FAILED} {type(error).__name__}: "
                      f"{error}".rstrip(".") + full_stop)
            return Feedback("incorrect", sentences(NOT_YET, failed, hint))
        return Feedback("correct", sentences(CORRECT, self.correct))

    def check(self, answer):
        """Print whether ``answer`` is right, and if not, what is wrong."""
        print(self.evaluate(answer).message)

    def hint(self):
        """Print a nudge towards the answer, without giving it away."""
        print(self.hint_text)

    def __repr__(self):
        return f"<exercise {self.name}: call .check(answer) or .hint()>"


def all_exercises():
    """Every exercise of every chapter module, by name.

    No chapter: the translation tool and the tests use it.
    """
    import importlib
    import pkgutil

    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("chapter"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            for value in vars(module).values():
                if isinstance(value, Exercise):
                    found[value.name] = value
    return found


def translate_output(text, language="zh"):
    """A check cell's stored English output in ``language``.

    Stored notebooks hold two kinds of answers: "Not answered yet" under a
    starter cell, and "Correct! ..." at the end of a solution. The Chinese
    chapters' stored outputs are these, translated; any other line is
    returned as it is. No chapter: ``tools/translation.py sync`` uses it.
    """
    corrects = [exercise.correct for exercise in all_exercises().values()]
    separator = "" if language == "zh" else " "
    lines = []
    for line in text.split("\n"):
        if line == NOT_ANSWERED.en:
            line = getattr(NOT_ANSWERED, language)
        for correct in corrects:
            if line == f"{CORRECT.en} {correct.en}":
                line = separator.join([getattr(CORRECT, language),
                                       getattr(correct, language)])
        lines.append(line)
    return "\n".join(lines)
