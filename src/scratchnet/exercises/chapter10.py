"""The checks of chapter 10's exercises, *The same as Keras*.

Used in chapter 10: ``copy_from_keras_exercise`` (exercise 10.1) and
``loss_from_logits_exercise`` (exercise 10.2).
"""

import numpy as np

from scratchnet.exercises import Exercise, Mistake, Text, call

_NAMES = ["W1", "b1", "W2", "b2"]


def _small_pair(hidden_units=(4,)):
    """A 5-4-3 scratch model and a Keras model with other weights: the
    scratch weights uniform in [0, 0.1), the Keras weights normal, both
    from NumPy's seeded generator (TensorFlow's global seed is the
    chapter's). ``hidden_units=()`` gives a Keras model with one layer."""
    import tensorflow as tf
    from tensorflow import keras

    from scratchnet.dense import NaiveDense
    from scratchnet.sequential import NaiveSequential

    model = NaiveSequential([NaiveDense(5, 4, activation=tf.nn.relu),
                             NaiveDense(4, 3, activation=tf.nn.softmax)])
    layers = [keras.layers.Dense(4, activation="relu")]
    if hidden_units:
        layers.append(keras.layers.Dense(3, activation="softmax"))
    keras_model = keras.Sequential(layers)
    keras_model.build((None, 5))
    rng = np.random.default_rng(10)  # the weights, seeded here
    for weight in model.weights:
        weight.assign(rng.uniform(0, 0.1, weight.shape).astype(np.float32))
    for weight in keras_model.weights:
        weight.assign(rng.normal(size=weight.shape).astype(np.float32))
    return model, keras_model


def _values(weights):
    return [np.array(w.numpy()) for w in weights]


def _same(a, b):
    return all(x.shape == y.shape and np.array_equal(x, y)
               for x, y in zip(a, b))


def _check_copy_from_keras(copy_weights_from_keras):
    """``copy_weights_from_keras(keras_model, model)`` must give the
    scratch model the Keras weights, leave the Keras model as it was, and
    refuse models whose weights do not match with a ValueError."""
    model, keras_model = _small_pair()
    scratch_before = _values(model.weights)
    keras_before = _values(keras_model.weights)
    call(copy_weights_from_keras, keras_model, model)
    scratch_after = _values(model.weights)
    keras_after = _values(keras_model.weights)
    if _same(keras_after, scratch_before) and not _same(keras_after,
                                                         keras_before):
        raise Mistake(Text(
            en="the copy went the other way: the Keras model now has the "
               "scratch model's weights. Assign into the scratch weight: "
               "naive_weight.assign(keras_weight).",
            zh="复制的方向反了：现在是 Keras 模型拿到了从头实现的模型的权重。"
               "应当赋值给从头实现的模型的权重："
               "naive_weight.assign(keras_weight)。"))
    if _same(scratch_after, scratch_before) and _same(keras_after,
                                                      keras_before):
        raise Mistake(Text(
            en="no weight changed. Writing naive_weight = keras_weight only "
               "gives the Keras weight a second name; the model keeps its "
               "variable. Change the variable itself: "
               "naive_weight.assign(keras_weight).",
            zh="没有任何权重改变。naive_weight = keras_weight 只是给 Keras "
               "的权重起了另一个名字，模型里的变量并没有变。要改变变量本身："
               "naive_weight.assign(keras_weight)。"))
    wrong = [name for name, ours, theirs in zip(_NAMES, scratch_after,
                                                keras_before)
             if not (ours.shape == theirs.shape
                     and np.array_equal(ours, theirs))]
    if wrong:
        raise Mistake(Text(
            en=f"after the copy, the scratch model's {', '.join(wrong)} "
               "still differ from the Keras model's. Copy all four weights, "
               "in order: [W1, b1, W2, b2] in both models.",
            zh=f"复制之后，从头实现的模型的 {'、'.join(wrong)} 仍与 Keras "
               "模型的不同。要按顺序复制全部四个权重：两个模型都是 "
               "[W1, b1, W2, b2]。"), known=False)
    if not _same(keras_after, keras_before):
        raise Mistake(Text(
            en="the scratch model has the Keras weights, but the Keras "
               "model's weights changed too: a copy leaves its source as "
               "it was.",
            zh="从头实现的模型拿到了 Keras 的权重，但 Keras 模型的权重也变了："
               "复制不应改动源模型。"), known=False)
    model, one_layer = _small_pair(hidden_units=())
    try:
        call(copy_weights_from_keras, one_layer, model)
    except ValueError:
        return
    raise Mistake(Text(
        en="given a Keras model with one layer, whose 2 weights do not "
           "match the scratch model's 4, your function copied what it "
           "could and said nothing: zip stops at the shorter list. Check "
           "the shapes first (check_same_shapes), so that a wrong pair "
           "stops with a clear ValueError.",
        zh="给它一个只有一层的 Keras 模型，它的 2 个权重与从头实现的模型的 "
           "4 个权重对不上，你的函数却能复制多少就复制多少，一声不吭："
           "zip 在较短的列表处就停下了。先检查形状（check_same_shapes），"
           "让不匹配的两个模型以清楚的 ValueError 停下。"))


