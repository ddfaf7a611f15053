"""The checks of chapter 12's exercises, *Closing the accuracy gap*.

Used in chapter 12: ``first_step_exercise`` (exercise 12.2) and
``he_uniform_exercise`` (exercise 12.4).
"""

import math

import numpy as np

from scratchnet.exercises import Exercise, Mistake, Text, call

# Gradients from large to tiny, of both signs: below about 1e-3, epsilon
# is no longer negligible next to 0.1 g^2.
_GRADIENTS = np.array([0.5, -0.02, 3e-3, -1e-4, 2e-5, -3e-6])


def _step(gradient, learning_rate, rho, epsilon, v=None, root=True,
          epsilon_inside=True):
    v = (1 - rho) * gradient ** 2 if v is None else v
    if not root:
        return -learning_rate * gradient / (v + epsilon)
    if epsilon_inside:
        return -learning_rate * gradient / np.sqrt(v + epsilon)
    return -learning_rate * gradient / (np.sqrt(v) + epsilon)


def _check_first_step(first_step):
    """``first_step(gradient, learning_rate, rho, epsilon)`` must return
    the change of each weight at RMSprop's first step, from v = 0."""
    for learning_rate, rho, epsilon in [(1e-3, 0.9, 1e-7),
                                        (1e-2, 0.99, 1e-7)]:
        answer = call(first_step, _GRADIENTS.copy(), learning_rate, rho,
                      epsilon)
        try:
            answer = np.asarray(answer, dtype=np.float64)
        except (TypeError, ValueError):
            answer = None
        if answer is None or answer.shape != _GRADIENTS.shape:
            raise Mistake(Text(
                en=f"for {len(_GRADIENTS)} gradients, return "
                   f"{len(_GRADIENTS)} changes, one per weight (an array "
                   "of the gradient's shape).",
                zh=f"对 {len(_GRADIENTS)} 个梯度，应当返回 "
                   f"{len(_GRADIENTS)} 个变化量，每个权重一个"
                   "（与梯度形状相同的数组）。"), known=False)
        expected = _step(_GRADIENTS, learning_rate, rho, epsilon)
        if np.allclose(answer, expected, rtol=1e-5, atol=0):
            continue
        settings = (learning_rate, rho, epsilon)
        mistakes = [
            (-expected, Text(
                en="the weights move along the gradient: RMSprop, like "
                   "SGD, steps against it, w - eta g / sqrt(v + eps).",
                zh="权重顺着梯度走了：RMSprop 和 SGD 一样，是逆着梯度走一步："
                   "w - eta g / sqrt(v + eps)。")),
            (np.abs(expected), Text(
                en="these are the sizes of the steps; return the changes, "
                   "with their sign: a weight whose gradient is positive "
                   "goes down.",
                zh="这是步长的大小；要返回带正负号的变化量：梯度为正的权重会"
                   "减小。")),
            (_step(_GRADIENTS, *settings, v=_GRADIENTS ** 2), Text(
                en="v starts at 0, so after one step it is (1 - rho) g^2, "
                   "not g^2: the average has seen one squared gradient, "
                   "with the weight 1 - rho.",
                zh="v 从 0 开始，所以走一步之后它是 (1 - rho) g^2，而不是 "
                   "g^2：这个平均值只见过一个梯度的平方，权重是 1 - rho。")),
            (_step(_GRADIENTS, *settings, v=rho * _GRADIENTS ** 2), Text(
                en="rho weighs the old average, which is 0 here; the new "
                   "squared gradient gets 1 - rho: v = (1 - rho) g^2.",
                zh="rho 是旧平均值的权重，而旧平均值这里是 0；新的梯度平方的"
                   "权重是 1 - rho：v = (1 - rho) g^2。")),
            (_step(_GRADIENTS, *settings, epsilon_inside=False), Text(
                en="epsilon sits inside the square root, as Keras writes "
                   "it: sqrt(v + eps). For tiny gradients the two differ "
                   "tenfold.",
                zh="epsilon 在平方根里面，Keras 就是这样写的：sqrt(v + eps)。"
                   "梯度很小时，两种写法相差十倍。")),
            (-np.sign(_GRADIENTS) * learning_rate / math.sqrt(1 - rho),
             Text(
                en="eta / sqrt(1 - rho) is the step's size only while g^2 "
                   "is much larger than epsilon; for the tiny gradients "
                   "epsilon counts. Compute the step from the formula.",
                zh="只有当 g^2 远大于 epsilon 时，步长才是 "
                   "eta / sqrt(1 - rho)；梯度很小时 epsilon 就起作用了。"
                   "要按公式计算这一步。")),
            (_step(_GRADIENTS, *settings, root=False), Text(
                en="the square root is missing: RMSprop divides by "
                   "sqrt(v + eps), the root mean square of the gradients.",
                zh="少了平方根：RMSprop 除以的是 sqrt(v + eps)，"
                   "即梯度的均方根。")),
        ]
        if settings != (1e-3, 0.9, 1e-7):
            mistakes.append((_step(_GRADIENTS, 1e-3, 0.9, 1e-7), Text(
                en=f"with learning_rate={learning_rate} and rho={rho}, "
                   "your function still takes Keras's defaults, 1e-3 and "
                   "0.9: use the arguments it is given.",
                zh=f"当 learning_rate={learning_rate}、rho={rho} 时，你的函数"
                   "用的仍是 Keras 的默认值 1e-3 和 0.9："
                   "要使用传进来的参数。")))
        for wrong, text in mistakes:
            if np.allclose(answer, wrong, rtol=1e-5, atol=0):
                raise Mistake(text)
        worst = int(np.argmax(np.abs(answer - expected)
                              / np.abs(expected)))
        raise Mistake(Text(
            en=f"with learning_rate={learning_rate}, rho={rho}, for the "
               f"gradient {_GRADIENTS[worst]:g}, your change is "
               f"{answer[worst]:.3g}, but RMSprop's first step is "
               f"{expected[worst]:.3g}.",
            zh=f"当 learning_rate={learning_rate}、rho={rho} 时，对梯度 "
               f"{_GRADIENTS[worst]:g}，你的变化量是 {answer[worst]:.3g}，"
               f"而 RMSprop 的第一步是 {expected[worst]:.3g}。"),
            known=False)


