"""The checks of chapter 5's exercises, *Batches*.

Used in chapter 5: ``batch_counts_exercise`` (exercise 5.1) and
``shuffled_batches_exercise`` (exercise 5.2).
"""

import numpy as np

from scratchnet.exercises import Exercise, Mistake, Text, call


def _check_batch_counts(batch_counts):
    """``batch_counts(num_samples, batch_size)`` must return the number of
    batches and the size of the last one."""
    cases = [(60000, 7, (8572, 3)), (60000, 128, (469, 96)),
             (60000, 100, (600, 100)), (5, 10, (1, 5))]
    for num_samples, batch_size, (batches, last) in cases:
        answer = call(batch_counts, num_samples, batch_size)
        if not (isinstance(answer, tuple) and len(answer) == 2):
            raise Mistake(Text(
                en=f"return two numbers, (batches, last batch size); "
                   f"batch_counts({num_samples}, {batch_size}) returned "
                   f"{answer!r}.",
                zh=f"应当返回两个数：(批量数, 最后一个批量的大小)；"
                   f"batch_counts({num_samples}, {batch_size}) 返回的是 "
                   f"{answer!r}。"), known=False)
        if answer == (batches, last):
            continue
        if answer[0] == num_samples // batch_size and answer[0] != batches:
            raise Mistake(Text(
                en=f"{num_samples} // {batch_size} drops the last, smaller "
                   "batch: round the division up (math.ceil).",
                zh=f"{num_samples} // {batch_size} 丢掉了最后那个较小的批量："
                   "除法要向上取整（math.ceil）。"))
        if answer[1] == 0 and num_samples % batch_size == 0:
            raise Mistake(Text(
                en=f"when {batch_size} divides {num_samples} exactly, the "
                   f"last batch is full: it holds {batch_size} images, "
                   "not 0.",
                zh=f"当 {batch_size} 能整除 {num_samples} 时，最后一个批量是满"
                   f"的：它有 {batch_size} 张图像，而不是 0 张。"))
        if answer[1] == batch_size and num_samples % batch_size != 0:
            raise Mistake(Text(
                en="the last batch holds only what is left over: the "
                   f"remainder {num_samples} % {batch_size}.",
                zh="最后一个批量只装剩下的图像：也就是余数 "
                   f"{num_samples} % {batch_size}。"))
        raise Mistake(Text(
            en=f"batch_counts({num_samples}, {batch_size}) returned "
               f"{answer}, but {num_samples} samples in batches of "
               f"{batch_size} make {batches} batches, the last of {last}.",
            zh=f"batch_counts({num_samples}, {batch_size}) 返回了 {answer}，"
               f"但 {num_samples} 个样本按每批 {batch_size} 个，应当分成 "
               f"{batches} 个批量，最后一个有 {last} 个。"), known=False)


batch_counts_exercise = Exercise(
    "batch_counts_exercise", _check_batch_counts,
    correct=Text(
        en="A training loop makes exactly this many steps per epoch, and "
           "only the last batch may be smaller.",
        zh="训练循环每一轮走的步数正是这么多，而且只有最后一个批量可能更小。"),
    hint=Text(
        en="Count full batches with //, then ask whether anything is left "
           "over with %. A leftover makes one more, smaller batch.",
        zh="先用 // 数出满的批量，再用 % 看有没有剩下的样本。"
           "有剩余，就多出一个较小的批量。"))


def _served(generator):
    """Every (image, label) an epoch of ``generator`` serves, in order."""
    images, labels = [], []
    for images_batch, labels_batch in generator:
        images += list(np.asarray(images_batch))
        labels += list(np.asarray(labels_batch))
    return np.array(images), np.array(labels)


def _check_shuffled_batches(generator_class):
    """A ``ShuffledBatchGenerator(images, labels, rng, batch_size)`` serves
    every sample once per epoch, each label beside its image, in a random
    order drawn from ``rng``, new for each generator."""
    numbers = np.arange(10)           # the "images": sample numbers
    labels = numbers + 100            # each label tells its sample
    originals = numbers.copy(), labels.copy()
    rng = np.random.default_rng(0)
    first = _served(call(generator_class, numbers, labels, rng, 4))
    second = _served(call(generator_class, numbers, labels, rng, 4))
    if not (np.array_equal(numbers, originals[0])
            and np.array_equal(labels, originals[1])):
        raise Mistake(Text(
            en="the arrays you were given were shuffled in place (for "
               "example with rng.shuffle): the caller's data changed. "
               "Index them with an order instead: images[order].",
            zh="传进来的数组被原地打乱了（比如用了 rng.shuffle）：调用者的数据"
               "变了。应该用一个顺序去索引它们：images[order]。"))
    served_numbers, served_labels = first
    if sorted(served_numbers.tolist()) != numbers.tolist():
        raise Mistake(Text(
            en="an epoch must serve every sample exactly once; yours served "
               f"{sorted(served_numbers.tolist())} of 0 to 9. Use a "
               "permutation, rng.permutation(len(images)), not random "
               "draws.",
            zh="一轮必须把每个样本恰好送出一次；你的代码送出的是 0 到 9 中的 "
               f"{sorted(served_numbers.tolist())}。要用一个排列 "
               "rng.permutation(len(images))，而不是随机抽取。"))
    if not np.array_equal(served_labels, served_numbers + 100):
        raise Mistake(Text(
            en="labels moved away from their images: the images and the "
               "labels were put in two different orders. Index both with "
               "the same order.",
            zh="标签和图像对不上了：图像和标签被排成了两种不同的顺序。"
               "要用同一个顺序去索引两者。"))
    if np.array_equal(served_numbers, numbers):
        raise Mistake(Text(
            en="the samples still come in their original order 0, 1, 2, "
               "...: pass the reordered images and labels, images[order] "
               "and labels[order], to BatchGenerator.",
            zh="样本仍然按原来的顺序 0, 1, 2, ... 送出：要把重新排序后的 "
               "images[order] 和 labels[order] 交给 BatchGenerator。"))
    if np.array_equal(first[0], second[0]):
        raise Mistake(Text(
            en="two generators made from the same rng serve the same "
               "order, so every epoch would see the batches alike. Draw "
               "the order from the rng you are given, not from a new "
               "np.random.default_rng(0).",
            zh="用同一个 rng 先后做出的两个生成器送出了相同的顺序，那样每一轮"
               "看到的批量都一样。要从传进来的 rng 抽取顺序，而不是新建一个 "
               "np.random.default_rng(0)。"))
    expected = np.random.default_rng(0).permutation(10)
    if not np.array_equal(served_numbers, expected):
        raise Mistake(Text(
            en="the order does not come from the rng you are given, so a "
               "seeded run could not repeat it: use "
               "rng.permutation(len(images)).",
            zh="这个顺序不是从传进来的 rng 抽取的，固定了种子也无法重现："
               "请用 rng.permutation(len(images))。"))


shuffled_batches_exercise = Exercise(
    "shuffled_batches_exercise", _check_shuffled_batches,
    correct=Text(
        en="Each epoch now meets the samples in a new order, as Keras's fit "
           "does; chapter 12 measures what that is worth.",
        zh="现在每一轮都以新的顺序遇到样本，和 Keras 的 fit 一样；"
           "第 12 章会测量这样做有多大好处。"),
    hint=Text(
        en="Make one order, order = rng.permutation(len(images)), and use "
           "it twice: images[order] and labels[order]. BatchGenerator does "
           "the rest.",
        zh="先生成一个顺序 order = rng.permutation(len(images))，"
           "然后用它两次：images[order] 和 labels[order]。"
           "其余的交给 BatchGenerator。"))
