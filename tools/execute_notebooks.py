"""Re-run chapters top to bottom in a fresh kernel and store their outputs.

    .venv/bin/python tools/execute_notebooks.py            # every chapter
    .venv/bin/python tools/execute_notebooks.py book/03_dense_layer.ipynb

Run it (or `make execute`) after editing a chapter, then commit the notebook
with its outputs: `make test` re-runs every chapter under nbval and compares.

Besides running, it keeps stored notebooks clean and stable:
- TensorFlow's C++ start-up lines (absl, CUDA stubs, oneDNN, CPU features)
  go to stderr on import; they are removed from the stored outputs, because
  nbval never sees them and readers should not mistake them for errors;
- consecutive prints to one stream are stored as one output;
- per-cell timestamps in the cell metadata are dropped.
Each chapter's run time is printed; a chapter must stay under 90 s.
"""

import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from book_pages import ROOT, chapters

TF_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\).*"
    r"|[IWE]\d{4} [\d:.]+\s+\d+ \S+\.cc:\d+\].*"
    r"|To enable the following instructions:.*"
    r"|\s*)$")


def clean_outputs(nb):
    """Drop TensorFlow's C++ noise and volatile metadata from outputs."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stderr":
                lines = [line for line in output.text.splitlines(True)
                         if not TF_NOISE.match(line.rstrip("\n"))]
                if not lines:
                    continue
                output.text = "".join(lines)
            kept.append(output)
        cell.outputs = merge_streams(kept)


def merge_streams(outputs):
    """Join consecutive prints to the same stream into one output, as
    Jupyter Book shows them and as nbval compares them."""
    merged = []
    for output in outputs:
        if (merged and output.output_type == "stream"
                and merged[-1].output_type == "stream"
                and merged[-1].name == output.name):
            merged[-1].text += output.text
        else:
            merged.append(output)
    return merged


def execute(path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    clean_outputs(nb)
    nbformat.write(nb, path)
    return seconds


def main(paths):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # kernels inherit it
    paths = [Path(p).resolve() for p in paths] or chapters()
    total = 0.0
    for path in paths:
        seconds = execute(path)
        total += seconds
        print(f"{seconds:6.1f} s  {path.relative_to(ROOT)}", flush=True)
    print(f"{total:6.1f} s  in all")


if __name__ == "__main__":
    main(sys.argv[1:])
