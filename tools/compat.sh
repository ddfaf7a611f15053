#!/usr/bin/env bash
# Run the unit tests in an environment of their own (`make compat`):
#
#   tools/compat.sh NAME PYTHON REQUIREMENTS
#
# makes .venv/compat/NAME with the interpreter PYTHON and the pinned
# packages of REQUIREMENTS (again only when REQUIREMENTS changed), installs
# scratchnet into it (editable, so the tests see src/), prints the versions
# that matter, and runs tests/ there.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1 python=$2 requirements=$3
env=.venv/compat/$name

if ! command -v "$python" > /dev/null; then
    echo "compat $name: no interpreter '$python'; pass one on the make" \
         "command line (README.md, Supported versions)" >&2
    exit 1
fi
if [ ! -f "$env/installed" ] || [ "$requirements" -nt "$env/installed" ]; then
    rm -rf "$env"
    "$python" -m venv "$env"
    "$env/bin/python" -m pip install --quiet -r "$requirements"
    touch "$env/installed"
fi
"$env/bin/python" -m pip install --quiet --no-deps -e .
"$env/bin/python" - "$name" "$requirements" <<'EOF'
import platform, re, sys
from importlib.metadata import version
name, requirements = sys.argv[1:]
print(f"compat {name}: Python {platform.python_version()},",
      ", ".join(f"{package} {version(package)}" for package in
                ("tensorflow", "keras", "numpy", "matplotlib")), flush=True)
# The oldest versions run on the oldest Python that pyproject.toml allows.
if requirements == "requirements-oldest.txt":
    oldest = re.search(r'^requires-python = ">=(\d+)\.(\d+)"',
                       open("pyproject.toml").read(), re.M).groups()
    if platform.python_version_tuple()[:2] != oldest:
        sys.exit(f"compat {name}: requirements-oldest.txt is for Python "
                 f"{'.'.join(oldest)} (pyproject.toml's requires-python), "
                 f"not {platform.python_version()}")
EOF
"$env/bin/python" -m pytest tests -q
