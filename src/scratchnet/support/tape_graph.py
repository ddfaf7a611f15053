"""The graph a tape recorded, as the plain data that
``graph_figure.draw_computation_graph`` draws.

``tape_operations`` turns a tape's records (chapter 13) into that function's
chain of operations: the shape of every value, and for every gradient the
step of the backward pass that computes it.
"""


def tape_operations(tape, names):
    """The records of ``tape`` as a chain of operations for
    ``draw_computation_graph``, in the order of the forward pass::

        [{"operation": "input", "output": "images", "shape": (128, 784)},
         {"operation": "matmul", "output": "output 1", "shape": (128, 512),
          "gradient": "step 6: gradient (128, 512)",
          "parameter": "W1", "parameter_shape": (784, 512),
          "parameter_gradient": "step 7: gradient (784, 512)"},
         ...]

    ``names`` maps a name to each array that no record computed (the
    images, the weights), and may name outputs too (the loss); an output it
    does not name is called after its record: ``"output 1"`` for the first.
    A gradient label gives the step of the backward pass that computes the
    gradient (step 1 plays back the last record) and its shape, the shape of
    its value. An array the tape does not trace gets no gradient label: the
    backward pass never computes its gradient.

    The records must form a chain: each takes the previous one's output and
    at most one array that no record computed. Call it before
    ``tape.gradient``, which lets go of the records of a tape that is not
    persistent. Used in chapter 13, *A gradient tape of our own*.
    """
    records = tape.records
    if not records:
        raise ValueError("The tape holds no records: draw it before calling "
                         "tape.gradient(), or make it with persistent=True.")
    name_of = {id(array): name for name, array in names.items()}
    computed = {id(record.output) for record in records}

    def leaf_name(array):
        if id(array) not in name_of:
            raise ValueError(
                f"names has no name for the array of shape {array.shape} "
                "that goes into the first record or comes from the side: "
                "add it, as in {'W1': weights[0]}.")
        return name_of[id(array)]

    def gradient(array, step):
        if id(array) in tape.traced:
            return f"step {step}: gradient {_shape(array)}"
        return None

    first = records[0].inputs[0]
    chain = [(_entry("input", leaf_name(first), first), first)]
    for number, record in enumerate(records, start=1):
        entry, previous = chain[-1]
        sides = [x for x in record.inputs if x is not previous]
        if (len(sides) == len(record.inputs) or len(sides) > 1
                or any(id(x) in computed for x in sides)):
            raise ValueError(
                f"record {number} ({record.name}) is not a link of a chain: "
                "each record must take the previous record's output and at "
                "most one array that no record computed.")
        step = len(records) - number + 1  # the backward pass starts at 1
        _set(entry, "gradient", gradient(previous, step))
        output = name_of.get(id(record.output), f"output {number}")
        entry = _entry(record.name, output, record.output)
        for side in sides:
            entry.update(parameter=leaf_name(side),
                         parameter_shape=_shape(side))
            _set(entry, "parameter_gradient", gradient(side, step))
        chain.append((entry, record.output))
    target = _shape(records[-1].output)
    chain[-1][0]["gradient"] = f"start: ones {target}" if target else \
        "start: 1"
    return [entry for entry, _ in chain]


def _shape(array):
    return tuple(int(size) for size in array.shape)


def _entry(operation, output, array):
    return {"operation": operation, "output": output, "shape": _shape(array)}


def _set(entry, key, value):
    if value is not None:
        entry[key] = value
