"""What the book uses but does not teach.

The modules of `scratchnet` itself are the chapters' code, one per chapter.
This subpackage holds the helpers around them, which a learner may read but
need not study:

=================  ===============================================  ========
module             what it holds                                    used in
=================  ===============================================  ========
``input_checks``   clear errors for bad input (``check_labels``...)  all
``_mnist_sources`` where MNIST comes from, each source verified     2
``plots``          the book's figures (``plot_digits``, ...)         1-12
``graph_figure``   a computation graph as a figure                  6, 13
``tape_graph``     a tape's records as data for ``graph_figure``    13
=================  ===============================================  ========
"""
