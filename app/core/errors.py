"""Errors that carry a message meant for the user."""


class UserError(Exception):
    """Bad input or a refused action; its message is shown to the user as is."""


class NotFound(UserError):
    """A named thing (client, contract, entry) does not exist."""


class Conflict(UserError):
    """The action clashes with existing data (an overlap, a duplicate, a locked week)."""
