"""The code of ``book/integrins/metastasis.md``: two concepts, one module each.

- :mod:`.roles` — the review's tables of integrin roles: queries, the role map, the role explorer;
- :mod:`.organotropism` — exosomal integrins and the organs they prepare for metastasis.
"""
