"""The checks of chapter 1's exercises, *Keras in ten lines*.

Used in chapter 1: ``count_parameters_exercise`` (exercise 1.2) and
``misread_exercise`` (exercise 1.3).
"""

import numpy as np

from scratchnet.exercises import Exercise, Mistake, Text, call


def _layer_counts(layer_sizes, per_layer):
    """``per_layer(inputs, outputs)`` summed over the dense layers that
    ``layer_sizes`` describes, one layer per pair of neighbours."""
    return sum(per_layer(inputs, outputs)
               for inputs, outputs in zip(layer_sizes[:-1], layer_sizes[1:]))


def _check_count_parameters(count_parameters):
    """``count_parameters(layer_sizes)``: the weights and biases of a chain
    of dense layers, ``[784, 512, 10]`` for chapter 1's network."""
    for sizes in ([784, 512, 10], [4, 3, 2, 1], [3, 2]):
        answer = call(count_parameters, list(sizes))
        right = _layer_counts(sizes, lambda n, m: n * m + m)
        if not isinstance(answer, (int, float, np.integer, np.floating)):
            raise Mistake(Text(
                en=f"return one number; count_parameters({sizes}) returned "
                   f"{answer!r}.",
                zh=f"应当返回一个数；count_parameters({sizes}) 返回的是 "
                   f"{answer!r}。"), known=False)
        if answer == right:
            continue
        if answer == _layer_counts(sizes, lambda n, m: n * m):
            raise Mistake(Text(
                en=f"{answer} counts the weights only. Each output of a "
                   "layer also has its bias: add one per output.",
                zh=f"{answer} 只数了权重。每层的每个输出还有一个偏置："
                   "每个输出再加一个。"))
        if answer == _layer_counts(sizes, lambda n, m: n * m + n):
            raise Mistake(Text(
                en="that gives each input a bias; a layer has one bias per "
                   "output (512 for the first layer, not 784).",
                zh="这样算是每个输入一个偏置；而一层的偏置是每个输出一个"
                   "（第一层是 512 个，不是 784 个）。"))
        if any(answer == _layer_counts(sizes[:end], lambda n, m: n * m + m)
               for end in range(2, len(sizes))):
            raise Mistake(Text(
                en=f"a layer is missing: {len(sizes)} sizes {sizes} make "
                   f"{len(sizes) - 1} layers, one for each pair of "
                   "neighbours.",
                zh=f"少数了一层：{len(sizes)} 个大小 {sizes} 构成 "
                   f"{len(sizes) - 1} 层，相邻的每一对大小就是一层。"))
        raise Mistake(Text(
            en=f"count_parameters({sizes}) returned {answer}, but these "
               f"layers have {right} weights and biases.",
            zh=f"count_parameters({sizes}) 返回了 {answer}，但这些层共有 "
               f"{right} 个权重和偏置。"), known=False)


count_parameters_exercise = Exercise(
    "count_parameters_exercise", _check_count_parameters,
    correct=Text(
        en="Almost all of them are the first layer's 784 × 512 weights: a "
           "dense layer's size grows as its inputs times its outputs.",
        zh="几乎全部都是第一层的 784 × 512 个权重：密集层的参数量随输入数"
           "乘以输出数增长。"),
    hint=Text(
        en="A layer with n inputs and m outputs has a weight for each pair "
           "(input, output) and a bias for each output. The sizes "
           "[784, 512, 10] make two such layers.",
        zh="一个有 n 个输入、m 个输出的层，每一对（输入, 输出）有一个权重，"
           "每个输出有一个偏置。大小 [784, 512, 10] 构成两个这样的层。"))


def _probabilities_and_labels():
    """Ten seeded rows of probabilities (ten images, ten digits, square on
    purpose: the wrong axis then gives an answer, not an error) and labels,
    three of which the most probable digit gets wrong."""
    rng = np.random.default_rng(1)
    scores = rng.normal(size=(10, 10)) * 3
    probabilities = np.exp(scores)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    labels = probabilities.argmax(axis=1)
    labels[[2, 5, 9]] = (labels[[2, 5, 9]] + 1) % 10
    return probabilities.astype("float32"), labels.astype("uint8")


