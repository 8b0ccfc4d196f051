"""The fonts the bot's PDFs are drawn in (invite slips, report cards): matplotlib's DejaVu Sans, which
has Cyrillic and ships with the bot already for its charts, registered with reportlab once."""

from __future__ import annotations

from pathlib import Path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = _font_folder()
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))


def _font_folder() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"
