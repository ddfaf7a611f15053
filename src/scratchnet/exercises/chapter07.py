"""The checks of chapter 7's exercises, *The training loop*.

Used in chapter 7: ``fixed_loop_exercise`` (exercise 7.1) and
``worst_batch_exercise`` (exercise 7.2).
"""

import numpy as np
import tensorflow as tf

from scratchnet.exercises import Exercise, Mistake, Text, call
from scratchnet.training_loop import fit


class _SmallModel:
    """A 6-5-3 network built as ``build_scratch_model``'s layers compute,
    with fixed weights (TensorFlow's random state is left alone), that
    records the size of every batch it is called on."""

    def __init__(self):
        rng = np.random.default_rng(0)
        self.weights = [
            tf.Variable(rng.normal(size=(6, 5)).astype(np.float32)),
            tf.Variable(np.zeros(5, np.float32)),
            tf.Variable(rng.normal(size=(5, 3)).astype(np.float32)),
            tf.Variable(np.zeros(3, np.float32))]
        self.batch_sizes = []

    def __call__(self, inputs):
        self.batch_sizes.append(len(inputs))
        W1, b1, W2, b2 = self.weights
        hidden = tf.nn.relu(tf.matmul(inputs, W1) + b1)
        return tf.nn.softmax(tf.matmul(hidden, W2) + b2)


_DATA = np.random.default_rng(1)
_IMAGES = _DATA.random((10, 6)).astype(np.float32)
_LABELS = _DATA.integers(0, 3, 10)
_BATCH_SIZE, _LEARNING_RATE = 4, 0.1  # 3 batches per epoch: 4, 4 and 2


def _reference(epochs, learning_rate=_LEARNING_RATE,
               batch_size=_BATCH_SIZE):
    """The losses the chapter's ``fit`` records on the same data."""
    return fit(_SmallModel(), _IMAGES, _LABELS, epochs, batch_size,
               learning_rate, verbose=False)


def _losses_of(fit_function, epochs):
    """The learner's losses as floats, and the batch sizes its model saw."""
    model = _SmallModel()
    answer = call(fit_function, model, _IMAGES, _LABELS, epochs,
                  batch_size=_BATCH_SIZE, learning_rate=_LEARNING_RATE)
    try:
        losses = [float(loss) for loss in answer]
    except (TypeError, ValueError):
        raise Mistake(Text(
            en=f"return the list of losses, one number per batch; your "
               f"function returned {answer!r}.",
            zh=f"应当返回损失的列表，每个批量一个数；你的函数返回的是 "
               f"{answer!r}。"), known=False) from None
    return losses, model.batch_sizes


def _same(losses, expected):
    return len(losses) == len(expected) and np.allclose(losses, expected,
                                                        rtol=1e-5)


def _check_one_epoch(fit_function):
    losses, batch_sizes = _losses_of(fit_function, epochs=1)
    expected = _reference(epochs=1)
    if _same(losses, expected):
        return
    if batch_sizes == [len(_IMAGES)]:
        raise Mistake(Text(
            en=f"your model saw one batch of {len(_IMAGES)} images, not "
               f"batches of {_BATCH_SIZE}: pass batch_size on to "
               "BatchGenerator (the original article's fit forgot it too).",
            zh=f"你的模型只见到了一个 {len(_IMAGES)} 张图像的批量，"
               f"而不是每批 {_BATCH_SIZE} 张：要把 batch_size 传给 "
               "BatchGenerator（原文的 fit 也漏了这一点）。"))
    if len(losses) == 1 and len(batch_sizes) == len(expected):
        raise Mistake(Text(
            en=f"one epoch of {len(expected)} batches recorded 1 loss: "
               "losses.append sits in the epoch loop. Record the loss of "
               "every batch, inside the batch loop.",
            zh=f"一轮有 {len(expected)} 个批量，却只记录了 1 个损失："
               "losses.append 放在了按轮的循环里。"
               "要在批量的循环里记录每个批量的损失。"))
    if _same(losses, _reference(epochs=1, learning_rate=1e-3)):
        raise Mistake(Text(
            en=f"the steps used the default learning rate 1e-3, not the "
               f"{_LEARNING_RATE} the check passed: hand learning_rate on "
               "to one_training_step.",
            zh=f"训练步骤用的是默认学习率 1e-3，而不是检查传入的 "
               f"{_LEARNING_RATE}：要把 learning_rate 传给 "
               "one_training_step。"))
    raise Mistake(Text(
        en=f"one epoch of {len(_IMAGES)} images in batches of {_BATCH_SIZE} "
           f"should record {len(expected)} losses, "
           f"{np.round(expected, 3).tolist()}, as fit does; yours recorded "
           f"{np.round(losses, 3).tolist()}.",
        zh=f"{len(_IMAGES)} 张图像、每批 {_BATCH_SIZE} 张，一轮应当像 fit 那样"
           f"记录 {len(expected)} 个损失 {np.round(expected, 3).tolist()}；"
           f"你的函数记录的是 {np.round(losses, 3).tolist()}。"), known=False)


