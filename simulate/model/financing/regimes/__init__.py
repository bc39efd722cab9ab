"""Financing regimes: each a small module with the rule it implements and its source."""
from simulate.model.financing.regimes.base import Regime, ServiceChange, Siloed
from simulate.model.financing.regimes.innovatiecontract import Innovatiecontract
from simulate.model.financing.regimes.pizza import Pizza
from simulate.model.financing.regimes.populatiebekostiging import Populatiebekostiging
from simulate.model.financing.regimes.right_to_challenge import RightToChallenge
from simulate.model.financing.regimes.shared_savings import SharedSavings
from simulate.model.financing.regimes.social_impact_bond import SocialImpactBond
from simulate.model.financing.regimes.vouchers import Dienstencheck, Voucher

REGIMES: dict[str, type[Regime]] = {
    "siloed": Siloed, "populatiebekostiging": Populatiebekostiging,
    "shared_savings": SharedSavings, "innovatiecontract": Innovatiecontract, "pizza": Pizza,
    "pgb_collectief": Voucher, "dienstencheck": Dienstencheck,
    "right_to_challenge": RightToChallenge, "social_impact_bond": SocialImpactBond,
}

__all__ = ["REGIMES", "Regime", "ServiceChange"]
