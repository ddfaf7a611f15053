"""The checks of chapter 13's exercises, *A gradient tape of our own*.

Used in chapter 13: ``sigmoid_exercise`` (exercise 13.1) and
``reused_weights_exercise`` (exercise 13.2).

The learner's operations call the ``record`` of the place they were
written in: the chapter's own, or the library's. So each check runs them
on the ``Tape`` of that same place, which the function's globals name.
"""

import numpy as np

from scratchnet.exercises import Exercise, Mistake, Text, call


def _tape_class(function):
    """The ``Tape`` beside which ``function`` was written (the chapter's),
    or the library's."""
    found = getattr(function, "__globals__", {}).get("Tape")
    if isinstance(found, type) and hasattr(found, "watch"):
        return found
    from scratchnet.tape import Tape
    return Tape


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _check_sigmoid(sigmoid):
    """``sigmoid(z)`` must return 1 / (1 + e^-z) and record one operation
    whose rule for z turns d into d * s * (1 - s)."""
    rng = np.random.default_rng(13)
    z = rng.normal(0, 2, size=(4, 3))
    with _tape_class(sigmoid)() as tape:
        tape.watch(z)
        out = call(sigmoid, z)
    values = np.asarray(out, dtype=np.float64)
    if values.shape != z.shape:
        raise Mistake(Text(
            en=f"for z of shape {z.shape}, sigmoid(z) has the same shape; "
               f"yours has {values.shape}.",
            zh=f"z 的形状是 {z.shape}，sigmoid(z) 的形状与它相同；你的结果"
               f"形状是 {values.shape}。"), known=False)
    s = _sigmoid(z)
    if np.allclose(values, _sigmoid(-z)):
        raise Mistake(Text(
            en="the values are sigmoid(-z): the exponent's sign is "
               "flipped. sigma(z) = 1 / (1 + e^(-z)), which is near 1 for "
               "large z.",
            zh="算出来的是 sigmoid(-z)：指数的符号反了。"
               "sigma(z) = 1 / (1 + e^(-z))，z 很大时它接近 1。"))
    if not np.allclose(values, s):
        raise Mistake(Text(
            en="the values are not 1 / (1 + e^(-z)): at z = "
               f"{z.flat[0]:.3f}, yours is {values.flat[0]:.4f}, the "
               f"sigmoid {s.flat[0]:.4f}.",
            zh=f"算出来的值不是 1 / (1 + e^(-z))：在 z = {z.flat[0]:.3f} 处，"
               f"你的是 {values.flat[0]:.4f}，sigmoid 是 {s.flat[0]:.4f}。"),
            known=False)
    rules = [rule for r in tape.records if r.output is out
             for x, rule in zip(r.inputs, r.rules) if x is z]
    if not rules:
        raise Mistake(Text(
            en="the values are right, but the tape holds no record of "
               "them with z as input: without record(...), the operation "
               "is invisible to the tape, and no gradient flows back "
               "through it. End with "
               "return record(\"sigmoid\", [z], out, [rule]).",
            zh="值是对的，但梯度带上没有以 z 为输入的记录：不调用 "
               "record(...)，梯度带就看不见这个操作，梯度也无法经它传回。"
               "最后一行写成 return record(\"sigmoid\", [z], out, [rule])。"))
    d = rng.normal(size=z.shape)
    gradient = call(rules[-1], d.copy())
    gradient = np.asarray(gradient, dtype=np.float64)
    if gradient.shape == z.shape and np.allclose(gradient, d * s * (1 - s)):
        return
    mistakes = [
        (d * z * (1 - z), Text(
            en="the rule uses the input z where the derivative needs the "
               "output: sigma'(z) = sigma(z) (1 - sigma(z)), so the rule is "
               "d * out * (1 - out).",
            zh="规则里用的是输入 z，而导数需要的是输出："
               "sigma'(z) = sigma(z) (1 - sigma(z))，所以规则是 "
               "d * out * (1 - out)。")),
        (s * (1 - s), Text(
            en="the rule drops d. A rule is one link of the chain rule: "
               "the local derivative times d, the gradient that arrives "
               "from the operations after this one.",
            zh="规则里丢了 d。一条规则是链式法则中的一环：局部导数乘以 d，"
               "即从后面的操作传回来的梯度。")),
        (d * s, Text(
            en="the factor 1 - sigma(z) is missing: "
               "sigma'(z) = sigma(z) (1 - sigma(z)).",
            zh="少了因子 1 - sigma(z)："
               "sigma'(z) = sigma(z) (1 - sigma(z))。")),
        (d * (1 - s), Text(
            en="the factor sigma(z) is missing: "
               "sigma'(z) = sigma(z) (1 - sigma(z)).",
            zh="少了因子 sigma(z)：sigma'(z) = sigma(z) (1 - sigma(z))。")),
    ]
    for wrong, text in mistakes:
        if gradient.shape == z.shape and np.allclose(gradient, wrong):
            raise Mistake(text)
    raise Mistake(Text(
        en="given d, the rule should return d * sigma(z) * (1 - sigma(z)), "
           f"of z's shape {z.shape}; at the first entry that is "
           f"{(d * s * (1 - s)).flat[0]:.4f}, yours gives "
           f"{gradient.flat[0]:.4f}.",
        zh=f"给定 d，规则应当返回形状与 z 相同（{z.shape}）的 "
           "d * sigma(z) * (1 - sigma(z))；第一个元素应是 "
           f"{(d * s * (1 - s)).flat[0]:.4f}，你的是 "
           f"{gradient.flat[0]:.4f}。"), known=False)


