"""Checks on identifiers used by French organizations."""

from django.core.exceptions import ValidationError


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_problem(value: str) -> str | None:
    """The French reason why `value` is not a SIRET, or None if it is one."""
    compact = value.replace(" ", "")
    if len(compact) != 14 or not compact.isdigit():
        return "le SIRET doit compter 14 chiffres"
    # La Poste's establishments use a sum of digits divisible by 5 instead of the Luhn key.
    if compact.startswith("356000000") and sum(int(c) for c in compact) % 5 == 0:
        return None
    if not luhn_ok(compact):
        return "clé de contrôle du SIRET incorrecte"
    return None


def validate_siret(value: str) -> None:
    problem = siret_problem(value)
    if problem:
        raise ValidationError(f"SIRET invalide : {problem}.", code="bad_siret")
