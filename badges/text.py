"""Text safe for the PDF standard fonts (Helvetica in WinAnsi encoding, i.e. cp1252).

cp1252 covers French fully (é, è, à, ç, œ, Œ, ’, «, », €); anything else is folded to its
closest Latin letter (Ł -> L, ă -> a) or replaced, so a name never prints as a black box.
"""

import re
import unicodedata

_SPECIAL = str.maketrans({
    "\u202f": "\u00a0", "\u2009": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "–", "\u2212": "-",
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i",
    "\u02bc": "’", "\u2032": "’", "\u2033": '"',
})


def _fits(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def pdf_safe(text: str) -> str:
    """`text` with every character printable in Helvetica (WinAnsi); control characters dropped."""
    out = []
    for ch in unicodedata.normalize("NFC", text or "").translate(_SPECIAL):
        category = unicodedata.category(ch)
        if category.startswith("C"):  # control, format, unassigned
            out.append(" " if ch in "\t\n\r" else "")
        elif _fits(ch):
            out.append(ch)
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            if base and all(_fits(c) for c in base):
                out.append(base)
            elif category.startswith("L") or category.startswith("N"):
                out.append("?")
            # symbols and emoji outside the font are dropped
    return re.sub(" {2,}", " ", "".join(out)).strip()