copy_from_keras_exercise = Exercise(
    "copy_from_keras_exercise", _check_copy_from_keras,
    correct=Text(
        en="A trained model is nothing but its weights, so whoever trained "
           "them, the scratch model can now run them; and two models that "
           "do not match stop with a clear message instead of a half copy.",
        zh="训练好的模型无非就是它的权重，所以不管是谁训练的，从头实现的模型"
           "现在都能拿来运行；两个不匹配的模型会以清楚的报错信息停下，而不是"
           "只复制一半。"),
    hint=Text(
        en="copy_weights_to_keras, turned around: the same loop over both "
           "models' weights, with .assign on the scratch side. Before it, "
           "check_same_shapes(keras_model.weights, model.weights).",
        zh="把 copy_weights_to_keras 反过来：同样遍历两个模型的权重，在从头"
           "实现的模型这一侧调用 .assign。循环之前先调用 "
           "check_same_shapes(keras_model.weights, model.weights)。"))


def _exact_loss(logits, labels):
    largest = logits.max(axis=1, keepdims=True)
    log_sum = largest[:, 0] + np.log(np.exp(logits - largest).sum(axis=1))
    return float(np.mean(log_sum - logits[np.arange(len(labels)), labels]))


def _logits_cases():
    """Three batches: ordinary logits; an image whose true class is 800
    behind (its probability is 0 in float64); logits near 1000."""
    rng = np.random.default_rng(10)
    ordinary = rng.normal(0, 3, size=(6, 4))
    far_behind = np.array([[0.0, -800.0, -5.0], [1.0, 2.0, 0.5]])
    large = np.array([[1000.0, 998.0, 999.0], [996.0, 1001.0, 1000.0]])
    return [("ordinary", ordinary, np.array([0, 3, 1, 2, 2, 0])),
            ("far behind", far_behind, np.array([1, 0])),
            ("large", large, np.array([1, 2]))]


def _as_number(answer):
    try:
        value = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        value = None
    if value is None or value.size != 1:
        raise Mistake(Text(
            en=f"the function returned {answer!r}; it should return one "
               "number, the mean loss of the batch.",
            zh=f"这个函数返回的是 {answer!r}；它应当返回一个数，即这个批量的"
               "平均损失。"), known=False)
    return float(value.reshape(()))


