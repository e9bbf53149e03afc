"""Part III, the tumour microenvironment: the code of the pages in ``book/microenvironment/``, one module per page."""
