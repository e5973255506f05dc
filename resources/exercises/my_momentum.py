"""Momentum SGD (heavy ball), as torch.optim.SGD(momentum=0.9).

The velocity b remembers past gradients: b = momentum * b + g (on the first
step b is simply g), and the step goes along the velocity: params - lr * b.
"""
NAME = "my_momentum"
HPARAMS = {"lr": 0.001, "momentum": 0.9}


def init(params):
    """The state: the velocity b (None until the first step)."""
    return {"b": None}


def step(params, grad, state, lr, momentum):
    """Return the new params; keep the velocity in state["b"]."""
    # TODO: update the velocity state["b"] (on the first step it is a copy of grad),
    # then step along the velocity instead of the gradient.
    return params - lr * grad