def _check_loss_from_logits(loss_from_logits):
    """``loss_from_logits(logits, labels)`` must return the mean of
    -z_y + log(sum_k e^z_k), exactly, for any logits."""
    results = {}
    for name, logits, labels in _logits_cases():
        with np.errstate(all="ignore"):  # inf and overflow are answers
            answer = call(loss_from_logits, logits.copy(), labels.copy())
        results[name] = (answer, _exact_loss(logits, labels), logits, labels)
    answer, exact, logits, labels = results["ordinary"]
    answer = _as_number(answer)
    if not np.isclose(answer, exact, rtol=1e-4):
        per_image = exact * len(labels)
        if np.isclose(answer, per_image, rtol=1e-4):
            raise Mistake(Text(
                en=f"this is the sum of the {len(labels)} losses, "
                   f"{answer:.4f}. The loss of a batch is their mean, "
                   f"{exact:.4f}: divide by the number of images.",
                zh=f"这是 {len(labels)} 个损失之和 {answer:.4f}。批量的损失是"
                   f"它们的平均值 {exact:.4f}：要除以图像数。"))
        if np.isclose(answer, -exact, rtol=1e-4):
            raise Mistake(Text(
                en="the sign is flipped: the loss is -z_y + log(sum_k "
                   "e^z_k), which is never negative.",
                zh="符号反了：损失是 -z_y + log(sum_k e^z_k)，它永远不会是"
                   "负数。"))
        raise Mistake(Text(
            en=f"on a batch of {len(labels)} images with ordinary logits, "
               f"your loss is {answer:.4f}, but the mean of "
               f"-z_y + log(sum_k e^z_k) is {exact:.4f}.",
            zh=f"在一个 logits 很普通的 {len(labels)} 张图像的批量上，你的损失"
               f"是 {answer:.4f}，而 -z_y + log(sum_k e^z_k) 的平均值是 "
               f"{exact:.4f}。"), known=False)
    answer, exact, logits, labels = results["far behind"]
    with np.errstate(all="ignore"):
        answer = _as_number(answer)
    if not np.isclose(answer, exact, rtol=1e-4):
        if not np.isfinite(answer) or answer < exact / 2:
            raise Mistake(Text(
                en="the first image's true class is 800 behind: its "
                   "probability, e^-800, is 0 in float64, so a loss that "
                   "takes the log of the probability gives inf, or 16.12 "
                   f"if it clips. Its exact loss is 800; the batch's, "
                   f"{exact:.2f}. Never form the probability: compute "
                   "-z_y + log(sum_k e^z_k).",
                zh="第一张图像的真实类别落后 800：它的概率 e^-800 在 float64 "
                   "中就是 0，所以对概率取对数的损失会得到 inf，如果截断则是 "
                   f"16.12。它的精确损失是 800，这个批量的是 {exact:.2f}。"
                   "不要先算出概率，直接计算 -z_y + log(sum_k e^z_k)。"))
        raise Mistake(Text(
            en=f"for logits with an image whose true class is 800 behind, "
               f"your loss is {answer:.4f}, but the exact mean loss is "
               f"{exact:.4f}.",
            zh=f"当批量中有一张图像的真实类别落后 800 时，你的损失是 "
               f"{answer:.4f}，而精确的平均损失是 {exact:.4f}。"),
            known=False)
    answer, exact, logits, labels = results["large"]
    with np.errstate(all="ignore"):
        answer = _as_number(answer)
    if not np.isclose(answer, exact, rtol=1e-4):
        if not np.isfinite(answer):
            raise Mistake(Text(
                en="for logits near 1000, e^z overflows to inf, and the "
                   f"loss with it; the exact loss is {exact:.4f}. Subtract "
                   "each row's largest logit m first: "
                   "log(sum_k e^z_k) = m + log(sum_k e^(z_k - m)).",
                zh="logits 在 1000 左右时，e^z 上溢为 inf，"
                   "损失也随之变成 inf；"
                   f"精确的损失是 {exact:.4f}。先减去每一行最大的 logit m："
                   "log(sum_k e^z_k) = m + log(sum_k e^(z_k - m))。"))
        raise Mistake(Text(
            en=f"for logits near 1000, your loss is {answer:.4f}, but the "
               f"exact mean loss is {exact:.4f}.",
            zh=f"logits 在 1000 左右时，你的损失是 {answer:.4f}，而精确的平均"
               f"损失是 {exact:.4f}。"), known=False)


loss_from_logits_exercise = Exercise(
    "loss_from_logits_exercise", _check_loss_from_logits,
    correct=Text(
        en="Computed from the logits, the loss stays exact and keeps its "
           "gradient however wrong the model is, which is why Keras "
           "computes it so.",
        zh="从 logits 计算，损失始终是精确的，而且不论模型错得多离谱都有梯度："
           "这正是 Keras 这样计算它的原因。"),
    hint=Text(
        en="Pick each row's true logit with logits[np.arange(N), labels]. "
           "For log(sum_k e^z_k), take out each row's largest logit first, "
           "so that no exponent is above 0.",
        zh="用 logits[np.arange(N), labels] 取出每一行真实类别的 logit。"
           "计算 log(sum_k e^z_k) 时，先把每一行最大的 logit 提出来，这样"
           "每个指数都不大于 0。"))
