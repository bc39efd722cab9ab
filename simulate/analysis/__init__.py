"""Analysis of results: where costs and benefits land, per koker, and what else changes."""
from .attribution import shapley
from .compare import compare_scenarios
from .kokers import fair_share, koker_summary, koker_years, wrong_pocket
from .outcomes import initiative_status, outcomes

__all__ = ["koker_years", "koker_summary", "wrong_pocket", "fair_share", "outcomes",
           "initiative_status", "shapley", "compare_scenarios"]
