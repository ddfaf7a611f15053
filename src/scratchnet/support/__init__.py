"""What the book uses but does not teach.

The modules of `scratchnet` itself are the chapters' code, one per chapter.
This subpackage holds the helpers around them, which a learner may read but
need not study. The last column lists the chapters whose code imports the
module (tests/book/test_module_table.py checks it):

================  ============================  ==============================
module            what it holds                 used in chapters
================  ============================  ==============================
``input_checks``  clear errors for bad input    2, 3, 5, 6, 7, 8, 9, 11, 12, 13
``plots``         the book's figures            1, 2, 5, 6, 7, 8, 9, 11, 12
``reporting``     a magnitude and a tolerance   3, 6, 9, 10, 11, 12, 13
``graph_figure``  a computation graph, drawn    6, 13
``tape_graph``    a tape's records, as a graph  13
================  ============================  ==============================

``_mnist_sources`` (private) holds where MNIST comes from, each source
verified; ``scratchnet.data.load_mnist`` (chapter 2) uses it.
"""
