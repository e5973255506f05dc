"""RMSprop, as torch.optim.RMSprop -- but this version has bugs. Find them!

v = alpha * v + (1 - alpha) * g^2
params = params - lr * g / (sqrt(v) + eps)
"""
import numpy as np

NAME = "my_rmsprop"
HPARAMS = {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}


def init(params):
    return {"v": np.zeros_like(params)}


def step(params, grad, state, lr, alpha, eps):
    """Return the new params; the running average of g^2 is state["v"]."""
    state["v"] = (1 - alpha) * state["v"] + alpha * grad * grad
    return params - lr * grad / np.sqrt(state["v"] + eps)
