"""Command handlers named by module and function, imported when their command runs.

Building the `walkin` parser then loads no command's dependencies: `walkin --help` and a short
command like `walkin status` stay fast, while the report's charts (matplotlib), the printer
library, Alembic and Qt load only for the commands that use them.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Handler:
    """`module:function`, a handler taking the parsed arguments and returning the exit code."""

    target: str

    def __call__(self, args: argparse.Namespace) -> int:
        module, _, name = self.target.partition(":")
        function: Callable[[argparse.Namespace], int] = getattr(
            importlib.import_module(module), name
        )
        return function(args)
