"""Before an invoice gets its number: the freelancer's name and address it will print."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.settings import get_settings, missing_seller_details
from app.ui.context import AppContext


def ensure_seller_details(parent: QWidget | None, ctx: AppContext) -> bool:
    """True once the name and address are set, asking for them first if they are not."""
    db = ctx.db
    missing = missing_seller_details(get_settings(db))
    if not missing:
        return True
    from app.ui.dialogs.settings import SettingsDialog

    SettingsDialog.ask(
        parent,
        ctx,
        page="profile",
        intro=f"An issued invoice prints who it is from. Fill in your {' and '.join(missing)}"
        " to give it its number.",
    )
    return not missing_seller_details(get_settings(db))
