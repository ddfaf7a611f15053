"""The checks of chapter 4's exercises, *A sequential model*.

Used in chapter 4: ``deeper_model_exercise`` (exercise 4.1) and
``mean_loss_exercise`` (exercise 4.3).
"""

import numpy as np

from scratchnet.exercises import (
    Exercise,
    Mistake,
    Text,
    call,
    require_answer,
)

# The deeper model of exercise 4.1: (input_size, output_size, activation).
DEEPER = [(784, 512, "relu"), (512, 256, "relu"), (256, 10, "softmax")]


def _activation_name(layer):
    """``"relu"``, ``"softmax"``, ...: the name of a layer's activation."""
    activation = getattr(layer, "activation", None)
    name = getattr(activation, "__name__", repr(activation))
    return name.removesuffix("_v2")  # tf.nn.softmax is "softmax_v2"


def _sizes(layer):
    """``(input_size, output_size)`` of a layer, from the shape of its W."""
    weight = getattr(layer, "W", None)
    if weight is None or len(weight.shape) != 2:
        raise Mistake(Text(
            en=f"{layer!r} is not a NaiveDense layer with a weight matrix "
               "W: build each layer with NaiveDense(input_size=..., "
               "output_size=..., activation=...).",
            zh=f"{layer!r} 不是带权重矩阵 W 的 NaiveDense 层：每一层都要用 "
               "NaiveDense(input_size=..., output_size=..., "
               "activation=...) 搭建。"), known=False)
    return tuple(int(size) for size in weight.shape)


def _check_deeper_model(build_deeper_model):
    """``build_deeper_model()`` must return a NaiveSequential of three
    NaiveDense layers, 784 -> 512 (relu) -> 256 (relu) -> 10 (softmax)."""
    model = call(build_deeper_model)
    layers = getattr(model, "layers", None)
    if not isinstance(layers, (list, tuple)):
        raise Mistake(Text(
            en=f"build_deeper_model() returned {type(model).__name__}, not "
               "a model: return NaiveSequential([...]) with the three "
               "layers in the list.",
            zh=f"build_deeper_model() 返回的是 {type(model).__name__}，"
               "不是模型：要返回 NaiveSequential([...])，"
               "列表里放三层。"), known=False)
    require_answer(list(layers))
    if len(layers) != len(DEEPER):
        raise Mistake(Text(
            en=f"the model has {len(layers)} layers; the exercise asks for "
               "three: 784 -> 512, 512 -> 256 and 256 -> 10.",
            zh=f"这个模型有 {len(layers)} 层；练习要的是三层："
               "784 -> 512、512 -> 256 和 256 -> 10。"), known=False)
    sizes = [_sizes(layer) for layer in layers]
    for number, (before, after) in enumerate(zip(sizes, sizes[1:]), 2):
        if after[0] != before[1]:
            raise Mistake(Text(
                en=f"the sizes do not chain: layer {number} has "
                   f"input_size={after[0]}, but layer {number - 1} gives "
                   f"{before[1]} outputs. Each layer's input_size must "
                   "equal the previous layer's output_size.",
                zh=f"各层的大小没有衔接上：第 {number} 层的 input_size="
                   f"{after[0]}，而第 {number - 1} 层给出 {before[1]} 个输出。"
                   "每一层的 input_size 必须等于前一层的 output_size。"))
    wanted = [(inputs, outputs) for inputs, outputs, _ in DEEPER]
    if sizes != wanted:
        shown = ", ".join(f"{inputs} -> {outputs}" for inputs, outputs
                          in sizes)
        raise Mistake(Text(
            en=f"the layers are {shown}; the exercise asks for 784 -> 512, "
               "512 -> 256 and 256 -> 10.",
            zh=f"这些层是 {shown}；练习要的是 784 -> 512、512 -> 256 和 "
               "256 -> 10。"), known=False)
    names = [_activation_name(layer) for layer in layers]
    for number, name in enumerate(names[:-1], 1):
        if name == "softmax":
            raise Mistake(Text(
                en=f"layer {number} is a hidden layer with softmax, which "
                   "squeezes its outputs into probabilities that sum to 1. "
                   "Hidden layers use tf.nn.relu; only the last layer uses "
                   "softmax.",
                zh=f"第 {number} 层是隐藏层，却用了 softmax，"
                   "它会把这一层的输出压成和为 1 的概率。"
                   "隐藏层用 tf.nn.relu，只有最后一层用 softmax。"))
        if name != "relu":
            raise Mistake(Text(
                en=f"layer {number} uses {name}; the exercise asks for "
                   "tf.nn.relu in both hidden layers.",
                zh=f"第 {number} 层用的是 {name}；练习要求两个隐藏层都用 "
                   "tf.nn.relu。"), known=False)
    if names[-1] != "softmax":
        raise Mistake(Text(
            en=f"the last layer uses {names[-1]}, so its 10 outputs are "
               "not probabilities. Give it activation=tf.nn.softmax: each "
               "row then sums to 1, one probability per digit.",
            zh=f"最后一层用的是 {names[-1]}，它的 10 个输出就不是概率。要给它 "
               "activation=tf.nn.softmax：这样每一行的和为 1，每个数字一个"
               "概率。"))
    rows = np.asarray(model(np.ones((5, 784), dtype=np.float32)))
    if rows.shape != (5, 10) or not np.allclose(rows.sum(axis=1), 1,
                                                atol=1e-5):
        raise Mistake(Text(
            en=f"on 5 images the model gave an output of shape "
               f"{rows.shape} whose rows do not all sum to 1; expected "
               "(5, 10), one probability per digit.",
            zh=f"在 5 张图像上，模型输出的形状是 {rows.shape}，"
               "而且各行的和不都是 1；"
               "应当是 (5, 10)，每个数字一个概率。"), known=False)


