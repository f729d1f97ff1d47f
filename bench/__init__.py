"""The benchmark behind `make bench` (DESIGN §6)."""
