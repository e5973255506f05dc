"""Nesterov momentum, as torch.optim.SGD(momentum=0.9, nesterov=True).

The velocity is updated as for momentum, b = momentum * b + g (b = g on the
first step), but the step looks ahead: params - lr * (g + momentum * b).
"""
NAME = "my_nesterov"
HPARAMS = {"lr": 0.001, "momentum": 0.9}


def init(params):
    return {"b": None}


def step(params, grad, state, lr, momentum):
    """Return the new params; keep the velocity in state["b"]."""
    if state["b"] is None:
        state["b"] = grad.copy()
    else:
        state["b"] = momentum * state["b"] + grad
    # TODO: Nesterov looks ahead: step along grad + momentum * b, not along b.
    return params - lr * state["b"]
