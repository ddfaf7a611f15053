"""The checks of chapter 3's exercises, *A dense layer from scratch*.

Used in chapter 3: ``softmax_rows_exercise`` (exercise 3.1),
``center_weights_exercise`` (exercise 3.3) and ``merge_layers_exercise``
(exercise 3.4).
"""

import numpy as np
import tensorflow as tf

from scratchnet.dense import NaiveDense
from scratchnet.exercises import Exercise, Mistake, Text, Unanswered, call


def _stable_softmax(scores):
    exps = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


_KEEPDIMS = Text(
    en="a shape (n,) met a shape (n, 1): scores.sum(axis=1) has one number "
       "per row but no column axis, so NumPy lines it up with the columns. "
       "Keep the axis, sum(axis=1, keepdims=True), and the same for max.",
    zh="形状 (n,) 碰上了形状 (n, 1)：scores.sum(axis=1) 每行一个数，却没有列"
       "这一维，NumPy 就把它和各列对齐了。要保留这一维："
       "sum(axis=1, keepdims=True)，max 也一样。")


def _check_softmax_rows(softmax_rows):
    """``softmax_rows(scores)``: each row of ``scores`` (one row per image)
    turned into probabilities, without overflow for large scores."""
    square = np.array([[2.0, 1.0, 0.1], [0.5, 0.5, 0.5], [-1.0, 0.0, 3.0]])
    wide = np.random.default_rng(4).normal(size=(4, 3)) * 2
    large = np.array([[1000.0, 999.0, 998.0], [0.0, 1.0, 2.0]])
    for scores in (square, wide, large):
        with np.errstate(all="ignore"):  # overflow is a named mistake
            answer = call(softmax_rows, scores.copy())
        answer = np.asarray(answer, dtype=float)
        right = _stable_softmax(scores)
        if answer.shape != scores.shape:
            raise Mistake(Text(
                en=f"scores of shape {scores.shape} gave probabilities of "
                   f"shape {answer.shape}; they have the same shape, one "
                   "probability per score.",
                zh=f"形状为 {scores.shape} 的分数得到了形状为 {answer.shape} "
                   "的概率；两者的形状应当相同，每个分数一个概率。"),
                known=False)
        if not np.all(np.isfinite(answer)):
            if np.all(np.isfinite(answer[0])):
                raise Mistake(Text(
                    en="the row [0, 1, 2] came out nan: it was shifted by "
                       "the largest score of the whole batch (1000), and "
                       "exp(-1000) is 0, so 0 / 0. Subtract each row's own "
                       "largest score.",
                    zh="[0, 1, 2] 这一行得到了 nan：它减去的是整个批量的最大"
                       "分数（1000），exp(-1000) 等于 0，于是成了 0 / 0。"
                       "每一行要减去它自己的最大分数。"))
            raise Mistake(Text(
                en="scores near 1000 gave nan: exp(1000) overflows to inf, "
                   "and inf / inf is nan. Subtracting a row's largest score "
                   "from every score leaves the softmax unchanged and keeps "
                   "exp at most 1.",
                zh="接近 1000 的分数得到了 nan：exp(1000) 溢出成 inf，"
                   "而 inf / inf 是 nan。从每个分数中减去这一行的最大分数，"
                   "softmax 不变，exp 也不会超过 1。"))
        if np.allclose(answer, right, atol=1e-6):
            continue
        exps = np.exp(scores - scores.max(axis=1, keepdims=True))
        with np.errstate(all="ignore"):
            without_keepdims = [  # the sum or the max without keepdims
                np.exp(scores) / np.exp(scores).sum(axis=1)[np.newaxis, :],
                exps / exps.sum(axis=1)[np.newaxis, :],
                _stable_softmax(scores - scores.max(axis=1)[np.newaxis, :]),
            ]
        if any(np.allclose(answer, wrong) for wrong in without_keepdims):
            raise Mistake(_KEEPDIMS)
        if np.allclose(answer.sum(axis=0), 1):
            raise Mistake(Text(
                en="each column sums to 1, not each row: sum(axis=0) adds "
                   "down the columns, across images. Each image is a row: "
                   "sum(axis=1, keepdims=True).",
                zh="每一列的和是 1，而不是每一行：sum(axis=0) 沿着列往下加，"
                   "跨越了不同的图像。每张图像是一行：要用 "
                   "sum(axis=1, keepdims=True)。"))
        if np.isclose(answer.sum(), 1):
            raise Mistake(Text(
                en="the whole batch sums to 1, so each image gets only a "
                   "share of it. Each row should sum to 1: divide by the "
                   "sum of its own row, sum(axis=1, keepdims=True).",
                zh="整个批量的和是 1，每张图像只分到其中一部分。应当每一行的和"
                   "为 1：除以它自己那一行的和 sum(axis=1, keepdims=True)。"))
        raise Mistake(Text(
            en=f"for the scores {scores[0].round(2).tolist()} the "
               f"probabilities are {right[0].round(2).tolist()}, but your "
               f"function gave {answer[0].round(2).tolist()}.",
            zh=f"分数 {scores[0].round(2).tolist()} 的概率应当是 "
               f"{right[0].round(2).tolist()}，而你的函数给出了 "
               f"{answer[0].round(2).tolist()}。"), known=False)


