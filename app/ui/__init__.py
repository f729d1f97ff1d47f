"""The desktop window (PySide6), talking only to the services."""
