"""How fast is each way of training the scratch network? (chapter 11)

Run from the repository root:

    .venv/bin/python benchmarks/speed.py              # best of 3 epochs each
    .venv/bin/python benchmarks/speed.py --epochs 1   # quicker, noisier

It trains the article's 784-512-10 network on the 60000 MNIST training
images, batch 128, plain SGD at 1e-3, in every way chapter 11 compares and
a few more, all in this one run on this one machine:

  (a) eager loop      chapter 7's ``fit``: every operation run from Python
  (b) tf.function     a Python loop over batches calling a compiled step
  (c) compiled epoch  one ``tf.function`` loops over the batches (tf.range)
  (d) Keras fit       ``model.fit`` on the same weights, with
                      ``keras.optimizers.SGD(1e-3)``, the default
                      ``steps_per_execution=1`` and, as (d'), one execution
                      per epoch
  (e) lean epoch      (c) with fewer operations per step and the data made
                      into tensors once (``speed_variants.py``)
  (x) XLA step        (c) with each step compiled by XLA (not in the
                      chapter: close to (e), sometimes faster, sometimes
                      slower; compiling a whole epoch with XLA took very
                      long)

and three yardsticks, measured in the same run:

  peak   this machine's float32 matmul speed on a 2048 x 2048 product:
         one epoch's 98.2 GFLOP at that speed (the chapter's yardstick);
  floor  the five matrix products of every step at the model's own shapes
         (469 batches of 128), alone in one ``tf.function``: the time no
         variant at batch 128 can beat;
  floor + weight updates
         the same, with each step's update of W1 and W2 (a step of 0): the
         time no variant that updates every weight at every step can beat.

The peak and the floors are measured first and last; the better of the two
counts, since one measurement can be disturbed by other programs. Each
time is the best of ``--epochs`` timed epochs, after a warm-up.

Targets, printed as ``met`` or ``not met``: the fastest scratch variant at
least as fast as Keras fit, and within 1.3x of the floor; no variant faster
than the floor. Then the memory traffic of the updates, which explains most
of what separates the floor from the floor with the updates. Timings vary
from run to run and from machine to machine: compare numbers from one run.
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
    matmul_gflops,
    seconds_per_epoch,
    step_trainer,
)

from speed_variants import (  # noqa: E402
    lean_trainer,
    products_trainer,
    update_traffic_bytes,
    updates_trainer,
    xla_step_trainer,
)

FLOOR = "floor (the five products)"
UPDATES = "floor + weight updates"
KERAS = "(d) Keras fit"


def keras_epoch_trainer(model, batch_size=128):
    """Keras's fit with one execution per epoch (steps_per_execution as
    large as the number of batches of 60000 images)."""
    return keras_trainer(model, batch_size,
                         steps_per_execution=-(-60000 // batch_size))


VARIANTS = [
    (FLOOR, products_trainer),
    (UPDATES, updates_trainer),
    ("(a) eager loop (fit)", eager_trainer),
    ("(b) tf.function step", step_trainer),
    ("(c) compiled epoch", compiled_trainer),
    (KERAS, keras_trainer),
    ("(d') Keras, 1 execution/epoch", keras_epoch_trainer),
    ("(e) lean epoch", lean_trainer),
    ("(x) XLA step", xla_step_trainer),
]
TENSOR_INPUT = {FLOOR, UPDATES, "(e) lean epoch", "(x) XLA step"}
YARDSTICKS = (FLOOR, UPDATES)


def verdict(ok):
    return "met" if ok else "not met"


def time_variants(variants, arrays, tensors, batch_size, epochs):
    """{name: seconds per epoch} for each (name, make_trainer)."""
    seconds = {}
    for name, make_trainer in variants:
        images, labels = tensors if name in TENSOR_INPUT else arrays
        trainer = make_trainer(build_scratch_model(), batch_size)
        seconds[name] = seconds_per_epoch(trainer, images, labels,
                                          batch_size, epochs)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=3,
                        help="timed epochs per variant; the best counts")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--samples", type=int, default=60000,
                        help="training images per epoch (60000: all)")
    parser.add_argument("--peak-size", type=int, default=2048,
                        help="side of the square matrices of the peak")
    args = parser.parse_args(argv)

    tf.keras.utils.set_random_seed(0)
    (train_images, train_labels), _ = load_mnist(verbose=False)
    arrays = (prepare_images(train_images)[:args.samples],
              train_labels[:args.samples])
    # The lean epoch, XLA and the floors take the data as tensors, made once.
    tensors = (tf.constant(arrays[0]), tf.constant(arrays[1], tf.int64))
    flops = flops_per_epoch((784, 512, 10), len(arrays[0]))
    print(f"One epoch's matrix products: {flops / 1e9:.1f} GFLOP (no "
          f"gradient for the input images); batch {args.batch_size}, "
          f"{len(arrays[0])} images.")

    peak = matmul_gflops(args.peak_size)
    seconds = time_variants(VARIANTS, arrays, tensors, args.batch_size,
                            args.epochs)
    # The peak and the floors again, after the training runs: one
    # measurement can be disturbed by other programs. The better counts.
    peak = max(peak, matmul_gflops(args.peak_size))
    again = time_variants([v for v in VARIANTS if v[0] in YARDSTICKS],
                          arrays, tensors, args.batch_size, args.epochs)
    for name, value in again.items():
        seconds[name] = min(seconds[name], value)
    peak_seconds = flops / 1e9 / peak
    floor = seconds[FLOOR]

    print(f"float32 matmul peak: {peak:.0f} GFLOP/s (best of two "
          f"measurements): {peak_seconds:.2f} s per epoch at the peak")
    print(f"floor (best of two measurements): {floor:.2f} s per epoch "
          f"({flops / 1e9 / floor:.0f} GFLOP/s, "
          f"{peak_seconds / floor:.0%} of the peak)")
    print(f"\n{'variant':<30} {'s/epoch':>8} {'/ floor':>8} {'/ Keras':>8} "
          f"{'GFLOP/s':>8} {'of peak':>8}")
    for name, value in seconds.items():
        gflops = flops / 1e9 / value
        print(f"{name:<30} {value:8.2f} {value / floor:8.2f} "
              f"{value / seconds[KERAS]:8.2f} {gflops:8.0f} "
              f"{gflops / peak:8.0%}")

    scratch = {name: value for name, value in seconds.items()
               if name not in YARDSTICKS and "Keras" not in name}
    fastest = min(scratch, key=scratch.get)
    to_floor = scratch[fastest] / floor
    to_keras = scratch[fastest] / seconds[KERAS]
    beaten = [name for name, value in seconds.items()
              if name not in YARDSTICKS and value < floor]
    beaten_updates = [name for name, value in scratch.items()
                      if value < seconds[UPDATES]]
    updates = seconds[UPDATES] - floor
    print(f"\nFastest scratch variant: {fastest}: {scratch[fastest]:.2f} s "
          f"= products {floor:.2f} s + weight updates {updates:.2f} s + "
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

    traffic = update_traffic_bytes(build_scratch_model(), len(arrays[0]),
                                   args.batch_size)
    print(f"\nMemory traffic of the updates: {traffic / 1e9:.1f} GB per "
          "epoch (each step reads every weight and its gradient and writes "
          "the weight back, 4 bytes each)")
    if updates > 0:
        print(f"  moved in the {updates:.2f} s the updates add to the floor:"
              f" {traffic / 1e9 / updates:.0f} GB/s. The products cannot "
              "overlap it: a step's update needs the step's gradients, and "
              "the next step's products need the updated weights.")
    return seconds


if __name__ == "__main__":
    main()