softmax_rows_exercise = Exercise(
    "softmax_rows_exercise", _check_softmax_rows,
    correct=Text(
        en="Shifting each row by its largest score changes no probability "
           "and keeps exp from overflowing: tf.nn.softmax does the same.",
        zh="每一行减去它的最大分数，概率一个也不变，exp 也不会溢出："
           "tf.nn.softmax 也是这样做的。"),
    hint=Text(
        en="Work row by row: axis=1, with keepdims=True so that the result "
           "lines up with the rows. Before exp, subtract each row's "
           "largest score: softmax(z) equals softmax(z - max(z)).",
        zh="按行计算：axis=1，并加上 keepdims=True，让结果与各行对齐。"
           "取 exp 之前，先减去每一行的最大分数："
           "softmax(z) 等于 softmax(z - max(z))。"))


def _layer_with(weights):
    """A relu ``NaiveDense`` holding ``weights``, built without drawing
    random numbers (the chapter's seeded sequence stays as it is)."""
    layer = NaiveDense.__new__(NaiveDense)
    layer.activation = tf.nn.relu
    layer.W = tf.Variable(weights)
    layer.b = tf.Variable(tf.zeros(weights.shape[1]))
    return layer


def _check_center_weights(center_weights):
    """``center_weights(layer)`` moves ``layer.W`` down by 0.05, in
    place, and leaves ``layer.b`` at zero."""
    weights = np.linspace(0, 0.1, 6, endpoint=False,
                          dtype="float32").reshape(3, 2)
    layer = _layer_with(weights)
    call(center_weights, layer)
    if not isinstance(layer.W, tf.Variable):
        raise Mistake(Text(
            en="layer.W = ... put a plain tensor where the tf.Variable was, "
               "and only variables can change: training would fail on it. "
               "Change the variable itself with layer.W.assign(...).",
            zh="layer.W = ... 把原来的 tf.Variable 换成了一个普通张量，而只有"
               "变量才能改变：训练会在它上面出错。要用 layer.W.assign(...) "
               "改变变量本身。"))
    new = layer.W.numpy()
    if np.allclose(new, weights):
        code = getattr(center_weights, "__code__", None)
        if code is not None and Ellipsis in code.co_consts:
            raise Unanswered  # the starter's "shifted = ..." is still there
        raise Mistake(Text(
            en="layer.W did not change: layer.W - 0.05 makes a new tensor "
               "and leaves the variable as it was. Put the result into the "
               "variable with layer.W.assign(...).",
            zh="layer.W 没有变：layer.W - 0.05 只是生成一个新张量，变量本身"
               "不变。要用 layer.W.assign(...) 把结果放进变量。"))
    if not np.allclose(layer.b.numpy(), 0):
        raise Mistake(Text(
            en="b moved too; only the weights W move, and the bias b stays "
               "at zero.",
            zh="b 也变了；只有权重 W 要移动，偏置 b 保持为零。"))
    if np.allclose(new, weights + 0.05):
        raise Mistake(Text(
            en="the weights went up by 0.05, to [0.05, 0.15); they should go "
               "down, to [-0.05, 0.05).",
            zh="权重增加了 0.05，到了 [0.05, 0.15)；应当减少，"
               "落在 [-0.05, 0.05) 内。"))
    if not np.allclose(new, weights - 0.05):
        before, wanted, got = (np.round(values.astype(float), 3).ravel()
                               .tolist() for values in
                               (weights, weights - 0.05, new))
        raise Mistake(Text(
            en=f"the weights {before} should become {wanted}, but became "
               f"{got}.",
            zh=f"权重 {before} 应当变成 {wanted}，实际变成了 {got}。"),
            known=False)


