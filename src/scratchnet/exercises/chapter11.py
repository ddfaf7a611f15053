"""The checks of chapter 11's exercises, *Speed*.

Used in chapter 11: ``tracing_exercise`` (exercise 11.1) and
``flop_count_exercise`` (exercise 11.2).
"""

import tensorflow as tf

from scratchnet.exercises import Exercise, Mistake, Text, require_answer


def _measured_counts():
    """What chapter 11's experiment prints, measured here: (times the
    Python code ran, times the graph ran) for three calls with tensors,
    then three calls with Python numbers."""
    calls = tf.Variable(0)
    traced = []

    @tf.function
    def double(x):
        traced.append(x)  # Python: runs only while tracing
        calls.assign_add(1)  # TensorFlow: runs every time the graph runs
        return 2 * x

    counts = []
    for values in ([tf.constant(v) for v in (1.0, 2.0, 3.0)],
                   [1.0, 2.0, 3.0]):
        traces_before, calls_before = len(traced), int(calls.numpy())
        for value in values:
            double(value)
        counts.append((len(traced) - traces_before,
                       int(calls.numpy()) - calls_before))
    return counts


def _pair(answer, name):
    if not (isinstance(answer, tuple) and len(answer) == 2
            and all(isinstance(n, int) for n in answer)):
        raise Mistake(Text(
            en=f"{name} should be two whole numbers, (times the print ran, "
               f"times the counter counted); it is {answer!r}.",
            zh=f"{name} 应当是两个整数：(print 运行的次数, 计数器计数的次数)；"
               f"现在它是 {answer!r}。"), known=False)
    return answer


def _check_tracing(answer):
    """``answer`` is ``[three_tensors, three_python_numbers]``, each a pair
    (times the print ran, times the counter counted)."""
    require_answer(answer)
    if not (isinstance(answer, (list, tuple)) and len(answer) == 2):
        raise Mistake(Text(
            en="pass the two pairs as one list: "
               "[three_tensors, three_python_numbers].",
            zh="把两组数放进一个列表里传入："
               "[three_tensors, three_python_numbers]。"), known=False)
    tensors = _pair(answer[0], "three_tensors")
    numbers = _pair(answer[1], "three_python_numbers")
    measured_tensors, measured_numbers = _measured_counts()
    if (tensors, numbers) == (measured_tensors, measured_numbers):
        return
    if tensors[0] == 3:
        raise Mistake(Text(
            en="with tensors, the print ran once, not three times: Python "
               "code in a tf.function runs only while TensorFlow traces it, "
               "and three tensors of the same shape and type share one "
               "trace.",
            zh="传入张量时，print 只运行了一次，而不是三次：tf.function 中的 "
               "Python 代码只在 TensorFlow 追踪它时运行，而形状和类型都相同的"
               "三个张量共用一次追踪。"))
    if tensors[1] == 1 or numbers[1] == 1:
        raise Mistake(Text(
            en="the counter counted at every call: assign_add is a "
               "TensorFlow operation, part of the graph, and the graph runs "
               "every time the function is called.",
            zh="计数器每次调用都会计数：assign_add 是一个 TensorFlow 运算，"
               "是计算图的一部分，而每次调用函数都会运行计算图。"))
    if numbers[0] == 1 and tensors[0] == 1:
        raise Mistake(Text(
            en="with Python numbers, the print ran three times: a Python "
               "number is not a tensor, tf.function builds its value into "
               "the graph, so each new number means a new trace.",
            zh="传入 Python 数值时，print 运行了三次：Python 数值不是张量，"
               "tf.function 把它的值写进计算图，所以每个新的数值都要重新追踪"
               "一次。"))
    raise Mistake(Text(
        en=f"your pairs, {tensors} and {numbers}, are not what the "
           "experiment gives. Run it, and count the printed lines (the "
           "traces) and calls.numpy() (the runs of the graph).",
        zh=f"你的两组数 {tensors} 和 {numbers} 与实验结果不符。运行这个实验，"
           "数一数打印出来的行（追踪的次数）和 calls.numpy()（计算图运行的"
           "次数）。"), known=False)


