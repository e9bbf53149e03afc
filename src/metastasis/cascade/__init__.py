"""Part II, the invasion–metastasis cascade: the code of the pages in ``book/cascade/``, one module per page."""
