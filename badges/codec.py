"""Byte-level encoding of badge tokens: unsigned varints and Crockford base32.

Crockford base32 (digits and upper-case letters without I, L, O, U) is made only of
characters of the QR alphanumeric mode, so a token costs 5.5 bits per character in the QR
instead of 8, and a person reading it aloud cannot confuse 0/O or 1/I/L.
"""

import base64
import re

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RFC4648 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TO_RFC = str.maketrans(CROCKFORD, _RFC4648)
_FROM_RFC = str.maketrans(_RFC4648, CROCKFORD)
# Base32 strings whose length modulo 8 is 1, 3 or 6 do not decode to whole bytes.
_PADDING = {0: "", 2: "======", 4: "====", 5: "===", 7: "="}
_CANONICAL = re.compile(f"[{CROCKFORD}]*")

# Characters a person may type for a Crockford symbol (Crockford's own decoding rules).
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})

# A USB scanner set to a US (QWERTY) layout typing into a French (AZERTY) computer produces
# these characters: the digit row comes out unshifted (&é"'(-è_çà), A/Q and Z/W swap places
# and M lands on "?". The signature decides in the end, so mapping them back is safe.
_AZERTY_MARKERS = frozenset("&é\"'(è_çà?")
_AZERTY_TO_US = str.maketrans({
    "&": "1", "é": "2", '"': "3", "'": "4", "(": "5", "-": "6", "è": "7", "_": "8", "ç": "9", "à": "0",
    "?": "M", "A": "Q", "Q": "A", "Z": "W", "W": "Z", "a": "q", "q": "a", "z": "w", "w": "z",
})
_SEPARATORS = re.compile(r"[\s\-]+")


class DecodeError(ValueError):
    """The text or bytes are not a well-formed encoding (the caller turns it into a token error)."""


def b32encode(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=").translate(_FROM_RFC)


def b32decode(text: str) -> bytes:
    """Decode canonical Crockford base32 (upper case, no separators, zero padding bits)."""
    if not _CANONICAL.fullmatch(text):
        raise DecodeError("caractère hors de l'alphabet")
    padding = _PADDING.get(len(text) % 8)
    if padding is None:
        raise DecodeError("longueur impossible")
    try:
        data = base64.b32decode(text.translate(_TO_RFC) + padding)
    except ValueError as exc:  # binascii.Error is a ValueError
        raise DecodeError("base32 invalide") from exc
    # Non-zero padding bits would give several spellings of one token: refuse them.
    if b32encode(data) != text:
        raise DecodeError("encodage non canonique")
    return data


def normalize(text: str) -> str:
    """What a scanner or a person typed -> canonical Crockford text (not validated yet).

    Tolerates surrounding and inner blanks, a trailing newline, hyphens between groups,
    lower case, I/L for 1 and O for 0, and a QWERTY scanner typing into an AZERTY desk.
    """
    if _AZERTY_MARKERS.intersection(text):
        text = text.translate(_AZERTY_TO_US)
    return _SEPARATORS.sub("", text).upper().translate(_LOOKALIKES)


def put_varint(value: int, out: bytearray) -> None:
    """Unsigned LEB128: 7 bits per byte, high bit set while more bytes follow."""
    if value < 0:
        raise ValueError("un varint ne peut pas être négatif")
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


MAX_VARINT_BYTES = 9  # 63 bits: enough for any database id, and bounded for hostile input


def get_varint(data: bytes, pos: int) -> tuple[int, int]:
    """Read one minimal varint at `pos`; return (value, next position)."""
    value = 0
    for i in range(MAX_VARINT_BYTES):
        if pos + i >= len(data):
            raise DecodeError("varint tronqué")
        byte = data[pos + i]
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            if byte == 0 and i > 0:
                raise DecodeError("varint non minimal")
            return value, pos + i + 1
    raise DecodeError("varint trop long")