def _check_fixed_loop(fit_function):
    """``fit_function(model, images, labels, epochs, batch_size,
    learning_rate)`` must train as the chapter's ``fit`` does and return
    its losses: one per batch, for every epoch."""
    _check_one_epoch(fit_function)
    expected = _reference(epochs=2)
    try:
        losses, _ = _losses_of(fit_function, epochs=2)
    except RuntimeError as error:
        if "have been served" not in str(error):
            raise
        raise Mistake(Text(
            en="the second epoch stopped with RuntimeError: the one "
               "BatchGenerator, made once above the epoch loop, had already "
               "served all its batches. Make a new one at the start of each "
               "epoch, inside the epoch loop.",
            zh="第二轮因 RuntimeError 停了下来：那个在按轮的循环之前"
               "只创建了一次的 BatchGenerator，已经送出了它的全部批量。"
               "要在每一轮开始时，在按轮的循环里新建一个。")) from None
    if _same(losses, expected):
        return
    per_epoch = len(expected) // 2
    if _same(losses, expected[:per_epoch]):
        raise Mistake(Text(
            en=f"two epochs recorded only the first epoch's {per_epoch} "
               "losses: the second epoch got no batches, because the "
               "batches came from something made once, before the epoch "
               "loop, and already used up. Make the batches of each epoch "
               "inside the epoch loop.",
            zh=f"训练两轮，却只记录了第一轮的 {per_epoch} 个损失：第二轮没有"
               "拿到任何批量，因为批量来自一个在按轮的循环之前只创建了一次、"
               "已经用完的对象。要在按轮的循环里为每一轮准备批量。"))
    raise Mistake(Text(
        en=f"two epochs should record {len(expected)} losses, "
           f"{np.round(expected, 3).tolist()}, as fit does; yours recorded "
           f"{np.round(losses, 3).tolist()}.",
        zh=f"两轮应当像 fit 那样记录 {len(expected)} 个损失 "
           f"{np.round(expected, 3).tolist()}；你的函数记录的是 "
           f"{np.round(losses, 3).tolist()}。"), known=False)


fixed_loop_exercise = Exercise(
    "fixed_loop_exercise", _check_fixed_loop,
    correct=Text(
        en="Every epoch now serves all the batches again, and the history "
           "holds one loss per batch, as the chapter's fit does.",
        zh="现在每一轮都重新送出全部批量，训练历史里每个批量一个损失，"
           "和本章的 fit 一样。"),
    hint=Text(
        en="A BatchGenerator serves each batch once, through next(). What "
           "is left to serve when the second epoch begins? Then look at "
           "where each batch's loss is recorded.",
        zh="BatchGenerator 通过 next() 把每个批量只送出一次。第二轮开始时，"
           "它还剩下什么可送？然后看看每个批量的损失是在哪里记录的。"))


def _close(a, b):
    """Equal as float32 keeps them: a loss may come back rounded."""
    return bool(np.isclose(a, b, rtol=1e-6, atol=0))


