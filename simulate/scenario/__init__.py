"""Scenario files: loading, ``extends``, overrides and validation."""
from .errors import Problem, ScenarioError
from .loader import (counterfactual_of, find_scenario, from_dict, load_scenario,
                     parse_override, scenario_hash, to_dict)
from .overrides import parse_overrides
from .schema import EVENTS, PAYERS, STATES, Scenario

__all__ = ["Problem", "ScenarioError", "Scenario", "load_scenario", "find_scenario",
           "parse_override", "parse_overrides", "counterfactual_of", "scenario_hash", "to_dict",
           "from_dict", "STATES", "PAYERS", "EVENTS"]