first_step_exercise = Exercise(
    "first_step_exercise", _check_first_step,
    correct=Text(
        en="At its first step every weight moves by about "
           "eta / sqrt(1 - rho), 0.0032 here, whatever the size of its "
           "gradient: this is why RMSprop leaves SGD at 1e-3 behind from "
           "the first step.",
        zh="第一步时，每个权重移动的距离都约为 eta / sqrt(1 - rho)，这里是 "
           "0.0032，与它的梯度大小无关：这就是为什么 RMSprop 从第一步起就把"
           "学习率 1e-3 的 SGD 甩在后面。"),
    hint=Text(
        en="Apply v <- rho v + (1 - rho) g^2 once, starting from v = 0; "
           "then the weight changes by -eta g / sqrt(v + eps).",
        zh="从 v = 0 出发，把 v <- rho v + (1 - rho) g^2 用一次；然后权重的"
           "变化量是 -eta g / sqrt(v + eps)。"))


_LAYERS = [(400, 400), (400, 100)]


def _he_model():
    """Two layers, one of them not square, so that n_in and n_out differ.
    No seed: the learner's draws are judged with margins that hold for
    any (the largest of 40000 uniform draws is within 0.01% of the
    limit)."""
    import tensorflow as tf

    from scratchnet.dense import NaiveDense
    from scratchnet.sequential import NaiveSequential

    return NaiveSequential([NaiveDense(n_in, n_out, activation=tf.nn.relu)
                            for n_in, n_out in _LAYERS])


