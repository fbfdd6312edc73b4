"""Badges: signed QR tokens (issue, verify offline, revoke), QR images, printable PDFs.

Pure Python (no Django). The contract of the token is in docs/badges.md.

Names load on first use (PEP 562), so a check-in that only verifies tokens never imports
reportlab, qrcode or Pillow.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "badges.tokens": ("FORMAT_V1", "BadgePayload", "BadKeyError", "BadTokenError", "check_token",
                      "generate_private_key", "is_revoked", "issue_token", "parse_short_code", "public_key_of",
                      "read_token", "short_code", "verify_token"),
    "badges.qr": ("qr_matrix", "qr_png", "qr_svg", "qr_version"),
    "badges.pdf": ("ROLE_COLOURS", "BadgeCard", "TableCard", "badge_pdf", "table_cards_pdf"),
    "badges.text": ("pdf_safe",),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = [
    "FORMAT_V1", "ROLE_COLOURS", "BadKeyError", "BadTokenError", "BadgeCard", "BadgePayload", "TableCard",
    "badge_pdf", "check_token", "generate_private_key", "is_revoked", "issue_token", "parse_short_code",
    "pdf_safe", "public_key_of", "qr_matrix", "qr_png", "qr_svg", "qr_version", "read_token", "short_code",
    "table_cards_pdf", "verify_token",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'badges' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # static names for type checkers and editors
    from badges.pdf import ROLE_COLOURS, BadgeCard, TableCard, badge_pdf, table_cards_pdf
    from badges.qr import qr_matrix, qr_png, qr_svg, qr_version
    from badges.text import pdf_safe
    from badges.tokens import (
        FORMAT_V1,
        BadgePayload,
        BadKeyError,
        BadTokenError,
        check_token,
        generate_private_key,
        is_revoked,
        issue_token,
        parse_short_code,
        public_key_of,
        read_token,
        short_code,
        verify_token,
    )
