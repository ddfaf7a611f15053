"""The checks of chapter 8's exercises, *Evaluating the model*.

Used in chapter 8: ``confusion_counts_exercise`` (exercise 8.2) and
``precision_exercise`` (exercise 8.3).
"""

import numpy as np

from scratchnet.exercises import Exercise, Mistake, Text, call

# Four classes; class 3 never occurs, and some (true, predicted) pairs
# occur more than once.
_LABELS = np.array([0, 0, 1, 2, 2, 2, 1, 0, 2, 1])
_PREDICTED = np.array([0, 1, 1, 2, 0, 2, 2, 0, 1, 1])
_NUM_CLASSES = 4


def _counted(labels, predicted, num_classes):
    matrix = np.zeros((num_classes, num_classes), dtype=int)
    np.add.at(matrix, (labels, predicted), 1)
    return matrix


def _as_matrix(answer):
    try:
        return np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Mistake(Text(
            en=f"return the matrix of counts as a NumPy array; yours "
               f"returned {answer!r}.",
            zh=f"应当以 NumPy 数组返回计数矩阵；你的函数返回的是 "
               f"{answer!r}。"),
            known=False) from None


def _check_confusion_counts(confusion_counts):
    """``confusion_counts(labels, predicted_labels, num_classes)`` must
    count each (true, predicted) pair: true classes in rows."""
    expected = _counted(_LABELS, _PREDICTED, _NUM_CLASSES)
    answer = _as_matrix(call(confusion_counts, _LABELS.copy(),
                             _PREDICTED.copy(), _NUM_CLASSES))
    if answer.shape == expected.shape and np.array_equal(answer, expected):
        return
    if answer.shape == (3, 3):
        raise Mistake(Text(
            en=f"the matrix is {answer.shape}, but num_classes is "
               f"{_NUM_CLASSES}: a class that never occurs (here 3) still "
               "has its row and column. Size the matrix with num_classes, "
               "not with the largest label.",
            zh=f"矩阵的形状是 {answer.shape}，但 num_classes 是 "
               f"{_NUM_CLASSES}：一个从未出现的类别（这里是 3）"
               "也有它的行和列。要按 num_classes 确定矩阵大小，"
               "而不是按最大的标签。"))
    if answer.shape != expected.shape:
        raise Mistake(Text(
            en=f"the matrix should be num_classes x num_classes, "
               f"{expected.shape}; yours is {answer.shape}.",
            zh=f"矩阵应当是 num_classes × num_classes，即 {expected.shape}；"
               f"你的是 {answer.shape}。"), known=False)
    if np.array_equal(answer, expected.T):
        raise Mistake(Text(
            en="rows and columns are swapped: row i should count the "
               "images whose true label is i, and column j those predicted "
               "as j, so matrix[true, predicted].",
            zh="行和列弄反了：第 i 行应当统计真实标签为 i 的图像，"
               "第 j 列统计被预测为 j 的图像，即 matrix[true, predicted]。"))
    once = np.zeros_like(expected)
    once[_LABELS, _PREDICTED] = 1
    if np.array_equal(answer, once) or np.array_equal(answer, once.T):
        raise Mistake(Text(
            en="pairs that occur more than once were counted once: "
               "matrix[labels, predicted_labels] += 1 adds 1 to each "
               "distinct cell only. Count in a loop over the pairs, or with "
               "np.add.at(matrix, (labels, predicted_labels), 1).",
            zh="出现不止一次的 (真实, 预测) 组合只被数了一次："
               "matrix[labels, predicted_labels] += 1 对每个不同的格子只加 1。"
               "要逐对循环计数，或者用 "
               "np.add.at(matrix, (labels, predicted_labels), 1)。"))
    if np.isclose(answer.sum(), 1) or np.allclose(answer.sum(axis=1)[:3], 1):
        raise Mistake(Text(
            en="these are shares, not counts: the confusion matrix counts "
               "images, and its entries add up to the number of images.",
            zh="这些是比例，不是计数：混淆矩阵数的是图像张数，所有元素之和"
               "等于图像的总数。"))
    raise Mistake(Text(
        en=f"for the labels {_LABELS.tolist()} and the predictions "
           f"{_PREDICTED.tolist()}, the counts are {expected.tolist()}; "
           f"yours are {answer.astype(int).tolist()}.",
        zh=f"标签为 {_LABELS.tolist()}、预测为 {_PREDICTED.tolist()} 时，"
           f"计数应为 {expected.tolist()}；你的是 "
           f"{answer.astype(int).tolist()}。"), known=False)


