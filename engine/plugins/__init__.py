"""Students' own optimizers: loaded only in a separate, limited process, raced and checked.

The student's file (see the README, "Your own optimizer")::

    NAME = "my_adam"
    HPARAMS = {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    def init(params): return {...}                      # any state
    def step(params, grad, state, lr, beta1, beta2, eps): return new_params

Public API: :func:`load_plugin` (register a file as an optimizer),
:func:`check_plugin` (compare it with a built-in), the exercises
(:mod:`engine.plugins.exercises`) and :class:`PluginError`.  The student's code
runs only in :mod:`engine.plugins.child`, never in the app's process.
"""

from __future__ import annotations

from engine.plugins.host import LIMITS, Limits, PluginError, PluginInfo, PluginProcess, file_hash
from engine.plugins.optimizer import (
    PluginOptimizer,
    hparam_table,
    load_plugin,
    plugin_of,
    plugin_specs,
    register_plugin,
    start_plugin,
    unload_plugin,
)

__all__ = [
    "LIMITS",
    "Limits",
    "PluginError",
    "PluginInfo",
    "PluginOptimizer",
    "PluginProcess",
    "file_hash",
    "hparam_table",
    "load_plugin",
    "plugin_of",
    "plugin_specs",
    "register_plugin",
    "start_plugin",
    "unload_plugin",
]
