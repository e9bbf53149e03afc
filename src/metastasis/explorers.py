"""The registry of every explorer in the book, so tools (benchmarks, tests) can find them all.

Each entry maps an explorer's name to ``"module:factory"``; the factory takes no arguments and
returns a :class:`metastasis.explorer.Explorer`. A page's explorers live in that page's module
(``metastasis.<part>.<page>``). Add a line here when a page gains an explorer.
"""

from __future__ import annotations

import importlib

from .explorer import Explorer

__all__ = ["REGISTRY", "get", "names"]

REGISTRY: dict[str, str] = {
    "integrin-occupancy": "metastasis.integrins.structure:occupancy_explorer",
    "integrin-roles": "metastasis.integrins.metastasis.roles:roles_explorer",
    "stemness-ligand-blockade": "metastasis.integrins.stemness:blockade_explorer",
    "integrin-resistance-network": "metastasis.integrins.resistance:network_explorer",
    "cilengitide-dosing": "metastasis.integrins.clinic:dosing_explorer",
    "checkpoint-pipeline": "metastasis.interventions.immunotherapy:pipeline_explorer",
    "intervention-evidence": "metastasis.interventions.delivery:evidence_explorer",
    "tumour-immune-phase-plane": "metastasis.microenvironment.immune:phase_explorer",
    "tme-factor-network": "metastasis.microenvironment.stroma:network_explorer",
    "cascade-simulator": "metastasis.cascade.inefficiency:cascade_explorer",
    "emt-switch": "metastasis.cascade.emt:emt_explorer",
    "dormancy-relapse": "metastasis.cascade.circulation:dormancy_explorer",
    "signals-network": "metastasis.microenvironment.signals:signals_explorer",
    "lncrna-table": "metastasis.microenvironment.programmes:lncrna_explorer",
    "chemo-schedule": "metastasis.interventions.conventional:schedule_explorer",
    "survival-lab": "metastasis.interventions.targeted:survival_lab_explorer",
}


def names() -> list[str]:
    return list(REGISTRY)


def get(name: str) -> Explorer:
    """Build the explorer called ``name``."""
    try:
        target = REGISTRY[name]
    except KeyError:
        raise KeyError(f"no explorer named {name!r}; known explorers: {', '.join(REGISTRY)}") from None
    module_name, factory_name = target.split(":")
    explorer = getattr(importlib.import_module(module_name), factory_name)()
    if not isinstance(explorer, Explorer) or explorer.name != name:
        raise TypeError(f"{target} must return an Explorer named {name!r}")
    return explorer
