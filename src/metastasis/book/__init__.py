"""Build tooling: the Sphinx extension, the page-shape lint, the pages generated from data, and the
table-of-contents reader. The book's build, its tests and its benchmarks use it; pages never import it.
"""