confusion_counts_exercise = Exercise(
    "confusion_counts_exercise", _check_confusion_counts,
    correct=Text(
        en="Each image adds 1 to one cell, row = true label and column = "
           "prediction, which is what tf.math.confusion_matrix counts.",
        zh="每张图像给一个格子加 1，行是真实标签，列是预测，"
           "tf.math.confusion_matrix 数的正是这个。"),
    hint=Text(
        en="Start from np.zeros((num_classes, num_classes), dtype=int), and "
           "add 1 for each image: for true, predicted in zip(labels, "
           "predicted_labels).",
        zh="从 np.zeros((num_classes, num_classes), dtype=int) 开始，每张图像"
           "加 1：for true, predicted in zip(labels, predicted_labels)。"))


# Rows: the true classes. Row sums 10, 4, 10; column sums 12, 8, 4.
_MATRIX = np.array([[8, 2, 0],
                    [1, 3, 0],
                    [3, 3, 4]])


def _check_precision(precision):
    """``precision(matrix)`` must return, for each class, the share of the
    images predicted as that class that truly are of it: the diagonal over
    the column sums."""
    expected = _MATRIX.diagonal() / _MATRIX.sum(axis=0)
    returned = call(precision, _MATRIX.copy())
    try:
        answer = np.asarray(returned, dtype=float)
    except (TypeError, ValueError):
        answer = None
    if answer is None or answer.shape != expected.shape:
        raise Mistake(Text(
            en=f"return one share per class, {len(expected)} numbers for a "
               f"{_MATRIX.shape} matrix; yours returned {returned!r}.",
            zh=f"每个类别返回一个比例，{_MATRIX.shape} 的矩阵应返回 "
               f"{len(expected)} 个数；你的函数返回的是 {returned!r}。"),
            known=False)
    if np.allclose(answer, expected):
        return
    if np.allclose(answer, _MATRIX.diagonal() / _MATRIX.sum(axis=1)):
        raise Mistake(Text(
            en="you divided by the row sums: that is each digit's accuracy, "
               "per_digit above, measured on the images that truly are that "
               "digit. The images predicted as a digit are its column: "
               "sum(axis=0).",
            zh="你除以的是行之和：这是每个数字的精度，即上面的 per_digit，"
               "是在真实为该数字的图像上衡量的。被预测为某个数字的图像在它"
               "那一列：sum(axis=0)。"))
    if np.allclose(answer, _MATRIX.diagonal() / _MATRIX.sum()):
        raise Mistake(Text(
            en="you divided by the number of all images; each digit's share "
               "divides by the images predicted as that digit, its column "
               "sum: sum(axis=0).",
            zh="你除以的是全部图像的张数；每个数字的比例要除以被预测为该数字的"
               "图像数，即它那一列之和：sum(axis=0)。"))
    if np.allclose(answer, _MATRIX.diagonal() // _MATRIX.sum(axis=0)):
        raise Mistake(Text(
            en="integer division // rounds every share down to 0 (or 1): "
               "divide with /.",
            zh="整数除法 // 把每个比例都向下取整成了 0（或 1）："
               "要用 / 来除。"))
    raise Mistake(Text(
        en=f"for the matrix {_MATRIX.tolist()} (true digits in rows), the "
           f"shares are {np.round(expected, 2).tolist()}; yours are "
           f"{np.round(answer, 2).tolist()}.",
        zh=f"矩阵为 {_MATRIX.tolist()}（行是真实数字）时，各个比例应为 "
           f"{np.round(expected, 2).tolist()}；你的是 "
           f"{np.round(answer, 2).tolist()}。"), known=False)


precision_exercise = Exercise(
    "precision_exercise", _check_precision,
    correct=Text(
        en="A digit with a low precision is one the model says too often: "
           "its column collects the other digits' mistakes.",
        zh="精确率低的数字，是模型说得太多的数字：它那一列收集了其他数字的"
           "错误。"),
    hint=Text(
        en="The correct predictions are on the diagonal, matrix.diagonal(). "
           "Which images did the model call a 3: a row of the matrix, or a "
           "column?",
        zh="正确的预测在对角线上，matrix.diagonal()。模型把哪些图像叫作 3："
           "矩阵的一行，还是一列？"))
