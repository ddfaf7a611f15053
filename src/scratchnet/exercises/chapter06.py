"""The checks of chapter 6's exercises, *One training step*.

Used in chapter 6: ``logits_gradient_exercise`` (exercise 6.1).
"""

import numpy as np

from scratchnet.exercises import Exercise, Mistake, Text, call


def _logits_example():
    """Four images, three classes; the first row is the exercise's
    z = (2, 1, -1) with y = 0. Seeded, so every check sees the same."""
    rng = np.random.default_rng(6)
    logits = np.vstack([[2.0, 1.0, -1.0], rng.normal(0, 2, size=(3, 3))])
    labels = np.array([0, 2, 1, 1])
    return logits, labels


def _softmax(logits, axis):
    exp = np.exp(logits - logits.max(axis=axis, keepdims=True))
    return exp / exp.sum(axis=axis, keepdims=True)


def _check_logits_gradient(softmax_cross_entropy_gradient):
    """``softmax_cross_entropy_gradient(logits, labels)`` must return
    (p - onehot(labels)) / N, the gradient of the mean loss at the logits,
    shape (N, C)."""
    logits, labels = _logits_example()
    n, classes = logits.shape
    answer = call(softmax_cross_entropy_gradient, logits.copy(),
                  labels.copy())
    try:
        if answer is None:
            raise TypeError
        answer = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Mistake(Text(
            en=f"the function returned {answer!r}; it should return an "
               "array of the logits' shape.",
            zh=f"这个函数返回的是 {answer!r}；它应当返回一个与 logits 形状相同"
               "的数组。"), known=False) from None
    if answer.shape != logits.shape:
        raise Mistake(Text(
            en=f"for logits of shape {logits.shape} the gradient has the "
               f"same shape, {logits.shape}, one entry per logit; yours "
               f"has shape {answer.shape}.",
            zh=f"logits 的形状是 {logits.shape}，梯度的形状与它相同，也是 "
               f"{logits.shape}，每个 logit 一项；你的结果形状是 "
               f"{answer.shape}。"), known=False)
    p = _softmax(logits, axis=1)
    onehot = np.eye(classes)[labels]
    expected = (p - onehot) / n
    if np.allclose(answer, expected, atol=1e-7):
        return
    mistakes = [
        ((p - 1) / n, Text(
            en="you subtract 1 at every class. Only the true class gets "
               "the -1, because only the term -z_y of the loss depends on "
               "whether k = y: subtract the one-hot vector of the label, "
               "p - onehot(y).",
            zh="你在每个类别上都减了 1。只有真实类别才减 1，因为损失中只有 "
               "-z_y 这一项与 k 是否等于 y 有关：要减去标签的独热编码向量，"
               "即 p - onehot(y)。")),
        ((onehot - p) / n, Text(
            en="the sign is flipped. The gradient is p - onehot(y): "
               "negative at the true class (p_y - 1 < 0), so that a step "
               "against it raises the true class's logit.",
            zh="符号反了。梯度是 p - onehot(y)：它在真实类别处为负"
               "（p_y - 1 < 0），这样逆着它走一步，"
               "才会抬高真实类别的 logit。")),
        ((_softmax(logits, axis=0) - onehot) / n, Text(
            en="your softmax makes each column sum to 1, not each row. For "
               "a batch, softmax runs along each image's row of scores: "
               "sum with axis=1, keepdims=True.",
            zh="你的 softmax 让每一列的和为 1，而不是每一行。对一个批量，"
               "softmax 沿每张图像那一行分数计算：求和时用 axis=1, "
               "keepdims=True。")),
        (p - onehot, Text(
            en="this is the gradient of the sum of the N losses. The loss "
               "of a batch is their mean, so each image's gradient is "
               "divided by N.",
            zh="这是 N 个损失之和的梯度。批量的损失是它们的平均值，"
               "所以每张图像的梯度都要除以 N。")),
        (p / n, Text(
            en="the -1 at the true class is missing: in "
               "L = -z_y + log(sum_j e^z_j), the first term gives -1 when "
               "k = y.",
            zh="缺了真实类别处的 -1：在 L = -z_y + log(sum_j e^z_j) 中，"
               "第一项在 k = y 时给出 -1。")),
    ]
    for wrong, text in mistakes:
        if np.allclose(answer, wrong, atol=1e-7):
            raise Mistake(text)
    row, column = np.unravel_index(np.argmax(np.abs(answer - expected)),
                                   answer.shape)
    raise Mistake(Text(
        en=f"on a batch of {n} images and {classes} classes, your gradient "
           f"at image {row}, class {column} is "
           f"{answer[row, column]:.4f}, but the mean loss's gradient there "
           f"is {expected[row, column]:.4f}.",
        zh=f"在一个 {n} 张图像、{classes} 个类别的批量上，你的梯度在第 {row} "
           f"张图像、第 {column} 类处是 {answer[row, column]:.4f}，而平均"
           f"损失在那里的梯度是 {expected[row, column]:.4f}。"),
        known=False)


logits_gradient_exercise = Exercise(
    "logits_gradient_exercise", _check_logits_gradient,
    correct=Text(
        en="(p - onehot(y)) / N is where backpropagation starts for every "
           "network trained with softmax and cross-entropy.",
        zh="(p - onehot(y)) / N 是每个用 softmax 加交叉熵训练的网络做反向"
           "传播的起点。"),
    hint=Text(
        en="Differentiate L = -z_y + log(sum_j e^z_j) with respect to z_k: "
           "which of the two terms depends on whether k is the true class? "
           "Then remember that the batch's loss is a mean over N images.",
        zh="把 L = -z_y + log(sum_j e^z_j) 对 z_k 求导：两项中哪一项与 k 是否"
           "为真实类别有关？别忘了，批量的损失是 N 张图像损失的平均值。"))