def _check_worst_batch(worst_batch):
    """``worst_batch(losses, batches_per_epoch)`` must return the position
    of the highest loss within the last epoch, and that loss."""
    first = [2.5, 6.0, 2.2, 2.4, 2.1]
    second = [1.5, 1.8, 1.4, 1.3, 1.2]
    last = [0.9, 0.7, 1.1, 0.8, 0.6]
    cases = [(first + second + last, 5, (2, 1.1)),
             ([3.0, 2.0, 2.5, 0.5, 0.4, 0.7], 3, (2, 0.7))]
    for losses, batches_per_epoch, (position, loss) in cases:
        answer = call(worst_batch, list(losses), batches_per_epoch)
        try:
            given_position, given_loss = int(answer[0]), float(answer[1])
            if len(answer) != 2:
                raise ValueError
        except (TypeError, ValueError, IndexError):
            raise Mistake(Text(
                en="return two numbers: (the batch's position within the "
                   f"last epoch, its loss); yours returned {answer!r}.",
                zh="应当返回两个数：(这个批量在最后一轮中的位置, 它的损失)；"
                   f"你的函数返回的是 {answer!r}。"), known=False) from None
        if given_position == position and _close(given_loss, loss):
            continue
        last_epoch = losses[-batches_per_epoch:]
        if _close(given_loss, max(losses)) and not any(
                _close(given_loss, value) for value in last_epoch):
            raise Mistake(Text(
                en=f"the loss {given_loss} is not from the last epoch: "
                   "look only at the last batches_per_epoch losses, "
                   "losses[-batches_per_epoch:].",
                zh=f"损失 {given_loss} 不在最后一轮里：只看最后 "
                   "batches_per_epoch 个损失，即 "
                   "losses[-batches_per_epoch:]。"))
        start = len(losses) - batches_per_epoch
        if _close(given_loss, loss) and given_position == start + position:
            raise Mistake(Text(
                en=f"the position {given_position} counts from the start of "
                   "the run; the exercise asks for the batch's position "
                   f"within the last epoch, {given_position} - {start}.",
                zh=f"位置 {given_position} 是从整个训练的开头数起的；"
                   "练习问的是这个批量在最后一轮中的位置，即 "
                   f"{given_position} - {start}。"))
        if (_close(given_loss, max(losses[-batches_per_epoch - 1:]))
                and not _close(given_loss, loss)):
            raise Mistake(Text(
                en="your slice reaches one batch into the epoch before: "
                   "the last epoch is the last batches_per_epoch losses, no "
                   "more.",
                zh="你的切片多取了前一轮的一个批量：最后一轮就是最后 "
                   "batches_per_epoch 个损失，不多也不少。"))
        if _close(given_loss, loss) and given_position == position - 1:
            raise Mistake(Text(
                en="the position is one too small: your slice misses the "
                   "first batch of the last epoch. Take "
                   "losses[-batches_per_epoch:].",
                zh="位置少了 1：你的切片漏掉了最后一轮的第一个批量。"
                   "请取 losses[-batches_per_epoch:]。"))
        raise Mistake(Text(
            en=f"for {batches_per_epoch} batches per epoch and the losses "
               f"{losses}, the worst batch of the last epoch is batch "
               f"{position}, with a loss of {loss}; yours returned "
               f"{answer!r}.",
            zh=f"每轮 {batches_per_epoch} 个批量、损失为 {losses} 时，最后一轮"
               f"中最差的是第 {position} 个批量，损失为 {loss}；你的函数返回的"
               f"是 {answer!r}。"), known=False)


worst_batch_exercise = Exercise(
    "worst_batch_exercise", _check_worst_batch,
    correct=Text(
        en="Positions within an epoch are what a printed line such as "
           "'loss at batch 400' counts, and a single batch can stand far "
           "above its epoch's mean.",
        zh="“loss at batch 400”这样的打印行，数的正是一轮之内的位置；单个批量"
           "的损失可以远高于这一轮的平均值。"),
    hint=Text(
        en="Slice the last epoch out first, losses[-batches_per_epoch:], "
           "then let np.argmax find the position in that slice.",
        zh="先切出最后一轮，losses[-batches_per_epoch:]，再用 np.argmax 在这个"
           "切片里找位置。"))
