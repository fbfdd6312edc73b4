"""Does an offer's territory cover a commune? Communes are free text typed by people."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from matchmaking.vocabulary import COMMUNES_92, DEPARTMENT_PHRASES, IDF_DEPARTMENTS

_POSTCODE = re.compile(r"\b(\d{5})\b")
_DEPARTMENT_CODE = re.compile(r"^(?:\d{2}|2a|2b|97\d)$")


def normalize_place(text: str) -> str:
    """Lower case, no accents, no postcode, hyphens and apostrophes as spaces: for comparing names."""
    text = _POSTCODE.sub(" ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[\s\-'’()]+", " ", text).strip()
    return re.sub(r"^saint ", "st ", text).replace(" saint ", " st ")


_IN_92 = {normalize_place(name): name for name in COMMUNES_92}


def department_of(commune: str) -> str | None:
    """Department code from a postcode in the text, a commune of the 92, or Paris; else None."""
    match = _POSTCODE.search(commune)
    if match:
        code = match.group(1)
        return code[:3] if code.startswith("97") else code[:2]
    name = normalize_place(commune)
    if name in _IN_92:
        return "92"
    if name == "paris" or re.fullmatch(r"paris \d+(e|eme|er)?", name):
        return "75"
    return None


class Coverage(Enum):
    COVERED = "covered"
    NOT_COVERED = "not_covered"
    UNKNOWN = "unknown"  # not stated on one side, or a commune we cannot place


@dataclass(frozen=True)
class TerritoryCheck:
    coverage: Coverage
    where: str = ""  # the zone that covers it: "à Courbevoie", "dans les Hauts-de-Seine", "en Île-de-France"
    place: str = ""  # the commune itself: "à Courbevoie"


def _commune_label(commune: str) -> str:
    name = _POSTCODE.sub("", commune).strip(" ()")
    return _IN_92.get(normalize_place(name), name)


def check_territory(commune: str | None, territories: Iterable[str]) -> TerritoryCheck:
    """Whether `territories` (communes, department codes, "idf", "france") cover `commune`."""
    zones = {normalize_place(t) for t in territories if t and t.strip()}
    if not zones or not commune:
        return TerritoryCheck(Coverage.UNKNOWN)
    place = f"à {_commune_label(commune)}"
    if "france" in zones:
        return TerritoryCheck(Coverage.COVERED, "dans toute la France", place)
    if normalize_place(commune) in zones:
        return TerritoryCheck(Coverage.COVERED, place, place)
    department = department_of(commune)
    if department is not None and department in zones:
        where = DEPARTMENT_PHRASES.get(department, f"dans le département {department}")
        return TerritoryCheck(Coverage.COVERED, where, place)
    if department in IDF_DEPARTMENTS and "idf" in zones:
        return TerritoryCheck(Coverage.COVERED, "en Île-de-France", place)
    # A commune we cannot place may still lie in a listed department or region: do not judge.
    if department is None and any(_DEPARTMENT_CODE.match(z) or z == "idf" for z in zones):
        return TerritoryCheck(Coverage.UNKNOWN, place=place)
    return TerritoryCheck(Coverage.NOT_COVERED, place, place)