center_weights_exercise = Exercise(
    "center_weights_exercise", _check_center_weights,
    correct=Text(
        en="assign changes the variable in place, so everything that holds "
           "it, such as layer.weights, sees the new values; training "
           "updates the weights the same way.",
        zh="assign 原地改变变量，所以凡是持有它的地方，比如 layer.weights，"
           "都会看到新的值；训练更新权重也是这样做的。"),
    hint=Text(
        en="A tf.Variable is changed with its assign method; "
           "layer.W = ... would replace the variable instead.",
        zh="tf.Variable 要用它的 assign 方法来改变；"
           "写 layer.W = ... 则是把变量整个换掉。"))


def _merged(layers):
    W, b = layers[0]
    for W_next, b_next in layers[1:]:
        W, b = W @ W_next, b @ W_next + b_next
    return W, b


def _weight_mistake(W, layers):
    """The message for a known wrong ``W`` of two layers, or None."""
    (W1, _b1), (W2, _b2) = layers
    for wrong, text in [
        (W2 @ W1, Text(
            en="W2 @ W1 is the wrong order: the input meets W1 first, "
               "(x @ W1) @ W2, so the weights multiply as W1 @ W2.",
            zh="W2 @ W1 的顺序反了：输入先遇到 W1，(x @ W1) @ W2，"
               "所以权重要按 W1 @ W2 相乘。")),
        (W1 * W2, Text(
            en="W1 * W2 multiplies entry by entry; stacking layers takes "
               "the matrix product, W1 @ W2.",
            zh="W1 * W2 是逐个元素相乘；层叠在一起要用矩阵乘法 W1 @ W2。")),
    ]:
        if np.allclose(W, wrong):
            return text
    return None


def _bias_mistake(b, layers):
    """The message for a known wrong ``b`` (with ``W`` right), or None."""
    if len(layers) == 3:
        (_W1, b1), (W2, b2), (W3, b3) = layers
        if np.allclose(b, b1 @ W2 + b2 @ W3 + b3):
            return Text(
                en="b1 @ W2 stopped before W3: a bias goes through the "
                   "weights of every later layer, so the bias so far is "
                   "multiplied by each new W before that layer's b is "
                   "added.",
                zh="b1 @ W2 在 W3 之前停下了：偏置要经过后面每一层的权重，"
                   "所以已经合并的偏置要先乘以每个新的 W，再加上那一层的 b。")
        return None
    (W1, b1), (W2, b2) = layers
    for wrong, text in [
        (b2, Text(
            en="b1 is missing: the first layer adds b1 before W2, so b1 "
               "goes through W2 and stays, as b1 @ W2.",
            zh="少了 b1：第一层在乘 W2 之前就加上了 b1，所以 b1 也要乘以 W2 "
               "并保留下来，即 b1 @ W2。")),
        (b1 + b2, Text(
            en="b1 is added before W2, so it is multiplied by W2 too: "
               "b1 @ W2, then + b2.",
            zh="b1 是在乘 W2 之前加上的，所以它也要乘以 W2："
               "先算 b1 @ W2，再加 b2。")),
        (b1 @ W2, Text(
            en="b2 is missing: the second layer still adds its own bias "
               "after the product.",
            zh="少了 b2：第二层在乘法之后还要加上它自己的偏置。")),
        (b1 @ W2 + 2 * b2, Text(
            en="b2 is counted twice: it is added once, after the product "
               "with W2.",
            zh="b2 被加了两次：它只在乘以 W2 之后加一次。")),
        (W2 @ b1 + b2, Text(
            en="W2 @ b1 multiplies from the wrong side: b1 is a row like "
               "the input x, so it is b1 @ W2, as x @ W.",
            zh="W2 @ b1 乘的方向反了：b1 和输入 x 一样是一行，"
               "所以是 b1 @ W2，就像 x @ W。")),
        (b1 @ (W1 @ W2) + b2, Text(
            en="b1 went through W1 @ W2, but the first layer adds b1 after "
               "W1: b1 only meets W2. Update b with the new layer's "
               "weights before you change W.",
            zh="b1 乘上了 W1 @ W2，但第一层是在乘 W1 之后才加 b1 的："
               "b1 只遇到 W2。要先用新一层的权重更新 b，再改 W。")),
    ]:
        if np.allclose(b, wrong):
            return text
    return None


