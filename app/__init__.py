"""Tallyhour: time tracking and invoicing for marketplace freelancers."""

__version__ = "0.1.0"