sigmoid_exercise = Exercise(
    "sigmoid_exercise", _check_sigmoid,
    correct=Text(
        en="The tape now knows a new operation from one forward line and one "
           "rule: it never needs to know what an operation means, only how "
           "to pass its gradient back.",
        zh="梯度带只凭一行前向计算和一条规则就学会了一个新操作：它从不需要知道"
           "一个操作的含义，只需要知道怎样把梯度传回去。"),
    hint=Text(
        en="sigma'(z) = sigma(z) (1 - sigma(z)), and the tape keeps the "
           "output: the rule is d times the local derivative, written with "
           "out.",
        zh="sigma'(z) = sigma(z) (1 - sigma(z))，而梯度带保存着输出：规则就是 "
           "d 乘以用 out 写出的局部导数。"))


def _small_network():
    """Chapter 9's small network, in float64, with a batch of 128 so that
    halves of 64 exist."""
    rng = np.random.default_rng(13)
    weights = [rng.normal(size=(5, 4)), rng.normal(size=4) * 0.1,
               rng.normal(size=(4, 3)), rng.normal(size=3) * 0.1]
    return weights, rng.random((128, 5)), rng.integers(0, 3, 128)


def _gradients(tape_class, loss_function, weights, images, labels):
    with tape_class() as tape:
        tape.watch(*weights)
        loss = call(loss_function, weights, images, labels)
    return loss, tape.gradient(loss, weights)


def _check_reused_weights(loss_function):
    """``loss_function(weights, images, labels)`` must compute, with the
    tape's operations, a loss whose gradient the overwriting tape gets
    wrong."""
    from scratchnet.gradient_check import numerical_gradient, relative_error

    tape_class = _tape_class(loss_function)

    class OverwritingTape(tape_class):
        def accumulate(self, gradients, x, d_x):
            gradients[id(x)] = d_x

    weights, images, labels = _small_network()
    try:
        loss, gradients = _gradients(tape_class, loss_function, weights,
                                     images, labels)
    except ValueError as error:
        if "not recorded" not in str(error):
            raise
        raise Mistake(Text(
            en="the tape did not record your loss: an operation outside the "
               "tape's own, such as + between two losses or np.mean, "
               "computed it. Add the two losses with the tape's add().",
            zh="梯度带没有记录你的损失：它是由梯度带之外的运算算出来的，比如两个"
               "损失之间的 +，或者 np.mean。要用梯度带自己的 add() 把两个损失"
               "相加。")) from None
    if np.size(loss) != 1:
        raise Mistake(Text(
            en=f"the loss has shape {np.shape(loss)}; a loss is one number.",
            zh=f"损失的形状是 {np.shape(loss)}；损失应当是一个数。"),
            known=False)
    for i, name in enumerate(["W1", "b1", "W2", "b2"]):
        def loss_of(w, i=i):
            changed = list(weights)
            changed[i] = w
            return loss_function(changed, images, labels)
        error = relative_error(gradients[i],
                               numerical_gradient(loss_of, weights[i]))
        if error > 1e-6:
            raise Mistake(Text(
                en=f"our tape's gradient of your loss for {name} differs "
                   f"from finite differences (relative error {error:.0e}): "
                   "compute every step of the loss with the tape's "
                   "operations.",
                zh=f"我们的梯度带对你的损失求出的 {name} 梯度与有限差分不一致"
                   f"（相对误差 {error:.0e}）：损失的每一步都要用梯度带的操作"
                   "来计算。"), known=False)
    _, overwritten = _gradients(OverwritingTape, loss_function, weights,
                                images, labels)
    if all(relative_error(a, b) < 1e-8
           for a, b in zip(overwritten, gradients)):
        raise Mistake(Text(
            en="the overwriting tape gets every gradient of this loss "
               "right: the loss uses each weight once, so no gradient is "
               "overwritten. Use every weight twice, for instance by "
               "adding the losses of the batch's two halves.",
            zh="覆盖梯度的那条带子把这个损失的梯度全算对了：这个损失中每个权重"
               "只用了一次，所以没有梯度被覆盖。让每个权重用两次，比如把批量"
               "前后两半的损失加起来。"))


reused_weights_exercise = Exercise(
    "reused_weights_exercise", _check_reused_weights,
    correct=Text(
        en="A check catches a bug only if its test case runs the code with "
           "the bug: here, a weight used twice.",
        zh="只有当测试用例真正执行到有错误的那段代码时，检查才能发现这个错误："
           "这里就是一个被用了两次的权重。"),
    hint=Text(
        en="Compute tape_loss on the first half of the batch and on the "
           "second, with the same weights, and add the two losses with the "
           "tape's add().",
        zh="用同样的权重，分别对批量的前一半和后一半计算 tape_loss，再用梯度带"
           "的 add() 把两个损失加起来。"))
