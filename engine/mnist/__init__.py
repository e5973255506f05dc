"""MNIST in numpy: IDX data, a float32 MLP, and side-by-side training with the race's optimizers.

``data``      IDX reader, dataset discovery, the bundled 5k sample
``download``  fetch the full set from mirrors, checksum-verified and atomic
``mlp``       the multilayer perceptron (exact backprop, preallocated buffers)
``trainer``   several optimizers from identical weights and batches; presets
``cli``       ``python main.py mnist ...``
"""
