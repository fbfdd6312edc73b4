import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import badges
from badges import codec

EVENT = 42

ids = st.integers(min_value=0, max_value=2**63 - 1)


def _issue(key: str, *, event_id: int = EVENT, registration_id: int = 1234, version: int = 1) -> str:
    return badges.issue_token(private_key=key, event_id=event_id, registration_id=registration_id, version=version)


def _reason(token: str, public_key: str, event_id: int = EVENT, **kwargs) -> str:
    with pytest.raises(badges.BadTokenError) as caught:
        badges.verify_token(token, public_key=public_key, event_id=event_id, **kwargs)
    return caught.value.reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event_id=ids, registration_id=ids, version=ids)
def test_token_round_trip_any_ids(event_key, event_id, registration_id, version):
    token = badges.issue_token(private_key=event_key, event_id=event_id, registration_id=registration_id,
                               version=version)

    payload = badges.verify_token(token, public_key=badges.public_key_of(event_key), event_id=event_id)

    assert payload == badges.BadgePayload(event_id, registration_id, version)
    assert badges.read_token(token) == payload
    assert set(token) <= set(codec.CROCKFORD)


def test_token_alphabet_has_no_lookalikes(event_key):
    token = _issue(event_key)

    assert not set(token) & set("ILOU")
    assert token == token.upper()


def test_token_tolerates_what_scanners_type(event_key):
    token = _issue(event_key)
    public = badges.public_key_of(event_key)
    grouped = "-".join(token[i:i + 5] for i in range(0, len(token), 5))

    for typed in (f"  {token}\n", token.lower() + "\r\n", f"\t{grouped} ", token.replace("1", "l").replace("0", "o")):
        assert badges.verify_token(typed, public_key=public, event_id=EVENT).registration_id == 1234


def test_token_typed_by_qwerty_scanner_on_azerty_keyboard_accepted(event_key):
    token = _issue(event_key, registration_id=987654)
    # What a scanner configured for a US layout types on a French AZERTY computer.
    us_to_azerty = str.maketrans({"1": "&", "2": "é", "3": '"', "4": "'", "5": "(", "6": "-", "7": "è", "8": "_",
                                  "9": "ç", "0": "à", "M": "?", "A": "Q", "Q": "A", "Z": "W", "W": "Z"})
    typed = token.translate(us_to_azerty) + "\n"

    payload = badges.verify_token(typed, public_key=badges.public_key_of(event_key), event_id=EVENT)

    assert payload.registration_id == 987654


def test_token_every_byte_flipped_is_invalid(event_key):
    token = _issue(event_key, registration_id=10**7, version=50)
    public = badges.public_key_of(event_key)
    data = codec.b32decode(token)

    for position in range(len(data)):
        for mask in (0x01, 0x80, 0xFF):
            tampered = bytearray(data)
            tampered[position] ^= mask
            assert _reason(codec.b32encode(bytes(tampered)), public) == "invalid", (position, mask)


def test_token_every_character_changed_is_invalid(event_key):
    token = _issue(event_key)
    public = badges.public_key_of(event_key)

    for position, char in enumerate(token):
        replacement = "Z" if char != "Z" else "Y"
        assert _reason(token[:position] + replacement + token[position + 1:], public) == "invalid"


def test_token_signed_with_another_key_is_invalid(event_key, other_key):
    token = _issue(other_key)

    assert _reason(token, badges.public_key_of(event_key)) == "invalid"


def test_token_of_another_event_is_wrong_event_when_its_key_is_known(event_key, other_key):
    token = _issue(other_key, event_id=7)
    public = badges.public_key_of(event_key)

    assert _reason(token, public) == "invalid"  # unknown key: its authenticity cannot be proven
    assert _reason(token, public, other_event_keys={7: badges.public_key_of(other_key)}) == "wrong_event"


def test_token_of_another_event_with_shared_key_is_wrong_event(event_key):
    token = _issue(event_key, event_id=EVENT + 1)

    assert _reason(token, badges.public_key_of(event_key)) == "wrong_event"


def test_token_forged_event_id_stays_invalid_even_with_other_keys(event_key, other_key):
    data = bytearray(codec.b32decode(_issue(event_key, event_id=EVENT)))
    data[1] = 7  # EVENT=42 fits one varint byte: make it name event 7
    forged = codec.b32encode(bytes(data))

    assert badges.read_token(forged).event_id == 7
    assert _reason(forged, badges.public_key_of(event_key),
                   other_event_keys={7: badges.public_key_of(other_key)}) == "invalid"


def test_token_truncated_anywhere_is_invalid(event_key):
    token = _issue(event_key)
    public = badges.public_key_of(event_key)

    for length in range(len(token)):
        assert _reason(token[:length], public) == "invalid"
        with pytest.raises(badges.BadTokenError):
            badges.read_token(token[:length])


@pytest.mark.parametrize("garbage", ["", " ", "\n", "é", "🙂" * 40, "U" * 110, "0" * 111, "Z" * 5000,
                                     "https://example.org/?t=ABC", "\x00" * 120, "-" * 50])
