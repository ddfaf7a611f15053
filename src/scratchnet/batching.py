"""Cutting the data into batches.

Explained in chapter 5, *Batches* (``book/05_batches.ipynb``).
"""

import math

from scratchnet.support.input_checks import check_batch_size, check_same_length


class BatchGenerator:
    """Serve ``(images, labels)`` batches in order, ``batch_size`` at a time.

    Call ``.next()`` ``num_batches`` times, as the original article does, or
    loop over the generator: each ``for`` loop is one epoch. Only the last
    batch can be smaller than ``batch_size``. One call of ``.next()`` too
    many raises a ``RuntimeError`` instead of returning an empty batch.
    Explained in chapter 5, *Batches*.
    """

    def __init__(self, images, labels, batch_size=128):
        check_same_length(images, labels)
        check_batch_size(batch_size)
        self.index = 0
        self.images = images
        self.labels = labels
        self.batch_size = batch_size
        self.num_batches = math.ceil(len(images) / batch_size)

    def next(self):
        if self.index >= len(self.images):
            raise RuntimeError(
                f"All {self.num_batches} batches of this epoch have been "
                "served: call next() at most num_batches times. For the "
                "next epoch, make a new BatchGenerator.")
        images = self.images[self.index : self.index + self.batch_size]
        labels = self.labels[self.index : self.index + self.batch_size]
        self.index += self.batch_size
        return images, labels

    def __iter__(self):
        self.index = 0
        for _ in range(self.num_batches):
            yield self.next()

    def __len__(self):
        return self.num_batches

    def __repr__(self):
        return (f"BatchGenerator({len(self.images)} samples, "
                f"batch_size={self.batch_size}, "
                f"num_batches={self.num_batches})")
