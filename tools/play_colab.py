"""Play Colab, offline: run chapters where scratchnet is not installed.

    .venv/bin/python tools/play_colab.py book/03_dense_layer.ipynb ...

`make colab` runs it on chapter 3, as part of `make test`. It builds
what a reader gets after pressing "Open in Colab", and runs the chapters
unchanged, so that their install cell is exactly the one readers run:

1. A fresh virtual environment with only what Colab provides for these
   chapters: tensorflow, numpy, matplotlib and ipykernel, at the versions of
   requirements.txt. Installing TensorFlow takes a minute or more and
   deleting it about as long, so that is done once per requirements.txt
   and user, offline, from a folder of wheels downloaded once: a pristine
   environment in the user's cache (~/.cache/scratchnet/colab/base, or
   under $XDG_CACHE_HOME) that nothing ever runs in, shared by every clone
   as pip's own cache is. Each notebook gets its own
   copy of it made of hard links (seconds; nothing is written into the
   pristine files), as Colab gives each notebook its own runtime.
2. The repository as readers reach it: this checkout is cloned into a
   folder and tagged `v<version>` there (tags need not travel with a
   branch), and a git configuration of the runtime's own
   (GIT_CONFIG_GLOBAL) with `url.<clone>.insteadOf <repository URL>` sends
   the install cell's `pip install git+<URL>@v<version>` to that clone.
   The clone holds the last commit: commit library changes before running
   this.
3. A kernel in that environment, as a new user (HOME in the runtime's
   folder), with pip offline (only the wheel folder) and MNIST from the
   local cache.

First, as a control, the first chapter without its install cell must fail with
"No module named 'scratchnet'" in a fresh runtime: the environment really
lacks the library. Then every chapter, each in a fresh runtime, must run
top to bottom without an error and leave scratchnet installed from the tag,
at the version of pyproject.toml. Any failure exits with status 1 and says
which chapter and cell failed. The run's folders stay in the cache's
last-run-<checkout> until the next run from this checkout.
"""

import argparse
import contextlib
import copy
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import install_cell

ROOT = Path(__file__).resolve().parents[1]
# What Colab provides that these chapters use, and the kernel.
COLAB_PACKAGES = ["tensorflow", "numpy", "matplotlib", "ipykernel"]
# What pip needs to build scratchnet from its source (pyproject.toml's
# build-system); Colab's pip fetches it from PyPI.
BUILD_PACKAGES = ["setuptools>=68"]


def run(command, **kwargs):
    """Run a command; stop with its output if it fails."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}\n"
                 f"{result.stdout}{result.stderr}")
    return result.stdout


def pip_environment():
    """This environment without pip settings of the machine (its
    configuration files, extra indexes, constraints): for the offline
    installs, which must see only the wheel folder."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def up_to_date(folder):
    """Whether `folder` was made for today's requirements.txt and package
    lists (its stamp holds their hash)."""
    stamp = folder / "made-for-requirements.sha256"
    return stamp.exists() and stamp.read_text() == requirements_hash()


def mark_up_to_date(folder):
    (folder / "made-for-requirements.sha256").write_text(requirements_hash())


def requirements_hash():
    """A hash of the pins (not the comments) and the package lists."""
    pins = [line.split("#", 1)[0].strip() for line in
            (ROOT / "requirements.txt").read_text(encoding="utf-8")
            .splitlines()]
    made_for = repr(([pin for pin in pins if pin], COLAB_PACKAGES,
                     BUILD_PACKAGES))
    return hashlib.sha256(made_for.encode()).hexdigest()


def download_wheels(wheels):
    """The wheels of the Colab packages, downloaded once (with this
    machine's pip settings: its index, proxy, certificates)."""
    if up_to_date(wheels):
        return
    print(f"Downloading the Colab packages into {wheels} (once) ...",
          flush=True)
    wheels.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "pip", "download", "--quiet",
         "--dest", wheels, "--constraint", ROOT / "requirements.txt",
         *COLAB_PACKAGES, *BUILD_PACKAGES])
    mark_up_to_date(wheels)


