"""Tax numbers of partner organisations, checked by their control digits."""

from django.core.exceptions import ValidationError

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _control(digits, weights):
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(inn):
    if not inn.isdigit() or len(inn) not in (10, 12):
        return False
    d = [int(c) for c in inn]
    if len(d) == 10:
        return _control(d, _INN10_WEIGHTS) == d[9]
    return _control(d, _INN11_WEIGHTS) == d[10] and _control(d, _INN12_WEIGHTS) == d[11]


def is_valid_bin(bin_):
    """Kazakhstan BIN/IIN: 12 digits, the last one a weighted control digit."""
    if not bin_.isdigit() or len(bin_) != 12:
        return False
    d = [int(c) for c in bin_]
    check = sum(d[i] * (i + 1) for i in range(11)) % 11
    if check == 10:
        check = sum(d[i] * ((i + 2) % 11 + 1) for i in range(11)) % 11
    return check != 10 and check == d[11]


def is_valid_ogrn(ogrn):
    if not ogrn.isdigit():
        return False
    if len(ogrn) == 13:
        return int(ogrn[:12]) % 11 % 10 == int(ogrn[12])
    if len(ogrn) == 15:
        return int(ogrn[:14]) % 13 % 10 == int(ogrn[14])
    return False


def normalize(value):
    return "".join(str(value or "").split())


def validate_tax_number(value, country):
    """Return the normalised number or raise a ValidationError in Russian."""
    value = normalize(value)
    if country == "RU":
        if not value.isdigit() or len(value) not in (10, 12):
            raise ValidationError(
                "ИНН состоит из 10 цифр (организация) или 12 цифр (ИП). Проверьте номер."
            )
        if not is_valid_inn(value):
            raise ValidationError("ИНН не проходит проверку контрольных цифр. Проверьте номер.")
    elif country == "KZ":
        if not value.isdigit() or len(value) != 12:
            raise ValidationError("БИН состоит из 12 цифр. Проверьте номер.")
        if not is_valid_bin(value):
            raise ValidationError("БИН не проходит проверку контрольной цифры. Проверьте номер.")
    return value


def validate_ogrn(value):
    value = normalize(value)
    if value and not is_valid_ogrn(value):
        raise ValidationError(
            "ОГРН — 13 цифр (ОГРНИП — 15) с верной контрольной цифрой. Проверьте номер."
        )
    return value
