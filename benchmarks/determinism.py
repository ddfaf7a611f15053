"""What does tf.config.experimental.enable_op_determinism() cost?

    .venv/bin/python benchmarks/determinism.py

Chapter 1 says the chapters do not enable op determinism because the
from-scratch training is already repeatable on a CPU (checked by
tests/test_training_loop.py) and the flag makes it about twice as slow.
This prints the seconds per epoch of the original recipe with and without
the flag, each in a fresh process (the flag cannot be turned off again),
and their ratio. One epoch each, after a short warm-up.
"""

import subprocess
import sys

CHILD = r"""
import sys, time
import tensorflow as tf
from scratchnet import build_scratch_model, fit, load_mnist, prepare_images
tf.keras.utils.set_random_seed(0)
if sys.argv[1] == "on":
    tf.config.experimental.enable_op_determinism()
(images, labels), _ = load_mnist(verbose=False)
images = prepare_images(images)
model = build_scratch_model()
fit(model, images[:128 * 20], labels[:128 * 20], epochs=1, verbose=False)
start = time.perf_counter()
fit(model, images, labels, epochs=1, verbose=False)
print(time.perf_counter() - start)
"""


def seconds_per_epoch(flag):
    result = subprocess.run([sys.executable, "-c", CHILD, flag],
                            capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def main():
    off = seconds_per_epoch("off")
    on = seconds_per_epoch("on")
    print(f"op determinism off: {off:.1f} s per epoch")
    print(f"op determinism on:  {on:.1f} s per epoch")
    print(f"ratio on/off: {on / off:.2f}")


if __name__ == "__main__":
    main()