def _check_he_uniform(he_uniform):
    """``he_uniform(model)`` must draw each layer's W uniformly in
    (-a, a) with a = sqrt(6 / n_in), and return the model."""
    model = _he_model()
    returned = call(he_uniform, model)
    if returned is not model:
        raise Mistake(Text(
            en=f"he_uniform returned {returned!r}; return the model, so "
               "that he_uniform(deep_stack()) gives the initialised "
               "model.",
            zh=f"he_uniform 返回的是 {returned!r}；要返回这个模型，这样 "
               "he_uniform(deep_stack()) 得到的才是初始化好的模型。"),
            known=False)
    for number, (layer, (n_in, n_out)) in enumerate(
            zip(model.layers, _LAYERS), start=1):
        W = np.asarray(layer.W, dtype=np.float64)
        largest = np.abs(W).max()
        limit = math.sqrt(6 / n_in)
        if W.min() >= 0:
            raise Mistake(Text(
                en=f"layer {number}'s weights are all positive, from "
                   f"{W.min():.3f} to {W.max():.3f}: the argument needs "
                   "weights centred on 0, so draw them from -limit to "
                   "limit.",
                zh=f"第 {number} 层的权重全是正数，从 {W.min():.3f} 到 "
                   f"{W.max():.3f}：这个论证要求权重以 0 为中心，所以要在 "
                   "-limit 到 limit 之间取值。"))
        if np.mean(np.abs(W) < largest / 2) > 0.6:
            raise Mistake(Text(
                en=f"layer {number}'s weights crowd around 0 and thin out "
                   "towards the largest: a normal distribution. He "
                   "uniform draws them evenly, with tf.random.uniform.",
                zh=f"第 {number} 层的权重集中在 0 附近，越往最大值越稀疏："
                   "这是正态分布。He 均匀初始化要用 tf.random.uniform "
                   "均匀地取值。"))
        if math.isclose(largest, limit, rel_tol=0.03):
            continue
        candidates = [
            (math.sqrt(6 / n_out), Text(
                en=f"layer {number} has n_in = {n_in} and n_out = {n_out}; "
                   f"its limit is {largest:.3f}, sqrt(6 / n_out). He's "
                   "variance counts the inputs: 2 / n_in, the first "
                   "number of W's shape.",
                zh=f"第 {number} 层 n_in = {n_in}，n_out = {n_out}；它的界限"
                   f"是 {largest:.3f}，即 sqrt(6 / n_out)。He 的方差按输入数"
                   "计算：2 / n_in，n_in 是 W 形状中的第一个数。")),
            (math.sqrt(2 / n_in), Text(
                en=f"layer {number}'s limit is {largest:.3f}, "
                   "sqrt(2 / n_in): you took the variance for the limit. "
                   "A uniform distribution on (-a, a) has variance a^2 / 3, "
                   "so the variance 2 / n_in needs a = sqrt(6 / n_in).",
                zh=f"第 {number} 层的界限是 {largest:.3f}，即 sqrt(2 / n_in)："
                   "你把方差当成了界限。(-a, a) 上的均匀分布方差是 a^2 / 3，"
                   "所以方差 2 / n_in 需要 a = sqrt(6 / n_in)。")),
            (math.sqrt(6 / (n_in + n_out)), Text(
                en=f"layer {number}'s limit is {largest:.3f}, Glorot's "
                   "sqrt(6 / (n_in + n_out)). He's variance is 2 / n_in, "
                   "twice Glorot's for a square layer.",
                zh=f"第 {number} 层的界限是 {largest:.3f}，这是 Glorot 的 "
                   "sqrt(6 / (n_in + n_out))。He 的方差是 2 / n_in，对方阵"
                   "形状的层来说是 Glorot 的两倍。")),
        ]
        for wrong, text in candidates:
            if math.isclose(largest, wrong, rel_tol=0.03):
                raise Mistake(text)
        raise Mistake(Text(
            en=f"layer {number} ({n_in} inputs, {n_out} outputs) has "
               f"weights up to {largest:.3f} in size, but He's limit is "
               f"sqrt(6 / {n_in}) = {limit:.3f}.",
            zh=f"第 {number} 层（{n_in} 个输入，{n_out} 个输出）的权重绝对值"
               f"最大到 {largest:.3f}，而 He 的界限是 sqrt(6 / {n_in}) = "
               f"{limit:.3f}。"), known=False)


he_uniform_exercise = Exercise(
    "he_uniform_exercise", _check_he_uniform,
    correct=Text(
        en="He's variance, 2 / n_in, makes up for the half of the values "
           "each relu sets to 0, so a deep relu network's signals keep "
           "their size from layer to layer.",
        zh="He 的方差 2 / n_in 弥补了每个 relu 置为 0 的那一半值，所以深层 "
           "relu 网络的信号在层与层之间保持大小不变。"),
    hint=Text(
        en="A uniform distribution on (-a, a) has variance a^2 / 3: solve "
           "a^2 / 3 = 2 / n_in for a, with n_in = layer.W.shape[0]. Then "
           "layer.W.assign(tf.random.uniform(...)) with minval and maxval.",
        zh="(-a, a) 上的均匀分布方差是 a^2 / 3：由 a^2 / 3 = 2 / n_in 解出 a，"
           "其中 n_in = layer.W.shape[0]。然后用 "
           "layer.W.assign(tf.random.uniform(...))，并给出 minval 和 "
           "maxval。"))
