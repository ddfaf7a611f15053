"""scratchnet: the MNIST network of *Deep Learning with Python* (section 2.5),
rebuilt from scratch, one module per chapter of the course.

===================  =============================================  =======
module               what it holds                                  chapter
===================  =============================================  =======
``keras_baseline``   ``build_keras_model``                          1
``data``             ``load_mnist``, ``prepare_images``             2
``dense``            ``NaiveDense``                                 3
``sequential``       ``NaiveSequential``, ``build_scratch_model``   4
``batching``         ``BatchGenerator``                             5
``training_step``    ``update_weights``, ``one_training_step``      6
``training_loop``    ``fit``                                        7
``evaluation``       ``predict_labels``, ``accuracy``               8
``gradient_check``   ``backprop_numpy``, ``numerical_gradient``     9
``keras_bridge``     ``copy_weights_to_keras``, ``keras_twin``      10
``fast_training``    ``make_train_epoch``, ``fit_compiled``         11
``measuring``        ``flops_per_epoch``, ``seconds_per_epoch``     11
``accuracy_gap``     ``glorot_uniform``, ``RMSprop``, ...           12
``tape``             ``Tape``, ``record``, ``matmul``, ...          13
===================  =============================================  =======

What the chapters use but do not teach (plots, clear errors for bad input,
the sources of MNIST) is in the subpackage ``scratchnet.support``.
"""

from scratchnet.batching import BatchGenerator
from scratchnet.data import load_mnist, prepare_images
from scratchnet.dense import NaiveDense
from scratchnet.evaluation import accuracy, confusion_matrix, predict_labels
from scratchnet.keras_baseline import build_keras_model
from scratchnet.sequential import NaiveSequential, build_scratch_model
from scratchnet.training_loop import fit
from scratchnet.training_step import one_training_step, update_weights

__all__ = [
    "BatchGenerator", "NaiveDense", "NaiveSequential", "accuracy",
    "build_keras_model", "build_scratch_model", "confusion_matrix", "fit",
    "load_mnist", "one_training_step", "predict_labels", "prepare_images",
    "update_weights",
]
