"""Command line: ``python -m scratchnet fetch [--path P]``.

Fetches MNIST through the chain of sources described in
``scratchnet.data``, verifies it, and fills the local cache, so that the
chapters load it offline. The README's set-up runs it.
"""

import argparse
import sys

from scratchnet.data import MnistDataError, fetch


def main(argv=None):
    """Run the command line; return its exit code (0, or 1 on failure).

    No chapter calls it: ``make data`` runs ``python -m scratchnet fetch``.
    """
    parser = argparse.ArgumentParser(
        prog="python -m scratchnet",
        description="Fetch MNIST into the local cache and verify it.",
    )
    parser.add_argument("command", choices=["fetch"],
                        help="fetch: load MNIST and fill the local cache")
    parser.add_argument("--path",
                        help="a Keras mnist.npz file or a folder of IDX files")
    args = parser.parse_args(argv)
    try:
        fetch(args.path)
    except MnistDataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
