"""A sequential model from scratch.

Explained in chapter 4, *A sequential model*
(``book/04_sequential_model.ipynb``).
"""


class NaiveSequential:
    """A chain of layers: the output of each is the input of the next.

    Explained in chapter 4, *A sequential model*.
    """

    def __init__(self, layers):
        self.layers = layers

    def __call__(self, inputs):
        x = inputs
        for layer in self.layers:
            x = layer(x)
        return x

    @property
    def weights(self):
        weights = []
        for layer in self.layers:
            weights += layer.weights
        return weights

    def __repr__(self):
        lines = [f"    {layer!r}," for layer in self.layers]
        return "NaiveSequential([\n" + "\n".join(lines) + "\n])"
