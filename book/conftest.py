"""nbval settings for the chapters (`make notebooks`).

TensorFlow writes C++ log lines to stderr at import. Under Jupyter they are
captured into the notebook, under nbval they are not, so stderr can never
match; tools/execute_notebooks.py removes them from the stored outputs and
nbval does not compare stderr. Every other output (stdout, results, figure
descriptions) is compared strictly.
"""


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
