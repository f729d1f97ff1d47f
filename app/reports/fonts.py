"""The Unicode TrueType font shipped in `resources/fonts`, registered with reportlab once.

reportlab's built-in fonts only cover Latin-1; DejaVu Sans covers Latin, Greek and
Cyrillic (and much more), so any memo prints as typed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from app.core.errors import UserError

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
REGULAR = "TallyhourSans"
BOLD = "TallyhourSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


@cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces (once per process); returns their names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file_name in _FILES.items():
        path = FONT_DIR / file_name
        if not path.is_file():
            raise UserError(f"the PDF font is missing: {path} (reinstall Tallyhour)")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    # Let <b> inside a Paragraph pick the bold face (no italic faces are shipped).
    for italic in (0, 1):
        addMapping(REGULAR, 0, italic, REGULAR)
        addMapping(REGULAR, 1, italic, BOLD)
    return REGULAR, BOLD
