"""The checks of chapter 9's exercises, *Checking gradients*.

Used in chapter 9: ``relu_mask_exercise`` (exercise 9.2),
``step_operations_exercise`` (exercise 9.3) and ``stable_softmax_exercise``
(exercise 9.4).
"""

import numpy as np

from scratchnet.exercises import Exercise, Mistake, Text, call

_NAMES = ["dW1", "db1", "dW2", "db2"]


def _small_network():
    """A 5-4-3 network with weights of both signs, so that relu blocks
    some hidden values, and a batch of 8 images with pixels in [0, 1)."""
    rng = np.random.default_rng(3)
    weights = [rng.normal(size=(5, 4)), rng.normal(size=4) * 0.1,
               rng.normal(size=(4, 3)), rng.normal(size=3) * 0.1]
    return weights, rng.random((8, 5)), rng.integers(0, 3, 8)


def _backward(weights, images, labels, relu_gradient):
    """The four gradients, with ``relu_gradient(z1, a1, da1)`` for dz1."""
    W1, b1, W2, b2 = weights
    z1 = images @ W1 + b1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2 + b2
    exp = np.exp(z2 - z2.max(axis=1, keepdims=True))
    probabilities = exp / exp.sum(axis=1, keepdims=True)
    dz2 = (probabilities - np.eye(W2.shape[1])[labels]) / len(images)
    da1 = dz2 @ W2.T
    dz1 = relu_gradient(z1, a1, da1)
    return [images.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)]


_RELU_GRADIENTS = {
    "right": lambda z1, a1, da1: da1 * (z1 > 0),
    "no mask": lambda z1, a1, da1: da1,
    "times a1": lambda z1, a1, da1: da1 * a1,
    "mask from da1": lambda z1, a1, da1: da1 * (da1 > 0),
}


