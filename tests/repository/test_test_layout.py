"""Every test file is in a folder that a command runs.

`make check` and `make unit` run pytest's `testpaths` (pyproject.toml);
`make browser` runs tests/site. A test file anywhere else under tests/ is
collected by nothing, and would never fail.
"""

from pathlib import Path

try:
    import tomllib  # Python 3.11 and newer
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def collected_folders():
    with open(ROOT / "pyproject.toml", "rb") as file:
        config = tomllib.load(file)["tool"]["pytest"]["ini_options"]
    return [ROOT / folder for folder in config["testpaths"]] + [
        ROOT / "tests" / "site"]


def stray_test_files(root, folders):
    return sorted(str(path.relative_to(root)) for path in
                  (root / "tests").rglob("test_*.py")
                  if not any(folder in path.parents for folder in folders))


def test_every_test_file_is_collected():
    stray = stray_test_files(ROOT, collected_folders())
    folders = [str(f.relative_to(ROOT)) for f in collected_folders()]
    assert not stray, (f"test files outside {folders}, which no command "
                       f"runs: {stray}")


def test_a_stray_file_is_found(tmp_path):
    (tmp_path / "tests" / "library").mkdir(parents=True)
    (tmp_path / "tests" / "library" / "test_a.py").write_text("")
    (tmp_path / "tests" / "test_b.py").write_text("")
    assert stray_test_files(tmp_path, [tmp_path / "tests" / "library"]) == [
        "tests/test_b.py"]
