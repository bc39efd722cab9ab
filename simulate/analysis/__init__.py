"""Analysis of results: where costs and benefits land, per koker, and what else changes."""
from simulate.analysis.decisions import decision_summary
from simulate.analysis.kokers import fair_share, koker_summary, koker_years, wrong_pocket
from simulate.analysis.outcomes import initiative_status, outcomes

__all__ = ["koker_years", "koker_summary", "wrong_pocket", "fair_share", "outcomes",
           "initiative_status", "decision_summary"]
