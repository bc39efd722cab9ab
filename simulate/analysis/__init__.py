"""Analysis of results: where costs and benefits land, per koker."""
from .kokers import fair_share, koker_summary, koker_years, wrong_pocket

__all__ = ["koker_years", "koker_summary", "wrong_pocket", "fair_share"]
