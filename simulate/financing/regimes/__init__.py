"""Financing regimes: each a small module with the rule it implements and its source."""
from .base import Regime, ServiceChange, Siloed
from .innovatiecontract import Innovatiecontract
from .pizza import Pizza
from .populatiebekostiging import Populatiebekostiging
from .right_to_challenge import RightToChallenge
from .shared_savings import SharedSavings
from .social_impact_bond import SocialImpactBond
from .vouchers import Dienstencheck, Voucher

REGIMES: dict[str, type[Regime]] = {
    "siloed": Siloed, "populatiebekostiging": Populatiebekostiging,
    "shared_savings": SharedSavings, "innovatiecontract": Innovatiecontract, "pizza": Pizza,
    "pgb_collectief": Voucher, "dienstencheck": Dienstencheck,
    "right_to_challenge": RightToChallenge, "social_impact_bond": SocialImpactBond,
}

__all__ = ["REGIMES", "Regime", "ServiceChange"]