def _check_merge_layers(merge_layers):
    """``merge_layers(layers)``: from a list of ``(W, b)``, first layer
    first, the ``(W, b)`` of one dense layer that computes what the layers
    compute without an activation."""
    rng = np.random.default_rng(5)

    def layers(*sizes):
        return [(rng.normal(size=(n, m)), rng.normal(size=m))
                for n, m in zip(sizes[:-1], sizes[1:])]

    for case in (layers(3, 3, 3), layers(4, 3, 2), layers(3, 3, 3, 3),
                 layers(5, 4, 3, 2)):
        answer = call(merge_layers,
                      [(W.copy(), b.copy()) for W, b in case])
        if not (isinstance(answer, (tuple, list)) and len(answer) == 2):
            raise Mistake(Text(
                en=f"return two things, W and b; your function returned "
                   f"{type(answer).__name__}.",
                zh=f"应当返回两样东西：W 和 b；你的函数返回的是 "
                   f"{type(answer).__name__}。"), known=False)
        W, b = (np.asarray(part, dtype=float) for part in answer)
        right_W, right_b = _merged(case)
        W_right = W.shape == right_W.shape and np.allclose(W, right_W)
        b_right = b.shape == right_b.shape and np.allclose(b, right_b)
        if W_right and b_right:
            continue
        mistake = None
        if not W_right and len(case) == 2 and W.shape == right_W.shape:
            mistake = _weight_mistake(W, case)
        if W_right and b.shape == right_b.shape:
            mistake = _bias_mistake(b, case)
        if mistake is not None:
            raise Mistake(mistake)
        shapes = " and ".join(str(W.shape) for W, _b in case)
        raise Mistake(Text(
            en=f"for {len(case)} layers with weights of shapes {shapes}, "
               f"one layer needs W of shape {right_W.shape} and b of shape "
               f"{right_b.shape}, and x @ W + b must give what the layers "
               f"give for every x; yours has shapes {W.shape} and "
               f"{b.shape}, or other numbers.",
            zh=f"{len(case)} 个层的权重形状为 {shapes}，合成的一层需要形状为 "
               f"{right_W.shape} 的 W 和形状为 {right_b.shape} 的 b，并且对"
               "每个 x，x @ W + b 都要等于这些层算出的结果；你给出的形状是 "
               f"{W.shape} 和 {b.shape}，或者数值不对。"), known=False)


merge_layers_exercise = Exercise(
    "merge_layers_exercise", _check_merge_layers,
    correct=Text(
        en="Without an activation, any stack of dense layers is one dense "
           "layer: depth only adds something once relu sits in between.",
        zh="没有激活函数时，无论叠多少个密集层，都只等于一个密集层："
           "只有层与层之间有了 relu，深度才有意义。"),
    hint=Text(
        en="Write out (x @ W1 + b1) @ W2 + b2, multiply out the bracket, "
           "and group what multiplies x apart from what does not. A third "
           "layer does the same to the result.",
        zh="写出 (x @ W1 + b1) @ W2 + b2，把括号乘开，然后把乘以 x 的部分"
           "和不含 x 的部分分别归到一起。第三层对这个结果再做一遍。"))
