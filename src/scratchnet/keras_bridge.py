"""Moving weights between the scratch model and the Keras model.

Explained in chapter 10, *The same as Keras* (``book/10_same_as_keras.ipynb``).

Both models keep their weights in the same order, ``[W1, b1, W2, b2]``, with
the same shapes: a Keras ``Dense`` layer's ``kernel`` is the scratch layer's
``W`` and its ``bias`` is ``b``.
"""

from tensorflow import keras

from scratchnet.keras_baseline import build_keras_model


def check_same_shapes(source, target):
    """Both weight lists must match one to one, in number and in shape.

    Used in chapter 10, *The same as Keras*, by ``copy_weights_to_keras``.
    """
    source_shapes = [tuple(w.shape) for w in source]
    target_shapes = [tuple(w.shape) for w in target]
    if source_shapes != target_shapes:
        raise ValueError(
            f"The two models do not have the same weights: {source_shapes} "
            f"versus {target_shapes}. Both must have the same layers, of the "
            "same sizes, in the same order; build the Keras model with "
            "keras_model.build((None, input_size)) before copying.")


def ensure_built(model, keras_model):
    """Build ``keras_model`` for the scratch model's input width if needed.

    A Keras model made without an input shape has no weights until it is
    built, e.g. with ``keras_model.build((None, 784))``.
    Used in chapter 10, *The same as Keras*, by ``copy_weights_to_keras``.
    """
    if not keras_model.built:
        keras_model.build((None, model.weights[0].shape[0]))


def copy_weights_to_keras(model, keras_model):
    """Give ``keras_model`` the weights of the scratch ``model``.

    Builds the Keras model first if it has no weights yet.
    Explained in chapter 10, *The same as Keras*.
    """
    ensure_built(model, keras_model)
    check_same_shapes(model.weights, keras_model.weights)
    for naive_weight, keras_weight in zip(model.weights, keras_model.weights):
        keras_weight.assign(naive_weight)


def copy_weights_from_keras(keras_model, model):
    """Give the scratch ``model`` the weights of ``keras_model``.

    Builds the Keras model first if it has no weights yet. Chapter 10's
    exercise 10.1 has the learner write it (as ``copy_from_keras``).
    Used in chapter 11.
    """
    ensure_built(model, keras_model)
    check_same_shapes(keras_model.weights, model.weights)
    for keras_weight, naive_weight in zip(keras_model.weights, model.weights):
        naive_weight.assign(keras_weight)


def keras_twin(model, learning_rate=1e-3):
    """The article's Keras model with the weights of the scratch ``model``,
    compiled with the scratch model's optimizer: plain SGD.

    ``build_keras_model()`` compiles with RMSprop; this recompiles it with
    ``keras.optimizers.SGD(learning_rate)``, the same loss and accuracy.
    Explained in chapter 10, *The same as Keras*.
    """
    keras_model = build_keras_model()
    copy_weights_to_keras(model, keras_model)
    keras_model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"])
    return keras_model
