"""How fast is each way of training the scratch network? (chapter 11)

Run from the repository root:

    .venv/bin/python benchmarks/speed.py              # best of 3 epochs each
    .venv/bin/python benchmarks/speed.py --epochs 1   # quicker, noisier

It trains the article's 784-512-10 network on the 60000 MNIST training
images, batch 128, plain SGD at 1e-3, in four ways, all in this one run on
this one machine:

  (a) eager loop      chapter 7's ``fit``: every operation run from Python
  (b) tf.function     a Python loop over batches calling a compiled step
  (c) compiled epoch  one ``tf.function`` loops over the batches (tf.range)
  (d) Keras fit       ``model.fit`` on the same weights, with
                      ``keras.optimizers.SGD(1e-3)`` (the fair comparison;
                      the article's RMSprop costs a little more per step)

For each it prints the seconds per epoch (the best of ``--epochs`` timed
epochs, after compiling), the ratio to Keras fit (below 1.0 is faster), and
the achieved speed in GFLOP/s, counting 6 operations per weight per sample
(about 146 GFLOP per epoch), as a share of this machine's float32 matmul
peak, measured in the same run with a 2048 x 2048 ``tf.matmul``. A note
gives the share for the work really done (about 98 GFLOP: no gradient is
computed for the input images).

Targets: the fastest scratch variant at least as fast as Keras fit
(ratio <= 1.0) and at least 50% of the matmul peak. The script says
whether each is met. Timings vary from run to run and from machine to
machine, most of all on a busy machine: compare numbers from one run only.
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

VARIANTS = [
    ("(a) eager loop (fit)", eager_trainer),
    ("(b) tf.function step", step_trainer),
    ("(c) compiled epoch", compiled_trainer),
    ("(d) Keras fit, SGD 1e-3", keras_trainer),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=3,
                        help="timed epochs per variant; the best counts")
    parser.add_argument("--batch-size", type=int, default=128)
    args = parser.parse_args(argv)

    tf.keras.utils.set_random_seed(0)
    (train_images, train_labels), _ = load_mnist()
    train_images = prepare_images(train_images)
    flops = flops_per_epoch((784, 512, 10), len(train_images))
    peak = matmul_gflops()
    print(f"One epoch costs {flops / 1e9:.0f} GFLOP (6 per weight per "
          "sample).")

    seconds = {}
    for name, make_trainer in VARIANTS:
        seconds[name] = seconds_per_epoch(
            make_trainer, build_scratch_model(), train_images, train_labels,
            args.batch_size, args.epochs)
    keras_seconds = seconds[VARIANTS[-1][0]]
    # The peak again, after the training runs: on a busy machine one
    # measurement can be unlucky. The higher of the two counts.
    peak = max(peak, matmul_gflops())

    print(f"float32 matmul peak: {peak:.0f} GFLOP/s (best of two "
          f"measurements), so one epoch takes at least "
          f"{flops / 1e9 / peak:.2f} s")
    print(f"\n{'variant':<25} {'s/epoch':>8} {'vs Keras':>9} "
          f"{'GFLOP/s':>8} {'% of peak':>10}")
    for name, value in seconds.items():
        gflops = flops / 1e9 / value
        print(f"{name:<25} {value:8.2f} {value / keras_seconds:9.2f} "
              f"{gflops:8.0f} {100 * gflops / peak:9.0f}%")

    scratch = {name: value for name, value in seconds.items()
               if name != VARIANTS[-1][0]}
    fastest = min(scratch, key=scratch.get)
    ratio = scratch[fastest] / keras_seconds
    share = flops / 1e9 / scratch[fastest] / peak
    # The input images need no gradient: a compiled graph skips that product
    # of the first layer (2 of its 6 operations per weight and sample).
    skipped = 2 * len(train_images) * 784 * 512
    print(f"\nNote: the graphs skip the gradient of the input images, so the "
          f"work really done is {(flops - skipped) / 1e9:.0f} GFLOP per "
          f"epoch;\nfor that count, multiply GFLOP/s and % of peak by "
          f"{(flops - skipped) / flops:.2f}.")
    print(f"\nFastest scratch variant: {fastest}")
    print(f"  as fast as Keras fit (ratio <= 1.0): "
          f"{'met' if ratio <= 1.0 else 'NOT met'} (ratio {ratio:.2f})")
    print(f"  at least 50% of the matmul peak: "
          f"{'met' if share >= 0.5 else 'NOT met'} ({100 * share:.0f}%; "
          f"{100 * share * (flops - skipped) / flops:.0f}% counting only the "
          "work really done)")


if __name__ == "__main__":
    main()