def _check_misread(misread):
    """``misread(probabilities, labels)``: the positions of the images
    whose most probable digit is not their label."""
    probabilities, labels = _probabilities_and_labels()
    answer = call(misread, probabilities.copy(), labels.copy())
    right = np.flatnonzero(probabilities.argmax(axis=1) != labels)
    if isinstance(answer, tuple):
        raise Mistake(Text(
            en="np.nonzero and np.where return a tuple, one array per axis: "
               "take its [0], or use np.flatnonzero, which returns the "
               "positions as one array.",
            zh="np.nonzero 和 np.where 返回的是元组，每个轴一个数组：取它的 "
               "[0]，或者改用 np.flatnonzero，它把位置作为一个数组返回。"))
    if np.ndim(answer) == 0:
        raise Mistake(Text(
            en=f"return the positions of the misread images, not how many "
               f"there are ({answer}): len() of the positions gives the "
               "count.",
            zh=f"应当返回认错的图像的位置，而不是个数（{answer}）：对位置用 "
               "len() 就得到个数。"))
    answer = np.asarray(answer)
    if answer.dtype == bool:
        raise Mistake(Text(
            en="that is one True or False per image; the positions of the "
               "True ones are np.flatnonzero(...) of it.",
            zh="这是每张图像一个 True 或 False；要的是其中 True 的位置，"
               "即对它取 np.flatnonzero(...)。"))
    if np.array_equal(answer, right):
        return
    mistakes = [
        (probabilities.argmax(axis=0), Text(
            en="argmax(axis=0) looks down each column: the most probable "
               "image for each digit. Each image is a row, so take "
               "argmax(axis=1).",
            zh="argmax(axis=0) 沿着每一列找：得到的是每个数字最可能的图像。"
               "每张图像是一行，所以要用 argmax(axis=1)。")),
        (probabilities.argmax(), Text(
            en="every image came out misread: the predictions never equal "
               "the labels. argmax() without an axis gives one position in "
               "the whole array, and max gives a probability, not a digit: "
               "take argmax(axis=1), one digit per image.",
            zh="每张图像都被算成认错了：预测值从来不等于标签。不带 axis 的 "
               "argmax() 在整个数组里只给出一个位置，max 给出的是概率而不是"
               "数字：要用 argmax(axis=1)，每张图像一个数字。")),
    ]
    for predicted, text in mistakes:
        if np.array_equal(answer, np.flatnonzero(predicted != labels)):
            raise Mistake(text)
    if np.array_equal(answer, np.flatnonzero(
            probabilities.argmax(axis=1) == labels)):
        raise Mistake(Text(
            en="those are the images it reads right: keep the positions "
               "where the prediction differs from the label (!=).",
            zh="这些是认对了的图像：要保留预测与标签不同（!=）的位置。"))
    raise Mistake(Text(
        en=f"on ten made-up images with labels {labels.tolist()}, the "
           f"misread ones are {right.tolist()}, but your function returned "
           f"{answer.tolist()}.",
        zh=f"在十张虚构的图像上（标签为 {labels.tolist()}），认错的是 "
           f"{right.tolist()}，而你的函数返回了 {answer.tolist()}。"),
        known=False)


misread_exercise = Exercise(
    "misread_exercise", _check_misread,
    correct=Text(
        en="Looking at the misread images is the quickest way to see what a "
           "network finds hard; chapter 8 counts them digit by digit.",
        zh="看看认错的图像，是了解网络觉得什么难的最快办法；"
           "第 8 章会按数字逐个统计它们。"),
    hint=Text(
        en="Each row of probabilities is one image. argmax along the right "
           "axis gives each image's predicted digit; compare it with the "
           "labels, and np.flatnonzero turns the comparison into positions.",
        zh="概率的每一行是一张图像。沿着正确的轴取 argmax，得到每张图像的"
           "预测数字；把它和标签比较，再用 np.flatnonzero 把比较结果变成"
           "位置。"))
