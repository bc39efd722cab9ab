"""Scenario files: loading, ``extends``, overrides and validation."""
from simulate.scenario.errors import Problem, ScenarioError
from simulate.scenario.loader import (
    counterfactual_of,
    find_scenario,
    from_dict,
    load_scenario,
    parse_override,
    scenario_hash,
    to_dict,
)
from simulate.scenario.overrides import parse_overrides
from simulate.scenario.schema import EVENTS, PAYERS, STATES, Scenario

__all__ = ["Problem", "ScenarioError", "Scenario", "load_scenario", "find_scenario",
           "parse_override", "parse_overrides", "counterfactual_of", "scenario_hash", "to_dict",
           "from_dict", "STATES", "PAYERS", "EVENTS"]
