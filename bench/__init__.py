"""The benchmark behind `make bench`: speed figures against the budget in the README."""
