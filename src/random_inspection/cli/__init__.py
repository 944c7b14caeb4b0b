"""The ``random-inspection`` command.

Errors from the library print as one line on standard error with exit code 2 (a traceback only with
``--debug``); ``--format json`` prints data as JSON wherever the output is data.
"""

from random_inspection.cli import (  # noqa: F401  (each registers its commands)
    actors,
    basics,
    departures,
    exports,
    plans,
    platform,
    rosters,
    serve,
    status,
    steps,
    streamed,
)
from random_inspection.cli._base import main

__all__ = ["main"]