deeper_model_exercise = Exercise(
    "deeper_model_exercise", _check_deeper_model,
    correct=Text(
        en="Adding a layer is one more line in the list, as long as its "
           "input_size is the previous layer's output_size.",
        zh="加一层只是在列表里多写一行，只要它的 input_size 等于前一层的 "
           "output_size。"),
    hint=Text(
        en="Copy the first layer's line twice. The new layer takes the 512 "
           "values the first layer gives and makes 256; the last one takes "
           "those 256 and makes 10, with softmax.",
        zh="把第一层那一行复制两次。新的一层接收第一层给出的 512 个值，输出 "
           "256 个；最后一层接收这 256 个值，输出 10 个，用 softmax。"))


def _loss_example():
    """Five images, four classes: probabilities and labels, seeded."""
    rng = np.random.default_rng(4)
    probabilities = rng.dirichlet(np.ones(4), size=5)
    labels = np.array([0, 3, 1, 1, 2])
    return probabilities, labels


def _check_mean_loss(mean_loss):
    """``mean_loss(probabilities, labels)``: the mean over the images of
    minus the natural log of the probability of the true label."""
    probabilities, labels = _loss_example()
    answer = call(mean_loss, probabilities.copy(), labels.copy())
    true_class = probabilities[np.arange(len(labels)), labels]
    expected = -np.mean(np.log(true_class))
    if np.ndim(answer) == 1 and np.shape(answer)[0] == len(labels):
        raise Mistake(Text(
            en=f"mean_loss returned {len(labels)} numbers, one loss per "
               "image: the loss of the batch is their mean, one number.",
            zh=f"mean_loss 返回了 {len(labels)} 个数，每张图像一个损失；"
               "批量的损失是它们的平均值，只有一个数。"))
    try:
        value = float(np.asarray(answer))
    except (TypeError, ValueError):
        raise Mistake(Text(
            en=f"mean_loss returned {answer!r}; it should return one "
               "number, the mean loss.",
            zh=f"mean_loss 返回的是 {answer!r}；"
               "它应当返回一个数，即平均损失。"),
            known=False) from None
    if np.isclose(value, expected, rtol=1e-5):
        return
    table = probabilities[:, labels]
    mistakes = [
        (-np.mean(np.log(table)), Text(
            en="probabilities[:, labels] takes, for every image, the "
               f"columns of all {len(labels)} labels: a {len(labels)} × "
               f"{len(labels)} table, not one probability per image. Pair "
               "row n with labels[n]: "
               "probabilities[np.arange(len(labels)), labels].",
            zh="probabilities[:, labels] 为每张图像取出了全部 "
               f"{len(labels)} 个标签对应的列，得到一张 {len(labels)} × "
               f"{len(labels)} 的表，而不是每张图像一个概率。要让第 n 行与 "
               "labels[n] 配对：probabilities[np.arange(len(labels)), "
               "labels]。")),
        (-np.sum(np.log(true_class)), Text(
            en="that is the sum over the images; the loss of a batch is "
               "their mean, so that it does not grow with the number of "
               "images.",
            zh="这是对所有图像求和；批量的损失是平均值，这样它才不会随图像数量"
               "增大。")),
        (np.mean(np.log(true_class)), Text(
            en="the sign is flipped: the log of a probability is at most 0, "
               "and the loss is minus it, so that a sure, right answer "
               "costs 0 and a wrong one a large positive number.",
            zh="符号反了：概率的对数不大于 0，损失是它的相反数，"
               "这样有把握的正确答案损失为 0，"
               "错误的答案损失是一个很大的正数。")),
        (-np.mean(np.log10(true_class)), Text(
            en="np.log10 is the base-10 log; the loss uses the natural "
               "log, np.log (the ln in -ln(0.1) = 2.30).",
            zh="np.log10 是以 10 为底的对数；损失用的是自然对数 np.log"
               "（-ln(0.1) = 2.30 中的 ln）。")),
        (-np.mean(np.log(probabilities.max(axis=1))), Text(
            en="that is the probability of the model's answer, the "
               "largest of each row; the loss needs the probability of the "
               "true label, whatever the model answered.",
            zh="这是模型所答数字的概率，即每一行的最大值；损失要的是真实标签的"
               "概率，不管模型答的是什么。")),
    ]
    for wrong, text in mistakes:
        if np.isclose(value, wrong, rtol=1e-5):
            raise Mistake(text)
    raise Mistake(Text(
        en=f"on a small example of {len(labels)} images, mean_loss gave "
           f"{value:.4f}, but the mean of -ln(probability of the true "
           f"label) is {expected:.4f}.",
        zh=f"在一个 {len(labels)} 张图像的小例子上，mean_loss 给出 "
           f"{value:.4f}，而 -ln(真实标签的概率) 的平均值是 {expected:.4f}。"),
        known=False)


mean_loss_exercise = Exercise(
    "mean_loss_exercise", _check_mean_loss,
    correct=Text(
        en="This one number, the mean of -ln(p of the true label), is what "
           "training makes smaller.",
        zh="训练要减小的，正是这一个数：真实标签概率的负对数的平均值。"),
    hint=Text(
        en="Row n of probabilities belongs to image n, whose true label is "
           "labels[n]. Indexing with two arrays, probabilities[rows, "
           "columns], picks one entry per pair (rows[i], columns[i]).",
        zh="probabilities 的第 n 行属于第 n 张图像，它的真实标签是 "
           "labels[n]。用两个数组做索引 probabilities[rows, columns]，"
           "每一对 (rows[i], columns[i]) 取出一个元素。"))
