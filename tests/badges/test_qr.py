import io
import re
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

import badges

REALISTIC = [(1, 1, 1), (3, 4_812, 2), (13_112_024, 10**7, 50), (10**7, 9_999_999, 49), (2**28 - 1, 2**28 - 1, 127)]


def _decode(image: Image.Image) -> zxingcpp.Barcode:
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(("event_id", "registration_id", "version"), REALISTIC)
def test_qr_png_decoded_by_zxing_is_the_token_at_version_5_or_less(event_key, event_id, registration_id, version):
    token = badges.issue_token(private_key=event_key, event_id=event_id, registration_id=registration_id,
                               version=version)

    barcode = _decode(Image.open(io.BytesIO(badges.qr_png(token))))

    assert barcode.text == token
    assert barcode.ec_level == "M"
    assert int(barcode.extra["Version"]) <= 5
    assert badges.verify_token(barcode.text, public_key=badges.public_key_of(event_key), event_id=event_id)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event_id=st.integers(1, 10**7), registration_id=st.integers(1, 10**7), version=st.integers(1, 50))
def test_qr_version_at_most_5_for_realistic_ids(event_key, event_id, registration_id, version):
    token = badges.issue_token(private_key=event_key, event_id=event_id, registration_id=registration_id,
                               version=version)

    assert badges.qr_version(token) <= 5


def test_qr_png_box_size_scales_the_image(event_key):
    token = badges.issue_token(private_key=event_key, event_id=1, registration_id=1, version=1)

    small = Image.open(io.BytesIO(badges.qr_png(token, box_size=4)))
    large = Image.open(io.BytesIO(badges.qr_png(token, box_size=8)))

    assert large.size == (2 * small.size[0], 2 * small.size[1])
    modules = 17 + 4 * badges.qr_version(token) + 2 * 4  # symbol + quiet zone on both sides
    assert small.size == (4 * modules, 4 * modules)


def test_qr_png_bad_box_size_rejected(event_key):
    token = badges.issue_token(private_key=event_key, event_id=1, registration_id=1, version=1)

    with pytest.raises(ValueError):
        badges.qr_png(token, box_size=0)


def test_qr_svg_rasterised_decodes_to_the_token(event_key):
    token = badges.issue_token(private_key=event_key, event_id=13, registration_id=4_812, version=3)

    svg = badges.qr_svg(token)

    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    scale = 8
    image = Image.new("L", (int(width * scale), int(height * scale)), 255)
    draw = ImageDraw.Draw(image)
    # qrcode's path image writes one "Mx,yHx2Vy2Hxz" square per dark module
    squares = re.findall(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)H[\d.]+z", svg)
    assert squares
    for x1, y1, x2, y2 in squares:
        draw.rectangle([float(x1) * scale, float(y1) * scale, float(x2) * scale - 1, float(y2) * scale - 1], fill=0)
    assert _decode(image).text == token


def test_qr_matrix_matches_png_and_decodes(event_key):
    token = badges.issue_token(private_key=event_key, event_id=2, registration_id=77, version=1)

    matrix = badges.qr_matrix(token)

    n = len(matrix)
    assert n == 17 + 4 * badges.qr_version(token)
    image = Image.new("L", ((n + 8) * 6, (n + 8) * 6), 255)
    draw = ImageDraw.Draw(image)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                draw.rectangle([(c + 4) * 6, (r + 4) * 6, (c + 5) * 6 - 1, (r + 5) * 6 - 1], fill=0)
    assert _decode(image).text == token


def test_qr_of_empty_token_rejected():
    with pytest.raises(ValueError):
        badges.qr_png("  \n")
