"""Errors in scenario files, collected and reported all at once."""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: where, what, and how to fix it."""
    file: str
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ScenarioError(ValueError):
    """A scenario could not be loaded; ``problems`` lists every error found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} problem(s) in the scenario:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """A 'did you mean ...' hint for a mistyped key, or a list of the valid ones."""
    options = sorted(options)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if len(options) <= 12:
        return "valid: " + ", ".join(options) if options else "no keys are allowed here"
    return f"see the documentation for the {len(options)} valid keys"