tracing_exercise = Exercise(
    "tracing_exercise", _check_tracing,
    correct=Text(
        en="Python runs when a function is traced, the graph every time it "
           "is called: so a timing leaves out the first call, and a loop "
           "passes tensors, not Python numbers, to a compiled step.",
        zh="Python 代码在函数被追踪时运行，计算图则在每次调用时运行：所以计时"
           "不算第一次调用，循环传给编译后的步骤的是张量，"
           "而不是 Python 数值。"),
    hint=Text(
        en="Which of the two lines is Python, and which is a TensorFlow "
           "operation? A tf.function traces again when it meets an input it "
           "has not seen: does 2.0 look new after 1.0, and does a tensor "
           "of the same shape?",
        zh="两行代码中，哪一行是 Python，哪一行是 TensorFlow 运算？"
           "tf.function 遇到没见过的输入就会重新追踪：在 1.0 之后，2.0 算不算"
           "新输入？形状相同的另一个张量呢？"))


KEYS = ("W1", "W2", "W1 with a sixth product")


def _check_flop_count(flop_per_weight):
    """``flop_per_weight`` maps each of ``KEYS`` to the FLOP per image that
    one weight costs in the step's matrix products."""
    require_answer(flop_per_weight)
    if not (isinstance(flop_per_weight, dict)
            and set(flop_per_weight) == set(KEYS)):
        raise Mistake(Text(
            en=f"flop_per_weight should be a dict with the keys {KEYS}.",
            zh=f"flop_per_weight 应当是一个字典，键为 {KEYS}。"),
            known=False)
    w1, w2, sixth = (flop_per_weight[key] for key in KEYS)
    if (w1, w2, sixth) == (4, 6, 6):
        return
    if (w1, w2) == (2, 3):
        raise Mistake(Text(
            en="these are multiply-adds; a multiply-add is 2 FLOP, a "
               "multiplication and an addition.",
            zh="这些是乘加的次数；一次乘加是 2 个 FLOP：一次乘法和一次加法。"))
    if (w1, w2) == (2, 2):
        raise Mistake(Text(
            en="that counts only the forward product; backpropagation "
               "adds the products of the table's last three rows.",
            zh="这只数了前向的乘积；反向传播还要加上表中后三行的乘积。"))
    if w1 == 6:
        raise Mistake(Text(
            en="W1 is in two products, not three: below layer 1 are the "
               "images, which need no gradient, so nothing passes a "
               "gradient down through W1.",
            zh="W1 只出现在两个乘积中，而不是三个：第 1 层下面是图像，图像不"
               "需要梯度，所以没有梯度经过 W1 继续往下传。"))
    if w2 == 4:
        raise Mistake(Text(
            en="W2 is in three products: forward, its own gradient, and "
               "the gradient passed down to the hidden layer, "
               "d_output · W2ᵀ.",
            zh="W2 出现在三个乘积中：前向、它自己的梯度，以及传给隐藏层的梯度 "
               "d_output · W2ᵀ。"))
    if (w1, w2) == (4, 6):
        raise Mistake(Text(
            en="W1 and W2 are right. The sixth product, d_hidden · W1ᵀ, "
               "makes one more multiply-add per weight of W1 and image.",
            zh="W1 和 W2 对了。第六个乘积 d_hidden · W1ᵀ 对 W1 的每个权重、"
               "每张图像再做一次乘加。"))
    raise Mistake(Text(
        en=f"your counts are W1: {w1}, W2: {w2}, with a sixth product "
           f"{sixth}. Count, row by row of the table, the products each "
           "weight is in; each makes one multiply-add per image.",
        zh=f"你的答案是 W1：{w1}，W2：{w2}，有第六个乘积时 {sixth}。"
           "按表格逐行数一数，每个权重出现在哪些乘积中；每个乘积对每张图像做"
           "一次乘加。"), known=False)


flop_count_exercise = Exercise(
    "flop_count_exercise", _check_flop_count,
    correct=Text(
        en="With the sixth product every weight costs 2 FLOP forward and "
           "4 backward: that is 6 × parameters × samples.",
        zh="有了第六个乘积，每个权重前向花 2 个 FLOP，反向花 4 个：这就是 "
           "6 × 参数数 × 样本数。"),
    hint=Text(
        en="In how many of the table's products does a weight of W2 appear, "
           "and one of W1? Each product makes one multiply-add per weight "
           "and image.",
        zh="表中的乘积里，W2 的一个权重出现在几个乘积中？W1 的呢？每个乘积对"
           "每个权重、每张图像做一次乘加。"))
