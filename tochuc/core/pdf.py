"""PDF documents in Vietnamese: ReportLab with the bundled DejaVu fonts.

ReportLab's built-in fonts (Helvetica, Times) have no glyphs for most Vietnamese letters (ắ, ự,
ở …), so every PDF tochuc prints uses the TrueType fonts shipped in ``tochuc/core/fonts``
(DejaVu, a free licence: see ``fonts/LICENSE``). Call :func:`register_fonts` once, then use
:data:`SERIF`, :data:`SERIF_BOLD`, :data:`SERIF_ITALIC`, :data:`SANS`, :data:`SANS_BOLD` as
font names, or :func:`styles` for paragraph styles already set to them.

Paragraphs read a markup language: every user-supplied string that goes into one passes
through :func:`escape` (the one helper; ``tests/test_hostile_documents.py`` checks every writer).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SERIF, SERIF_BOLD, SERIF_ITALIC = "TochucSerif", "TochucSerif-Bold", "TochucSerif-Italic"
SANS, SANS_BOLD = "TochucSans", "TochucSans-Bold"
_FILES = {
    SERIF: "DejaVuSerif.ttf", SERIF_BOLD: "DejaVuSerif-Bold.ttf", SERIF_ITALIC: "DejaVuSerif-Italic.ttf",
    SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf",
}


@cache
def register_fonts() -> None:
    """Register the bundled fonts with ReportLab (idempotent), with bold/italic families so
    ``<b>`` and ``<i>`` in paragraphs pick the right file."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
    addMapping(SERIF, 0, 1, SERIF_ITALIC)
    addMapping(SERIF, 1, 1, SERIF_BOLD)
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS)
    addMapping(SANS, 1, 1, SANS_BOLD)


def styles():
    """ReportLab's sample stylesheet with every style set to the bundled fonts."""
    from reportlab.lib.styles import getSampleStyleSheet

    register_fonts()
    sheet = getSampleStyleSheet()
    for style in sheet.byName.values():
        if hasattr(style, "fontName"):
            bold = "Bold" in style.fontName
            style.fontName = SERIF_BOLD if bold else SERIF
    return sheet


# Characters XML 1.0 refuses (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/FFFF):
# ReportLab's paragraph parser and python-docx both choke on them, so they print as nothing.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: object) -> str:
    """User text made safe for a ReportLab ``Paragraph`` (DESIGN.md inv. 9): ``&``, ``<``, ``>``
    print as themselves, so a name like ``<img src="/etc/passwd"/>`` or ``<a href=…>`` is text,
    never a tag (an image the server would open, a link, an unclosed tag that fails the build).
    Our own markup around it (``<b>…</b>``) stays ours: escape only the user's part."""
    return _NOT_XML.sub("", xml_escape(str(text)))
