"""Inter-coder agreement: coefficients on plain data, project reports, disagreements, consensus.

Names are imported on first use, so `import workbench.agreement` stays cheap:

* coefficients on plain data: `percent_agreement`, `cohen_kappa`, `scott_pi`,
  `brennan_prediger`, `fleiss_kappa`, `gwet_ac1`, `krippendorff_alpha`, `ratings_table`,
  each returning a `Coefficient` (value, or None with a note saying why);
* unitizing on a continuum: `u_alpha`, `binary_u_alpha`, `cu_alpha`;
* a project: `agreement_report` here; `disagreements.disagreements` and
  `reconcile.reconcile` / `reconcile.accept` from their modules (named like them).
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "Coefficient": "coefficients",
    "percent_agreement": "coefficients",
    "cohen_kappa": "coefficients",
    "scott_pi": "coefficients",
    "brennan_prediger": "coefficients",
    "fleiss_kappa": "coefficients",
    "gwet_ac1": "coefficients",
    "krippendorff_alpha": "coefficients",
    "ratings_table": "inputs",
    "u_alpha": "unitized",
    "binary_u_alpha": "unitized",
    "cu_alpha": "unitized",
    "AgreementReport": "report",
    "agreement_report": "report",
    "Disagreement": "disagreements",
    "accept": "reconcile",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'workbench.agreement' has no attribute '{name}'")
    return getattr(importlib.import_module(f"workbench.agreement.{_HOMES[name]}"), name)
