"""How fast is each way of training the scratch network? (chapter 11)

Run from the repository root:

    .venv/bin/python benchmarks/speed.py              # best of 3 epochs each
    .venv/bin/python benchmarks/speed.py --epochs 1   # quicker, noisier

It trains the article's 784-512-10 network on the 60000 MNIST training
images, batch 128, plain SGD at 1e-3, in every way chapter 11 compares,
all in this one run on this one machine:

  (a) eager loop      chapter 7's ``fit``: every operation run from Python
  (b) tf.function     a Python loop over batches calling a compiled step
  (c) compiled epoch  one ``tf.function`` loops over the batches (tf.range)
  (e) lean epoch      (c) with fewer operations per step and the data
                      made into tensors once
  (x) XLA step        (c) with each step compiled by XLA (tried; not in
                      the chapter)
  (d) Keras fit       ``model.fit`` on the same weights, with
                      ``keras.optimizers.SGD(1e-3)``

and two yardsticks, measured in the same run:

  floor  the five matrix products of every step at the model's own shapes
         (469 batches of 128), alone in one ``tf.function``: the time no
         variant at batch 128 can beat (measured first and last; the
         better of the two counts);
  floor + weight updates
         the same, with each step's update of W1 and W2 (a step of 0): the
         time no variant that updates every weight at every step can beat;
  peak   this machine's float32 matmul speed on a 2048 x 2048 product:
         one epoch's 98 GFLOP at that speed.

Each time is the best of ``--epochs`` timed epochs, after compiling. Targets
(its last lines say ``met`` or ``not met`` for each): the fastest scratch
variant at least as fast as Keras fit, and within 1.3x of the floor; no
variant faster than the floor. Timings vary from run to run and from
machine to machine, most of all on a busy machine: compare numbers from
one run only.
"""

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

from scratchnet import build_scratch_model, load_mnist, prepare_images  # noqa: E402
from scratchnet.measuring import (  # noqa: E402
    compiled_trainer,
    eager_trainer,
    flops_per_epoch,
    keras_trainer,
    lean_trainer,
    matmul_gflops,
    products_trainer,
    seconds_per_epoch,
    step_trainer,
    xla_step_trainer,
)

FLOOR = "floor (the five products)"
UPDATES = "floor + weight updates"
KERAS = "(d) Keras fit, SGD 1e-3"


def updates_trainer(model, batch_size=128):
    return products_trainer(model, batch_size, with_updates=True)


VARIANTS = [
    (FLOOR, products_trainer),
    (UPDATES, updates_trainer),
    ("(a) eager loop (fit)", eager_trainer),
    ("(b) tf.function step", step_trainer),
    ("(c) compiled epoch", compiled_trainer),
    ("(e) lean epoch", lean_trainer),
    ("(x) XLA step (tried)", xla_step_trainer),
    (KERAS, keras_trainer),
]
TENSOR_INPUT = {FLOOR, UPDATES, "(e) lean epoch", "(x) XLA step (tried)"}


def verdict(ok):
    return "met" if ok else "not met"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=3,
                        help="timed epochs per variant; the best counts")
    parser.add_argument("--batch-size", type=int, default=128)
    args = parser.parse_args(argv)

    tf.keras.utils.set_random_seed(0)
    (train_images, train_labels), _ = load_mnist()
    train_images = prepare_images(train_images)
    # The lean epoch and the floor take the data as tensors, made once.
    image_tensor = tf.constant(train_images)
    label_tensor = tf.constant(train_labels, tf.int64)
    flops = flops_per_epoch((784, 512, 10), len(train_images))
    peak = matmul_gflops()
    print(f"One epoch's matrix products: {flops / 1e9:.0f} GFLOP (no "
          f"gradient for the input images); batch {args.batch_size}.")

    seconds = {}
    for name, make_trainer in VARIANTS:
        images, labels = ((image_tensor, label_tensor)
                          if name in TENSOR_INPUT
                          else (train_images, train_labels))
        seconds[name] = seconds_per_epoch(
            make_trainer, build_scratch_model(), images, labels,
            args.batch_size, args.epochs)
    # The peak and the floors again, after the training runs: on a busy
    # machine one measurement can be unlucky. The better of the two counts.
    peak = max(peak, matmul_gflops())
    for name, make_trainer in [(FLOOR, products_trainer),
                               (UPDATES, updates_trainer)]:
        seconds[name] = min(seconds[name], seconds_per_epoch(
            make_trainer, build_scratch_model(), image_tensor, label_tensor,
            args.batch_size, args.epochs))
    peak_seconds = flops / 1e9 / peak
    floor = seconds[FLOOR]

    print(f"float32 matmul peak: {peak:.0f} GFLOP/s (best of two "
          f"measurements): {peak_seconds:.2f} s per epoch at the peak")
    print(f"floor (best of two measurements, first and last): {floor:.2f} s "
          f"per epoch ({flops / 1e9 / floor:.0f} "
          f"GFLOP/s, {peak_seconds / floor:.0%} of the peak)")
    print(f"\n{'variant':<28} {'s/epoch':>8} {'/ floor':>8} {'/ Keras':>8} "
          f"{'GFLOP/s':>8} {'of peak':>8}")
    for name, value in seconds.items():
        gflops = flops / 1e9 / value
        print(f"{name:<28} {value:8.2f} {value / floor:8.2f} "
              f"{value / seconds[KERAS]:8.2f} {gflops:8.0f} "
              f"{gflops / peak:8.0%}")

    scratch = {name: value for name, value in seconds.items()
               if name not in (FLOOR, UPDATES, KERAS)}
    fastest = min(scratch, key=scratch.get)
    to_floor = scratch[fastest] / floor
    to_keras = scratch[fastest] / seconds[KERAS]
    beaten = [name for name, value in scratch.items() if value < floor]
    beaten_updates = [name for name, value in scratch.items()
                      if value < seconds[UPDATES]]
    updates = seconds[UPDATES] - floor
    print(f"\nFastest scratch variant: {fastest}: {scratch[fastest]:.2f} s, "
          f"products {floor:.2f} s + weight updates {updates:.2f} s + "
          f"everything else {scratch[fastest] - seconds[UPDATES]:.2f} s")
    print(f"  nothing faster than the floor: {verdict(not beaten)}"
          + (f" (beaten by {', '.join(beaten)})" if beaten else ""))
    print(f"  nothing faster than the floor + weight updates: "
          f"{verdict(not beaten_updates)}"
          + (f" (beaten by {', '.join(beaten_updates)})"
             if beaten_updates else ""))
    print(f"  as fast as Keras fit (ratio <= 1.0): {verdict(to_keras <= 1.0)}"
          f" (ratio {to_keras:.2f})")
    print(f"  within 1.3x of the floor: {verdict(to_floor <= 1.3)} "
          f"(ratio {to_floor:.2f}; the products and weight updates alone: "
          f"{seconds[UPDATES] / floor:.2f})")


if __name__ == "__main__":
    main()
