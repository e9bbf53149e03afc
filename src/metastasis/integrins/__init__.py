"""Part I, integrin biology: the code of the pages in ``book/integrins/``, one module per page.

- :mod:`.structure` — ``structure.md``: the pairing matrix, ligand classes, the occupancy explorer;
- :mod:`.metastasis` — ``metastasis.md``: the review's role tables (:mod:`.metastasis.roles`) and
  exosomal organotropism (:mod:`.metastasis.organotropism`);
- :mod:`.stemness` — ``stemness.md``: marker claims, signalling routes, the ligand-blockade explorer;
- :mod:`.resistance` — ``resistance.md``: the Table 3 resistance network and its explorer;
- :mod:`.clinic` — ``clinic.md``: the trials map, CORE's survival, the dosing explorer.
"""
