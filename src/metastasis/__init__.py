"""The Python package behind *Integrins, Metastasis and the Tumor Microenvironment*.

Modules, each named for its concept:

- :mod:`metastasis.data` — the one loader for the curated datasets in ``data/``;
- :mod:`metastasis.style` — the shared figure style and colour-blind-safe palette;
- :mod:`metastasis.explorer` — explorers: live ipywidgets plus a static slider;
- :mod:`metastasis.quiz` — question banks, generation from data, validation, rendering;
- :mod:`metastasis.checks` — friendly checks for code exercises;
- :mod:`metastasis.roles` — the review's tables of integrin roles: queries, the role map, the role explorer;
- :mod:`metastasis.organotropism` — exosomal integrins and the organs they prepare for metastasis;
- :mod:`metastasis.models` — the book's quantitative models.
"""

__version__ = "0.1.0"
