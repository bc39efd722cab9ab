"""What one arm of one replication returns: plain arrays, indexed by named axes."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class ArmResult:
    """Everything one arm produced, as arrays indexed by the axes named in the comments."""
    eur: np.ndarray         # [year, payer, service] EUR
    cost: np.ndarray        # [year, service] EUR
    hours: np.ndarray       # [year, kind] hours of unpaid help
    events: np.ndarray      # [year, event, age_band, sex, state] counts
    census: np.ndarray      # [census, age_band, sex, state] residents on 1 January (+ the end)
    monthly: dict[str, np.ndarray] = field(default_factory=dict)  # per-month series
    flows: dict[str, int] = field(default_factory=dict)
    decisions: list[dict] = field(default_factory=list)
    services: tuple[str, ...] = ()  # labels of the service axis of eur and cost
    insurer_eur: np.ndarray | None = None  # [year, insurer] Zvw care costs of each insurer
