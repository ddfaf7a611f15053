"""A dense layer from scratch.

Explained in chapter 3, *A dense layer from scratch*
(``book/03_dense_layer.ipynb``).
"""

import tensorflow as tf

from scratchnet.support.input_checks import (
    check_activation,
    check_input_width,
    check_sizes,
)


class NaiveDense:
    """A dense layer: ``output = activation(dot(input, W) + b)``.

    ``W`` has shape ``(input_size, output_size)`` and starts uniform in
    [0, 0.1), as in the original article; ``b`` has shape ``(output_size,)``
    and starts at zero. Explained in chapter 3, *A dense layer from scratch*.
    """

    def __init__(self, input_size, output_size, activation):
        check_sizes(input_size, output_size)
        check_activation(activation)
        self.activation = activation
        w_shape = (input_size, output_size)
        w_initial_value = tf.random.uniform(w_shape, minval=0, maxval=1e-1)
        self.W = tf.Variable(w_initial_value)
        b_shape = (output_size,)
        b_initial_value = tf.zeros(b_shape)
        self.b = tf.Variable(b_initial_value)

    def __call__(self, inputs):
        check_input_width(inputs, self.W.shape[0])
        return self.activation(tf.matmul(inputs, self.W) + self.b)

    @property
    def weights(self):
        return [self.W, self.b]

    def __repr__(self):
        input_size, output_size = self.W.shape
        name = getattr(self.activation, "__name__", repr(self.activation))
        name = name.removesuffix("_v2")  # tf.nn.softmax is "softmax_v2"
        return (f"NaiveDense(input_size={input_size}, "
                f"output_size={output_size}, activation={name})")
