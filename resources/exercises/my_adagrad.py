"""AdaGrad, as torch.optim.Adagrad.

Every coordinate keeps the sum of its squared gradients, s = s + g^2, and
steps by lr * g / (sqrt(s) + eps): large early steps, ever smaller later.
"""
import numpy as np

NAME = "my_adagrad"
HPARAMS = {"lr": 0.01, "eps": 1e-10}


def init(params):
    return {"sum": np.zeros_like(params)}


def step(params, grad, state, lr, eps):
    """Return the new params; keep the sum of squared gradients in state["sum"]."""
    # TODO: add grad**2 to state["sum"] and divide the step by sqrt(sum) + eps.
    return params - lr * grad
