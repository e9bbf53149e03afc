"""Part IV, interventions: the code of the pages in ``book/interventions/``, one module per page."""
