"""The checks of chapter 2's exercises, *Preparing the data*.

Used in chapter 2: ``digit_shares_exercise`` (exercise 2.1) and
``prepare_one_exercise`` (exercise 2.3).
"""

import numpy as np

from scratchnet.data import prepare_images
from scratchnet.exercises import Exercise, Mistake, Text, call


def _check_digit_shares(digit_shares):
    """``digit_shares(labels)``: for each digit 0 to 9, the share of the
    labels that are that digit; ten numbers that add up to 1."""
    rng = np.random.default_rng(2)
    without_nines = rng.integers(0, 9, size=40).astype("uint8")
    every_digit = rng.permutation(np.arange(50) % 10).astype("uint8")
    for labels in (without_nines, every_digit):
        answer = call(digit_shares, labels.copy())
        counts = np.bincount(labels, minlength=10)
        right = counts / len(labels)
        try:
            answer = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            answer = None
        if answer is None or answer.ndim != 1:
            raise Mistake(Text(
                en="return one share per digit, a 1-D array such as "
                   "np.bincount gives.",
                zh="应当每个数字返回一个比例，即 np.bincount 给出的那种一维"
                   "数组。"), known=False)
        if len(answer) and not answer.any():
            raise Mistake(Text(
                en="every share came out 0: // divides whole numbers and "
                   "drops the fraction. Use /, which gives 0.1 and the "
                   "like.",
                zh="每个比例都是 0：// 是整数除法，丢掉了小数部分。要用 /，"
                   "这样才能得到 0.1 这样的数。"))
        if len(answer) != 10:
            missing = sorted(set(range(10)) - set(labels.tolist()))
            raise Mistake(Text(
                en=f"{len(answer)} shares instead of 10: these labels have "
                   f"no {missing[-1]}, and np.bincount stops at the largest "
                   "label it sees. Ask for all ten digits with "
                   "np.bincount(labels, minlength=10).",
                zh=f"得到的是 {len(answer)} 个比例，而不是 10 个：这些标签"
                   f"里没有 {missing[-1]}，而 np.bincount 只数到它见过的最大"
                   "标签。用 np.bincount(labels, minlength=10) 要齐十个"
                   "数字。"))
        if np.allclose(answer, right):
            continue
        if np.allclose(answer, counts):
            raise Mistake(Text(
                en="those are the counts; a share is a count divided by "
                   "the number of labels.",
                zh="这些是个数；比例是个数除以标签的总数。"))
        if np.allclose(answer, counts / 10):
            raise Mistake(Text(
                en=f"divide by the number of labels, len(labels) = "
                   f"{len(labels)}, not by the 10 digits.",
                zh=f"要除以标签的个数 len(labels) = {len(labels)}，"
                   "而不是除以 10 个数字。"))
        raise Mistake(Text(
            en=f"for {len(labels)} labels the shares should be "
               f"{np.round(right, 3).tolist()}, but your function returned "
               f"{np.round(answer, 3).tolist()}.",
            zh=f"对这 {len(labels)} 个标签，比例应当是 "
               f"{np.round(right, 3).tolist()}，而你的函数返回了 "
               f"{np.round(answer, 3).tolist()}。"), known=False)


digit_shares_exercise = Exercise(
    "digit_shares_exercise", _check_digit_shares,
    correct=Text(
        en="With shares near 0.1 each, a network must beat one in ten to "
           "show that it learned anything.",
        zh="每个数字的比例都接近 0.1，网络必须做得比十中取一更好，"
           "才说明它学到了东西。"),
    hint=Text(
        en="np.bincount counts each value; tell it there are ten digits, "
           "then divide by how many labels there are.",
        zh="np.bincount 统计每个值出现的次数；告诉它一共有十个数字，"
           "再除以标签的个数。"))


def _check_prepare_one(prepare_one):
    """``prepare_one(image)``: one raw ``(28, 28)`` image as the batch of
    one that the network takes, ``(1, 784)`` float32 between 0 and 1."""
    image = np.random.default_rng(3).integers(
        0, 256, size=(28, 28)).astype("uint8")
    right = prepare_images(image[np.newaxis])
    try:
        answer = call(prepare_one, image.copy())
    except ValueError as error:
        if "(n, 28, 28)" not in str(error):
            raise
        raise Mistake(Text(
            en="prepare_images wants a stack of images, shape (n, 28, 28), "
               "and one image has shape (28, 28). Make it a stack of one "
               "first.",
            zh="prepare_images 要的是一叠图像，形状为 (n, 28, 28)，而一张图像"
               "的形状是 (28, 28)。先把它变成只有一张的一叠。")) from None
    answer = np.asarray(answer)
    if answer.shape == (784,):
        raise Mistake(Text(
            en="shape (784,) is one row without its batch: the network "
               "takes batches, so keep the shape (1, 784), a batch of one.",
            zh="形状 (784,) 是一行，但没有批量这一维：网络接收的是批量，"
               "所以要保留形状 (1, 784)，即只有一张图像的批量。"))
    if answer.shape != (1, 784):
        raise Mistake(Text(
            en=f"the shape is {answer.shape}; the network takes (1, 784): "
               "one image, flattened into one row.",
            zh=f"形状是 {answer.shape}；网络要的是 (1, 784)：一张图像，"
               "展平成一行。"), known=False)
    if answer.max() > 1:
        raise Mistake(Text(
            en=f"the pixels still go up to {answer.max():g}: divide by 255, "
               "as prepare_images does.",
            zh=f"像素仍然最大到 {answer.max():g}：要像 prepare_images 那样"
               "除以 255。"))
    if answer.dtype != np.float32:
        raise Mistake(Text(
            en=f"the numbers are {answer.dtype}, but the weights are "
               "float32. Let prepare_images do the work: it gives float32.",
            zh=f"这些数是 {answer.dtype} 类型，而权重是 float32。"
               "让 prepare_images 来做：它给出的就是 float32。"))
    if not np.allclose(answer, right):
        raise Mistake(Text(
            en="the shape and type are right, but not the numbers: pixel "
               "(row, column) must land at position row * 28 + column.",
            zh="形状和类型都对，但数值不对：像素 (row, column) 应当落在位置 "
               "row * 28 + column。"), known=False)


prepare_one_exercise = Exercise(
    "prepare_one_exercise", _check_prepare_one,
    correct=Text(
        en="A network always takes a batch; to ask about one image, give it "
           "a batch of one.",
        zh="网络接收的总是批量；想问一张图像，就给它只有一张图像的批量。"),
    hint=Text(
        en="prepare_images takes a stack, shape (n, 28, 28). Give your "
           "image one more axis in front, so that it becomes a stack of "
           "one (np.newaxis or reshape can add it).",
        zh="prepare_images 接收的是一叠图像，形状为 (n, 28, 28)。给你的图像"
           "在最前面加一个轴，让它变成只有一张的一叠（np.newaxis 或 "
           "reshape 都能做到）。"))
