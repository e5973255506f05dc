"""The headless command line: ``python main.py COMMAND ...``.

``commands`` parses the arguments and runs ``race``, ``surfaces`` and ``optimizers``;
``mnist`` and ``demos`` add their sub-commands; ``progress`` draws progress on stderr.
The CLI sits on top of the engine: nothing in the engine imports it.
"""

from engine.cli.app import main

__all__ = ["main"]
