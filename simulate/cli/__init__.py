"""The command line, thin over the public API: one module per command group."""
from simulate.cli.main import cli, main

__all__ = ["cli", "main"]
