"""The Python package behind *Integrins, Metastasis and the Tumor Microenvironment*.

It is laid out like the book (see CONTRIBUTING.md):

- **shared machinery** at the top: :mod:`.data` (the one loader of ``data/``), :mod:`.style`
  (figure style, palette, phone legibility), :mod:`.checks` (friendly exercise checks),
  :mod:`.compact_figure` (light PNGs), :mod:`.references` (short citations),
  :mod:`.explorer` (the explorer pattern) with its registry :mod:`.explorers`, :mod:`.quiz`
  (banks, generation, validation, rendering), :mod:`.models` (quantitative models, pure
  NumPy/SciPy, used by several pages) and :mod:`.web` (the browser assets of static explorers
  and quizzes);
- **one subpackage per part**, mirroring ``book/``: :mod:`.integrins`, :mod:`.cascade`,
  :mod:`.microenvironment`, :mod:`.interventions`; each holds one module per page that needs
  code, named after the page (``book/integrins/clinic.md`` → ``metastasis.integrins.clinic``);
- **build tooling** apart, in :mod:`.book` (the Sphinx extension, the page-shape lint, the pages
  generated from data, the table-of-contents reader), which pages never import.
"""

__version__ = "0.2.0"