def test_token_garbage_raises_bad_token_error(event_key, garbage):
    with pytest.raises(badges.BadTokenError) as caught:
        badges.read_token(garbage)

    assert caught.value.reason == "invalid"
    assert caught.value.message  # a French sentence for the desk
    assert _reason(garbage, badges.public_key_of(event_key)) == "invalid"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_token_any_text_raises_only_bad_token_error(event_key, text):
    with pytest.raises(badges.BadTokenError):
        badges.verify_token(text, public_key=badges.public_key_of(event_key), event_id=EVENT)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=120))
def test_token_any_bytes_in_alphabet_raise_only_bad_token_error(event_key, data):
    text = codec.b32encode(data)

    with pytest.raises(badges.BadTokenError):
        badges.verify_token(text, public_key=badges.public_key_of(event_key), event_id=EVENT)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=codec.CROCKFORD + "ilo -\n", max_size=130))
def test_read_token_alphabet_text_never_raises_another_exception(text):
    try:
        payload = badges.read_token(text)
    except badges.BadTokenError:
        return
    assert min(payload.event_id, payload.registration_id, payload.version) >= 0


def test_token_non_string_input_is_invalid():
    for value in (None, 123, b"ABC"):
        with pytest.raises(badges.BadTokenError):
            badges.read_token(value)  # type: ignore[arg-type]


def test_token_non_minimal_varint_is_invalid():
    body = bytes([badges.FORMAT_V1, 0x81, 0x00, 0x01, 0x01])  # event 1 written on two bytes
    text = codec.b32encode(body + bytes(64))

    with pytest.raises(badges.BadTokenError):
        badges.read_token(text)


@pytest.mark.parametrize("bad", [{"event_id": -1}, {"registration_id": 2**63}, {"version": True},
                                 {"version": 1.5}, {"event_id": "3"}])
def test_issue_token_bad_ids_rejected(event_key, bad):
    arguments = {"event_id": 1, "registration_id": 1, "version": 1} | bad

    with pytest.raises(ValueError):
        badges.issue_token(private_key=event_key, **arguments)


def test_keys_round_trip_and_are_distinct():
    private = badges.generate_private_key()

    public = badges.public_key_of(private)

    assert public == badges.public_key_of(private)
    assert public != private
    assert badges.public_key_of(badges.generate_private_key()) != public


@pytest.mark.parametrize("bad_key", ["", "pas une clé", "AAAA", "A" * 44])
def test_keys_malformed_raise_bad_key_error(bad_key):
    with pytest.raises(badges.BadKeyError):
        badges.public_key_of(bad_key)
    with pytest.raises(badges.BadKeyError):
        badges.issue_token(private_key=bad_key, event_id=1, registration_id=1, version=1)


def test_is_revoked_older_version_is_revoked():
    payload = badges.BadgePayload(event_id=1, registration_id=5, version=2)

    assert badges.is_revoked(payload, current_version=3)
    assert not badges.is_revoked(payload, current_version=2)
    assert not badges.is_revoked(payload, current_version=1)  # newer than the device knows: a re-issue
    assert not badges.is_revoked(payload, current_version=None)


def test_is_revoked_explicit_pair_is_revoked():
    payload = badges.BadgePayload(event_id=1, registration_id=5, version=2)

    assert badges.is_revoked(payload, current_version=2, revoked={(5, 2)})
    assert not badges.is_revoked(payload, current_version=2, revoked={(5, 1), (6, 2)})


def test_check_token_every_result(event_key, other_key):
    public = badges.public_key_of(event_key)
    reissued = _issue(event_key, registration_id=5, version=2)
    old = _issue(event_key, registration_id=5, version=1)
    versions = {5: 2}

    def check(token, **kwargs):
        return badges.check_token(token, public_key=public, event_id=EVENT, current_versions=versions, **kwargs)

    assert check(reissued) == ("ok", badges.BadgePayload(EVENT, 5, 2))
    assert check(old) == ("revoked", badges.BadgePayload(EVENT, 5, 1))
    assert check(reissued, revoked={(5, 2)})[0] == "revoked"
    assert check(_issue(event_key, event_id=EVENT + 1)) == ("wrong_event", None)
    assert check(_issue(other_key)) == ("invalid", None)
    assert check(reissued[:-3]) == ("invalid", None)


def test_short_code_shape_and_resolution(event_key):
    token = _issue(event_key, registration_id=5, version=1)

    code = badges.short_code(token)

    assert len(code) == 11 and code[5] == "-"
    assert badges.short_code(token.lower() + "\n") == code
    assert badges.parse_short_code(f" {code.lower().replace('-', ' ')}\n") == code
    assert badges.short_code(_issue(event_key, registration_id=5, version=2)) != code


def test_parse_short_code_rejects_other_text(event_key):
    for text in ("", "ABCD", "ABCDE-FGHJKM", "ABCDE-FGHJU", _issue(event_key), None):
        assert badges.parse_short_code(text) is None  # type: ignore[arg-type]


def test_package_exports_every_public_name_lazily():
    import badges as package

    assert sorted(package.__all__) == sorted(package._WHERE)
    assert all(getattr(package, name) is not None for name in package.__all__)


def test_package_token_check_does_not_load_pdf_libraries():

    code = ("import sys, badges; badges.verify_token; badges.check_token; "
            "print(sorted(m for m in ('reportlab', 'qrcode', 'PIL') if m in sys.modules))")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)

    assert result.stdout.strip() == "[]", result.stderr
