"""The desktop window (PySide6), talking only to the services.

Importing the package guards against a PySide6 6.12.0 reference-count defect that would
otherwise abort a long-running window (see `app.ui.qtcompat`).
"""

from app.ui.qtcompat import guard_singletons

guard_singletons()
