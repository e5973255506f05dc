"""Adam with bias correction, as torch.optim.Adam.

m = beta1 * m + (1 - beta1) * g          (first moment)
v = beta2 * v + (1 - beta2) * g^2        (second moment)
m_hat = m / (1 - beta1^t),  v_hat = v / (1 - beta2^t)    (bias correction)
params = params - lr * m_hat / (sqrt(v_hat) + eps)
"""
import numpy as np

NAME = "my_adam"
HPARAMS = {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}


def init(params):
    """The state for params (a float64 numpy array); any dict."""
    return {"m": np.zeros_like(params), "v": np.zeros_like(params), "t": 0}


def step(params, grad, state, lr, beta1, beta2, eps):
    """Return the new params. Update state in place, or return (params, state)."""
    state["t"] += 1
    state["m"] = beta1 * state["m"] + (1 - beta1) * grad
    state["v"] = beta2 * state["v"] + (1 - beta2) * grad * grad
    # TODO: correct the bias of m and v (they start at zero) before the step.
    return params - lr * state["m"] / (np.sqrt(state["v"]) + eps)
