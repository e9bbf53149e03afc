"""The book's quantitative models, each in a module named for its concept."""
