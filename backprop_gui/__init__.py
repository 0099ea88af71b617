"""backprop-gui: build a computation graph and watch backpropagation happen on it."""

__version__ = "0.1.0"
