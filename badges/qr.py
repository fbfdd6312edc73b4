"""QR codes of badge tokens: medium error correction, alphanumeric mode, PNG and SVG."""

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathImage

from badges import codec

QUIET_ZONE = 4  # modules of white border required by the QR standard


def _qr(token: str, *, box_size: int = 1) -> qrcode.QRCode:
    text = codec.normalize(token)
    if not text:
        raise ValueError("QR impossible : code vide")
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=QUIET_ZONE)
    # optimize=0 keeps one segment; an upper-case Crockford token is then encoded in
    # alphanumeric mode (5.5 bits per character), which keeps the symbol at version 5 or less.
    qr.add_data(text, optimize=0)
    qr.make(fit=True)
    return qr


def qr_version(token: str) -> int:
    """The QR version (1..40) the token needs at error correction M."""
    return _qr(token).version


def qr_matrix(token: str) -> list[list[bool]]:
    """Dark (True) and light modules, without the quiet zone: for drawing in a PDF."""
    qr = _qr(token)
    return [list(row[QUIET_ZONE:-QUIET_ZONE]) for row in qr.get_matrix()[QUIET_ZONE:-QUIET_ZONE]]


def qr_png(token: str, *, box_size: int = 8) -> bytes:
    """PNG of the token's QR, `box_size` pixels per module, with the standard quiet zone."""
    if not 1 <= box_size <= 40:
        raise ValueError("box_size doit être compris entre 1 et 40 pixels")
    image = _qr(token, box_size=box_size).make_image(image_factory=PilImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_svg(token: str) -> str:
    """Standalone SVG document of the token's QR (one path, scales to any size)."""
    image = _qr(token, box_size=10).make_image(image_factory=SvgPathImage)
    return image.to_string(encoding="unicode")