def pristine_environment(base, wheels):
    """A virtual environment with the Colab packages, installed offline
    from the wheels once; nothing runs in it."""
    if up_to_date(base):
        return
    print(f"Installing the Colab packages into {base} (once) ...", flush=True)
    shutil.rmtree(base, ignore_errors=True)
    run([sys.executable, "-m", "venv", base])
    # pip compiles the modules here, once; the copies share the results.
    run([base / "bin" / "python", "-m", "pip", "install", "--quiet",
         "--no-index", "--find-links", wheels,
         "--constraint", ROOT / "requirements.txt", *COLAB_PACKAGES],
        env=pip_environment())
    mark_up_to_date(base)


def default_cache():
    """The user's cache folder for the Colab environment."""
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(home) / "scratchnet" / "colab"


@contextlib.contextmanager
def locked(cache):
    """One process at a time builds the shared wheels and environment."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def fresh_copy(base, folder):
    """A new environment, the same as `base`: hard links to its files, so
    that nothing written in the copy (pip installs, compiled modules)
    reaches the pristine one."""
    shutil.copytree(base, folder, symlinks=True, copy_function=os.link)
    (folder / "made-for-requirements.sha256").unlink()
    return folder / "bin" / "python"


def clone_with_tag(folder, version):
    """Clone this checkout's last commit into `folder`, tagged v<version>."""
    commit = run(["git", "-C", ROOT, "rev-parse", "HEAD"]).strip()
    changed = run(["git", "-C", ROOT, "status", "--porcelain", "--",
                   "src", "pyproject.toml"])
    if changed:
        print("Note: uncommitted changes in src/ or pyproject.toml are not "
              "in what the install cell installs (the last commit):\n"
              + changed, flush=True)
    run(["git", "clone", "--quiet", "--no-checkout", ROOT, folder])
    run(["git", "-C", folder, "tag", "--force", f"v{version}", commit])
    return commit


class Runtime:
    """One Colab-like runtime in `folder`, for one notebook, as Colab gives
    each notebook its own: a fresh copy of the environment, a kernel for it
    named "colab", and a new user (HOME in the folder) whose git sends the
    repository URL to the clone and whose pip is offline."""

    def __init__(self, folder, base, clone, url, wheels):
        self.folder = folder
        self.python = fresh_copy(base, folder / "venv")
        spec = folder / "jupyter" / "kernels" / "colab"
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [str(self.python), "-m", "ipykernel_launcher",
                     "-f", "{connection_file}"],
            "display_name": "Colab-like", "language": "python"}))
        (folder / "content").mkdir()  # Colab's working folder is empty too
        (folder / "home").mkdir()
        gitconfig = folder / "gitconfig"
        gitconfig.write_text(f'[url "{clone}"]\n\tinsteadOf = {url}\n')
        dropped = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME",
                   "PYTHONDONTWRITEBYTECODE", "KERAS_HOME")
        self.env = {name: value for name, value in pip_environment().items()
                    if name not in dropped and not name.startswith("XDG_")}
        # MNIST from the cache `make data` filled (Colab downloads it):
        # SCRATCHNET_DATA_DIR if set, else the user's cache folder, which
        # the loader finds through XDG_CACHE_HOME.
        self.env["XDG_CACHE_HOME"] = os.environ.get(
            "XDG_CACHE_HOME", str(Path.home() / ".cache"))
        self.env["PATH"] = os.pathsep.join(
            [str(self.python.parent), self.env.get("PATH", "")])
        self.env.update(HOME=str(folder / "home"),
                        GIT_CONFIG_GLOBAL=str(gitconfig),
                        GIT_CONFIG_NOSYSTEM="1", PIP_NO_INDEX="1",
                        PIP_FIND_LINKS=str(wheels))
        self.log = folder / "kernel-stderr.log"

    def execute(self, nb):
        """Run `nb` top to bottom; raise CellExecutionError on an error.
        The kernel process's own messages go to kernel-stderr.log."""
        os.environ["JUPYTER_PATH"] = str(self.folder / "jupyter")
        client = NotebookClient(
            nb, timeout=600, kernel_name="colab",
            resources={"metadata": {"path": str(self.folder / "content")}})
        with open(self.log, "a") as stderr:
            client.execute(env=self.env, stderr=stderr)

    def show_kernel_messages(self):
        if self.log.exists():
            tail = self.log.read_text().splitlines()[-40:]
            print(f"The kernel's own messages (last lines of {self.log}):",
                  *tail, sep="\n", file=sys.stderr)


