"""Signed badge tokens: issue on the server, verify anywhere with the event's public key.

Token bytes = payload || Ed25519 signature (64 bytes), written in Crockford base32.
payload = FORMAT (1 byte) || varint(event_id) || varint(registration_id) || varint(version).
The signature covers SIGNING_CONTEXT || payload, so a badge signature can never be replayed
as a signature of anything else made with the same key. docs/badges.md is the contract.
"""

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping, Set
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from badges import codec

FORMAT_V1 = 0x01
SIGNING_CONTEXT = b"rencontres-ess/badge\x00"
SIGNATURE_BYTES = 64
MAX_ID = 2**63 - 1  # fits a signed 64-bit database column
# Longest well-formed token: format byte, three 9-byte varints, signature.
MAX_TOKEN_CHARS = -(-(1 + 3 * codec.MAX_VARINT_BYTES + SIGNATURE_BYTES) * 8 // 5)

INVALID = "invalid"
WRONG_EVENT = "wrong_event"


class BadTokenError(ValueError):
    """A token that cannot be accepted. `reason` is "invalid" or "wrong_event"."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, slots=True)
class BadgePayload:
    event_id: int
    registration_id: int
    version: int


class BadKeyError(ValueError):
    """A key string that is not a base64-encoded 32-byte Ed25519 key."""


# --- keys -----------------------------------------------------------------------------------

def generate_private_key() -> str:
    """A new Ed25519 private key: standard base64 of its 32 raw bytes (keep it on the server)."""
    raw = Ed25519PrivateKey.generate().private_bytes_raw()
    return base64.b64encode(raw).decode("ascii")


def public_key_of(private_key: str) -> str:
    """The public key (base64 of 32 raw bytes) that check-in devices need to verify badges."""
    return base64.b64encode(_private_key(private_key).public_key().public_bytes_raw()).decode("ascii")


def _raw_key(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError, AttributeError) as exc:
        raise BadKeyError(f"clé {what} illisible : base64 attendu") from exc
    if len(raw) != 32:
        raise BadKeyError(f"clé {what} invalide : 32 octets attendus, {len(raw)} reçus")
    return raw


@lru_cache(maxsize=64)
def _private_key(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_raw_key(text, "privée"))


@lru_cache(maxsize=256)
def _public_key(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_raw_key(text, "publique"))


# --- issue and read -------------------------------------------------------------------------

def _payload_bytes(event_id: int, registration_id: int, version: int) -> bytes:
    out = bytearray([FORMAT_V1])
    for name, value in (("event_id", event_id), ("registration_id", registration_id), ("version", version)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
            raise ValueError(f"{name} doit être un entier entre 0 et 2^63-1 (reçu {value!r})")
        codec.put_varint(value, out)
    return bytes(out)


def issue_token(*, private_key: str, event_id: int, registration_id: int, version: int) -> str:
    """Sign a badge for one registration of one event, at the registration's badge version."""
    payload = _payload_bytes(event_id, registration_id, version)
    signature = _private_key(private_key).sign(SIGNING_CONTEXT + payload)
    return codec.b32encode(payload + signature)


def _split(token: str) -> tuple[BadgePayload, bytes, bytes]:
    """Parse a token into (payload, signed payload bytes, signature); BadTokenError if malformed."""
    if not isinstance(token, str):
        raise BadTokenError(INVALID, "badge illisible : texte attendu")
    if len(token) > 4 * MAX_TOKEN_CHARS:  # hostile input: do not normalise megabytes
        raise BadTokenError(INVALID, "badge illisible : code beaucoup trop long")
    text = codec.normalize(token)
    if not text:
        raise BadTokenError(INVALID, "badge illisible : code vide")
    try:
        data = codec.b32decode(text)
        if len(data) <= SIGNATURE_BYTES:
            raise codec.DecodeError("trop court")
        body, signature = data[:-SIGNATURE_BYTES], data[-SIGNATURE_BYTES:]
        if body[0] != FORMAT_V1:
            raise codec.DecodeError("format inconnu")
        event_id, pos = codec.get_varint(body, 1)
        registration_id, pos = codec.get_varint(body, pos)
        version, pos = codec.get_varint(body, pos)
        if pos != len(body):
            raise codec.DecodeError("octets en trop")
    except codec.DecodeError as exc:
        raise BadTokenError(INVALID, "badge illisible : code tronqué ou mal saisi") from exc
    return BadgePayload(event_id, registration_id, version), body, signature


def read_token(token: str) -> BadgePayload:
    """Parse a token WITHOUT checking its signature (for display and look-ups, never to admit)."""
    return _split(token)[0]


def _signed_by(public_key: str, body: bytes, signature: bytes) -> bool:
    try:
        _public_key(public_key).verify(signature, SIGNING_CONTEXT + body)
    except InvalidSignature:
        return False
    return True


def verify_token(token: str, *, public_key: str, event_id: int,
                 other_event_keys: Mapping[int, str] | None = None) -> BadgePayload:
    """Check a token for `event_id` with that event's public key.

    Raises BadTokenError: reason "invalid" (malformed, truncated, tampered, another key) or
    "wrong_event" (a genuine badge, but for another event). A badge is only called
    "wrong_event" once its signature is proven, so a forged event id stays "invalid": pass
    `other_event_keys` ({event_id: public key}) to recognise genuine badges of other events.
    """
    payload, body, signature = _split(token)
    if payload.event_id == event_id:
        if _signed_by(public_key, body, signature):
            return payload
        raise BadTokenError(INVALID, "badge non authentique : signature invalide")
    other_key = other_event_keys.get(payload.event_id) if other_event_keys else None
    if _signed_by(public_key, body, signature) or (
            other_key is not None and _signed_by(other_key, body, signature)):
        raise BadTokenError(WRONG_EVENT, "badge valable pour un autre événement")
    raise BadTokenError(INVALID, "badge non authentique : signature invalide")


# --- revocation -----------------------------------------------------------------------------

def is_revoked(payload: BadgePayload, *, current_version: int | None,
               revoked: Set[tuple[int, int]] = frozenset()) -> bool:
    """Whether a verified badge has been withdrawn.

    `current_version` is the registration's current badge version (None when the device does
    not know it); `revoked` holds (registration_id, version) pairs withdrawn explicitly (a
    cancelled registration). A version *above* the known one is a re-issue the device has not
    synchronised yet: it is accepted, because only the server can sign it.
    """
    if current_version is not None and payload.version < current_version:
        return True
    return (payload.registration_id, payload.version) in revoked


OK = "ok"
REVOKED = "revoked"


def check_token(token: str, *, public_key: str, event_id: int, current_versions: Mapping[int, int],
                revoked: Set[tuple[int, int]] = frozenset(),
                other_event_keys: Mapping[int, str] | None = None) -> tuple[str, BadgePayload | None]:
    """Offline check-in decision: ("ok" | "revoked" | "wrong_event" | "invalid", payload or None).

    `current_versions` maps registration_id -> current badge version (what a device syncs).
    Whether the person is already checked in is the server's business (a unique constraint).
    """
    try:
        payload = verify_token(token, public_key=public_key, event_id=event_id,
                               other_event_keys=other_event_keys)
    except BadTokenError as exc:
        return exc.reason, None
    if is_revoked(payload, current_version=current_versions.get(payload.registration_id), revoked=revoked):
        return REVOKED, payload
    return OK, payload


# --- short code for typing by hand ----------------------------------------------------------

SHORT_CODE_CHARS = 10
_SHORT_CODE = re.compile(f"[{codec.CROCKFORD}]{{{SHORT_CODE_CHARS}}}")


def short_code(token: str) -> str:
    """A 10-character code (50 bits, two groups of five) printed under the QR, for typing by hand.

    It is a digest of the token, not a token: it cannot be verified offline. The server keeps
    it beside the badge (unique) and resolves it to the registration; a new badge version gets
    a new code, so an old code stops working like an old token.
    """
    text = codec.normalize(token)
    digest = hashlib.sha256(b"rencontres-ess/short-code\x00" + text.encode("ascii", "replace")).digest()
    code = codec.b32encode(digest)[:SHORT_CODE_CHARS]
    return f"{code[:5]}-{code[5:]}"


def parse_short_code(text: str) -> str | None:
    """The canonical short code if `text` is shaped like one (typed loosely), else None."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    compact = codec.normalize(text)
    if not _SHORT_CODE.fullmatch(compact):
        return None
    return f"{compact[:5]}-{compact[5:]}"