def _agrees(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(np.abs(a).max(initial=0), np.abs(b).max(initial=0), 1e-300)
    return a.shape == b.shape and np.abs(a - b).max() / scale < 1e-10


_TRANSPOSES = Text(
    en="{detail} Check the transposes: a weight's gradient is its layer's "
       "input, transposed, times dz (dW2 = a1.T @ dz2, shape (4, 3) like "
       "W2), and the error passed back is dz times the weight, transposed "
       "(da1 = dz2 @ W2.T).",
    zh="{detail}检查一下转置：权重的梯度是该层输入的转置乘以 dz"
       "（dW2 = a1.T @ dz2，形状与 W2 一样是 (4, 3)），传回的误差是 dz 乘以"
       "权重的转置（da1 = dz2 @ W2.T）。")


def _transposes(en, zh):
    return Mistake(Text(en=_TRANSPOSES.en.format(detail=en),
                        zh=_TRANSPOSES.zh.format(detail=zh)))


def _check_relu_mask(backprop):
    """``backprop(weights, images, labels)`` must return the exact
    gradients [dW1, db1, dW2, db2] of the small network's loss."""
    weights, images, labels = _small_network()
    try:
        answer = call(backprop, [w.copy() for w in weights], images.copy(),
                      labels.copy())
    except ValueError as error:
        if not any(word in str(error) for word in ("mismatch", "broadcast",
                                                   "aligned")):
            raise
        raise _transposes(
            en=f"a product's shapes do not fit ({error}).",
            zh=f"某个乘积的形状对不上（{error}）。") from None
    if not (isinstance(answer, (list, tuple)) and len(answer) == 4):
        raise Mistake(Text(
            en="return the four gradients, [dW1, db1, dW2, db2].",
            zh="应当返回四个梯度：[dW1, db1, dW2, db2]。"), known=False)
    answer = [np.asarray(g, dtype=np.float64) for g in answer]
    for name, gradient, weight in zip(_NAMES, answer, weights):
        if gradient.shape != weight.shape and gradient.ndim == 2 and (
                gradient.shape == weight.shape[::-1]):
            raise _transposes(
                en=f"{name} has the shape {gradient.shape}, its weight "
                   f"{weight.shape}: it is transposed.",
                zh=f"{name} 的形状是 {gradient.shape}，而它的权重是 "
                   f"{weight.shape}：它被转置了。")
        if gradient.shape != weight.shape:
            raise Mistake(Text(
                en=f"{name} has the shape {gradient.shape}, but a gradient "
                   f"has its weight's shape, {weight.shape}.",
                zh=f"{name} 的形状是 {gradient.shape}，但梯度的形状应与它的"
                   f"权重相同，即 {weight.shape}。"), known=False)
    variants = {kind: _backward(weights, images, labels, relu_gradient)
                for kind, relu_gradient in _RELU_GRADIENTS.items()}
    if all(map(_agrees, answer, variants["right"])):
        return
    z1 = images @ weights[0] + weights[1]
    blocked = int((z1 <= 0).sum())
    if all(map(_agrees, answer, variants["no mask"])):
        raise Mistake(Text(
            en=f"dW1 and db1 are missing the relu mask, as if dz1 = da1. "
               f"This small network's relu blocks {blocked} of its "
               f"{z1.size} hidden values, so the mask matters here: "
               "dz1 = da1 * (z1 > 0). On the full network it blocked none.",
            zh=f"dW1 和 db1 少了 relu 的掩码，相当于 dz1 = da1。这个小网络的 "
               f"relu 阻断了 {z1.size} 个隐藏值中的 {blocked} 个，所以这里"
               "掩码很要紧：dz1 = da1 * (z1 > 0)。在完整的网络上，"
               "它一个也没有阻断。"))
    if all(map(_agrees, answer, variants["times a1"])):
        raise Mistake(Text(
            en="dz1 was multiplied by the hidden values a1 themselves. "
               "Relu's derivative is 1 where z1 > 0 and 0 elsewhere: "
               "multiply by the mask (z1 > 0), not by a1.",
            zh="dz1 乘上的是隐藏值 a1 本身。relu 的导数在 z1 > 0 处为 1，"
               "其余处为 0：要乘以掩码 (z1 > 0)，而不是 a1。"))
    if all(map(_agrees, answer, variants["mask from da1"])):
        raise Mistake(Text(
            en="the mask was taken from the sign of the gradient da1. Relu "
               "lets a value through or blocks it according to its input, "
               "z1: the mask is (z1 > 0).",
            zh="掩码取自梯度 da1 的正负号。relu 让一个值通过还是阻断它，"
               "取决于它的输入 z1：掩码是 (z1 > 0)。"))
    wrong = [name for name, ours, right in zip(_NAMES, answer,
                                               variants["right"])
             if not _agrees(ours, right)]
    raise Mistake(Text(
        en=f"{', '.join(wrong)} differ from the exact gradients of the "
           "small network. Compare your lines with the four steps of the "
           "backward pass above.",
        zh=f"{'、'.join(wrong)} 与小网络的精确梯度不同。把你的代码与上面反向"
           "传播的四个步骤逐行对照。"), known=False)


relu_mask_exercise = Exercise(
    "relu_mask_exercise", _check_relu_mask,
    correct=Text(
        en="Your gradients are exact on a network whose relu blocks some "
           "hidden values, the test case the full network could not be; "
           "a mask (a1 > 0) works as well as (z1 > 0), since relu(z) > 0 "
           "exactly where z > 0.",
        zh="在一个 relu 会阻断部分隐藏值的网络上，你的梯度是精确的，而完整的"
           "网络做不了这样的测试；用 (a1 > 0) 作掩码和 (z1 > 0) 一样好，"
           "因为 relu(z) > 0 恰好在 z > 0 的地方成立。"),
    hint=Text(
        en="Step 3 of the backward pass goes through relu. Read that line "
           "of buggy_backprop: what does relu do to the gradient where "
           "z1 <= 0?",
        zh="反向传播的第 3 步要经过 relu。读一读 buggy_backprop 里对应的"
           "那一行：在 z1 <= 0 的地方，relu 对梯度做了什么？"))


def _operations(layer_sizes, batch_size, passes):
    """2 operations per weight and sample for each pass: ``passes(i)`` is
    the number of passes of layer ``i``."""
    weights = [a * b for a, b in zip(layer_sizes, layer_sizes[1:])]
    return batch_size * sum(2 * passes(i) * count
                            for i, count in enumerate(weights))


def _check_step_operations(step_operations):
    """``step_operations(layer_sizes, batch_size)`` must count the
    operations of the matrix products of one training step."""
    for layer_sizes, batch_size in [([784, 512, 10], 128),
                                    ([3, 4, 5, 2], 7), ([6, 2], 5)]:
        answer = call(step_operations, list(layer_sizes), batch_size)
        right = _operations(layer_sizes, batch_size,
                            lambda i: 2 if i == 0 else 3)
        if answer == right:
            continue
        if answer == _operations(layer_sizes, batch_size, lambda i: 2):
            raise Mistake(Text(
                en="you counted, for every layer, the forward product and "
                   "the weight's gradient, but not the error passed back to "
                   "the layer below, da = dz @ W.T: 2 more operations per "
                   "weight and sample, for every layer but the first.",
                zh="你为每一层数了前向乘积和权重的梯度，却漏了传回下一层的"
                   "误差 da = dz @ W.T：除第一层外，每一层的每个权重、"
                   "每个样本还要多 2 次运算。"))
        if answer == _operations(layer_sizes, batch_size, lambda i: 3):
            raise Mistake(Text(
                en="the first layer passes nothing back: below it are the "
                   "images, which need no gradient. Its weights cost 2 "
                   "passes, not 3.",
                zh="第一层不需要往回传任何东西：它下面是图像，图像不需要梯度。"
                   "它的权重只花 2 次前向传播的运算量，而不是 3 次。"))
        if answer == _operations(layer_sizes, batch_size, lambda i: 1):
            raise Mistake(Text(
                en="that is the forward pass only; a training step also "
                   "runs the backward pass.",
                zh="这只是前向传播；一个训练步骤还要做反向传播。"))
        if answer * batch_size == right:
            raise Mistake(Text(
                en="that is the count for one sample: every product runs "
                   f"once per sample of the batch, times {batch_size}.",
                zh="这是一个样本的运算次数：每个乘积对批量中的每个样本都要做"
                   f"一次，要乘以 {batch_size}。"))
        if 2 * answer == right:
            raise Mistake(Text(
                en="each product needs a multiplication and an addition: "
                   "count 2 operations per product.",
                zh="每个乘积需要一次乘法和一次加法：每个乘积算 2 次运算。"))
        raise Mistake(Text(
            en=f"step_operations({layer_sizes}, {batch_size}) returned "
               f"{answer!r}; the products of one training step make "
               f"{right} operations.",
            zh=f"step_operations({layer_sizes}, {batch_size}) 返回了 "
               f"{answer!r}；一个训练步骤的矩阵乘法共有 {right} 次运算。"),
            known=False)


step_operations_exercise = Exercise(
    "step_operations_exercise", _check_step_operations,
    correct=Text(
        en="A training step costs two to three forward passes, which is "
           "how chapter 11 counts an epoch's work.",
        zh="一个训练步骤的代价是两到三次前向传播，第 11 章正是这样计算一轮的"
           "工作量的。"),
    hint=Text(
        en="Per weight and per sample: 2 operations forward, 2 for the "
           "weight's own gradient, and 2 for the error passed back, but "
           "only where there is a layer below to pass it to.",
        zh="每个权重、每个样本：前向 2 次运算，它自己的梯度 2 次，传回的误差"
           "再 2 次，但只有下面还有一层可传时才需要。"))


_LOGITS = np.array([[1000.0, 0.0, 0.0],
                    [0.0, 1.0, 2.0],
                    [-1000.0, -999.0, -1001.0]])


def _softmax(z, shift, axis=1, keepdims=True):
    exp = np.exp(z - shift)
    return exp / exp.sum(axis=axis, keepdims=keepdims)


def _quietly(function, *args):
    with np.errstate(all="ignore"):
        return function(*args)


def _check_stable_softmax(stable_softmax):
    """``stable_softmax(logits)`` must return the softmax of each row of a
    batch of logits, even for logits as large as 1000."""
    z = _LOGITS
    answer = np.asarray(_quietly(call, stable_softmax, z.copy()),
                        dtype=np.float64)
    right = _softmax(z, z.max(axis=1, keepdims=True))
    if answer.shape == right.shape and np.allclose(answer, right):
        other = np.array([[2.0, -3.0, 500.0, 0.5], [10.0, 11.0, 9.0, 10.0]])
        answer = np.asarray(_quietly(call, stable_softmax, other.copy()))
        expected = _softmax(other, other.max(axis=1, keepdims=True))
        if answer.shape == expected.shape and np.allclose(answer, expected):
            return
        raise Mistake(Text(
            en=f"right for a 3 x 3 batch, but for the logits "
               f"{other.tolist()} the softmax is "
               f"{np.round(expected, 3).tolist()}; yours is "
               f"{np.round(answer, 3).tolist()}.",
            zh=f"3 × 3 的批量没问题，但 logits 为 {other.tolist()} 时，"
               f"softmax 应为 {np.round(expected, 3).tolist()}；你的是 "
               f"{np.round(answer, 3).tolist()}。"), known=False)

    def same(variant):
        return answer.shape == variant.shape and np.allclose(
            answer, variant, equal_nan=True)

    if same(_quietly(_softmax, z, 0.0)):
        raise Mistake(Text(
            en="without a shift, np.exp(1000) overflows to inf, and inf / "
               "inf is nan. Subtract each row's largest logit first.",
            zh="不做平移时，np.exp(1000) 溢出为 inf，而 inf / inf 是 nan。"
               "要先减去每一行最大的 logit。"))
    if same(_quietly(_softmax, z, z.max())):
        raise Mistake(Text(
            en="you subtracted the largest logit of the whole batch, 1000: "
               "the other rows then lie so far below 0 that every exp "
               "underflows to 0, and 0 / 0 is nan. Subtract each row's own "
               "maximum, z.max(axis=1, keepdims=True).",
            zh="你减去的是整个批量中最大的 logit，即 1000：其他各行因此远低于 "
               "0，每个 exp 都下溢为 0，而 0 / 0 是 nan。要减去每一行自己的"
               "最大值 z.max(axis=1, keepdims=True)。"))
    if same(_quietly(_softmax, z, z.max(axis=1))) or same(_quietly(
            _softmax, z, z.max(axis=1, keepdims=True), 1, False)):
        raise Mistake(Text(
            en="a row's maximum or sum, taken with axis=1, has the shape "
               "(N,); against the (N, C) logits it lines up with the "
               "columns, not the rows. Keep it a column: keepdims=True.",
            zh="用 axis=1 求出的每行最大值或每行之和，形状是 (N,)；与 (N, C) "
               "的 logits 相减或相除时，它对齐的是列而不是行。要让它保持为"
               "一列：keepdims=True。"))
    shift = z.max(axis=1, keepdims=True)
    if same(_quietly(_softmax, z, shift, 0)) or same(_quietly(
            _softmax, z, shift, None)):
        raise Mistake(Text(
            en="each row must sum to 1: divide by the sum of its own row, "
               "exp.sum(axis=1, keepdims=True), not by a column's or the "
               "whole batch's.",
            zh="每一行之和必须为 1：要除以它自己那一行的和 "
               "exp.sum(axis=1, keepdims=True)，而不是某一列或整个批量的和。"))
    raise Mistake(Text(
        en=f"for the logits {z.tolist()}, the softmax is "
           f"{np.round(right, 3).tolist()}; yours is "
           f"{np.round(answer, 3).tolist()}.",
        zh=f"logits 为 {z.tolist()} 时，softmax 应为 "
           f"{np.round(right, 3).tolist()}；你的是 "
           f"{np.round(answer, 3).tolist()}。"), known=False)


stable_softmax_exercise = Exercise(
    "stable_softmax_exercise", _check_stable_softmax,
    correct=Text(
        en="Shifted by its own maximum, each row's largest exponent is 0, "
           "so nothing overflows and the softmax is unchanged.",
        zh="每一行按它自己的最大值平移后，最大的指数是 0，不会溢出，"
           "softmax 也不变。"),
    hint=Text(
        en="Subtract z.max(axis=1, keepdims=True) before np.exp, then "
           "divide each row by its own sum.",
        zh="在 np.exp 之前减去 z.max(axis=1, keepdims=True)，"
           "再让每一行除以它自己的和。"))