def seconds(cell):
    """How long a cell ran, from the timing nbclient records."""
    timing = cell.metadata.get("execution", {})
    start = timing.get("iopub.execute_input")
    end = timing.get("shell.execute_reply")
    if not (start and end):
        return float("nan")
    return (datetime.fromisoformat(end.replace("Z", "+00:00"))
            - datetime.fromisoformat(start.replace("Z", "+00:00"))
            ).total_seconds()


def without_install_cell(nb):
    nb = copy.deepcopy(nb)
    nb.cells = [cell for cell in nb.cells
                if cell.get("id") != install_cell.CELL_ID]
    return nb


def check_control(chapter, runtime):
    """Without its install cell, the chapter must fail to import
    scratchnet: proof that a fresh runtime does not have it."""
    nb = without_install_cell(nbformat.read(chapter, as_version=4))
    try:
        runtime.execute(nb)
    except CellExecutionError as error:
        if (error.ename == "ModuleNotFoundError"
                and "scratchnet" in str(error.evalue)):
            return
        sys.exit(f"control: {chapter.name} without its install cell failed, "
                 f"but not for lack of scratchnet:\n{error}")
    sys.exit(f"control: {chapter.name} ran without its install cell, so "
             "scratchnet is already there: this is no test of the cell")


def check_installed(python, url, version, commit):
    """scratchnet must come from the repository URL, at the tag."""
    found = json.loads(run([python, "-c", (
        "import importlib.metadata as m, json\n"
        "d = m.distribution('scratchnet')\n"
        "print(json.dumps([d.version, json.loads("
        "d.read_text('direct_url.json'))]))")]))
    installed_version, direct_url = found
    vcs = direct_url.get("vcs_info", {})
    wanted = (version, url, f"v{version}", commit)
    got = (installed_version, direct_url.get("url"),
           vcs.get("requested_revision"), vcs.get("commit_id"))
    if got != wanted:
        sys.exit("scratchnet was not installed as the install cell says: "
                 f"(version, url, tag, commit) = {got}, wanted {wanted}")


def run_chapter(chapter, runtime):
    """The chapter top to bottom; returns its install cell's seconds."""
    nb = nbformat.read(chapter, as_version=4)
    try:
        runtime.execute(nb)
    except CellExecutionError as error:
        sys.exit(f"{chapter.name} failed in the Colab-like runtime:\n{error}")
    install = [cell for cell in nb.cells
               if cell.get("id") == install_cell.CELL_ID]
    return seconds(install[0]) if install else float("nan")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="+", type=Path)
    parser.add_argument("--cache", type=Path, default=default_cache(),
                        help="where the wheels and the pristine environment "
                             "are kept (default: ~/.cache/scratchnet/colab)")
    args = parser.parse_args(argv)
    chapters = [path.resolve() for path in args.chapters]
    url = install_cell.repository_url()
    version = install_cell.project_version()
    cache = args.cache.resolve()
    wheels, base = cache / "wheels", cache / "base"
    started = time.perf_counter()

    def say(message):
        print(f"{time.perf_counter() - started:6.1f} s  {message}", flush=True)

    with locked(cache):
        download_wheels(wheels)
        pristine_environment(base, wheels)
    # The run's folder sits beside the pristine environment (hard links
    # need one file system), one per checkout. It stays until the next
    # run, to look into after a failure.
    checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    run_dir = cache / f"last-run-{checkout}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir()
    clone = run_dir / "repository"
    commit = clone_with_tag(clone, version)
    say(f"{url} -> a clone of this checkout, tagged v{version}")

    def new_runtime(name):
        return Runtime(run_dir / name, base, clone, url, wheels)

    runtime = new_runtime("control")
    try:
        check_control(chapters[0], runtime)
        say(f"control: in a fresh runtime ({', '.join(COLAB_PACKAGES)}), "
            f"{chapters[0].name} without its install cell fails with "
            "No module named 'scratchnet'")
        for chapter in chapters:
            runtime = new_runtime(chapter.stem)
            install_seconds = run_chapter(chapter, runtime)
            check_installed(runtime.python, url, version, commit)
            say(f"{chapter.name}: ran top to bottom in a fresh runtime; its "
                f"install cell took {install_seconds:.1f} s and installed "
                f"scratchnet {version} from {url}@v{version}")
    except SystemExit:
        runtime.show_kernel_messages()
        raise


if __name__ == "__main__":
    main()
