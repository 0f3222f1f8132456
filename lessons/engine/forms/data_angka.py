"""Soal data, answer_type angka: read a number off a table or figure (with a tolerance)."""

from __future__ import annotations

import re
from decimal import Decimal

from lessons.core.formatting import number
from lessons.engine.forms.base import Controls, Form, all_or_nothing, lock_benar, require_feedback
from lessons.engine.forms.isian import TextControls
from lessons.engine.model import BankError, ClearKey, Exercise, InvalidAnswer, Result, number_token, parse_number
from lessons.text import t, type_name

MAX_KEYS = 10001  # number tokens one tolerance may accept


def without_unit(answer, unit: str):
    """A typed answer without the unit printed beside its box: "58 tahun" → "58"
    when the unit is "tahun" (also "58tahun", "58 Tahun"), and "12 lembaga" when
    it is "lembaga atau program" (the unit's first words). Other words stay, so
    "58 meter" for the unit "tahun" is still not a number."""
    if not isinstance(answer, str) or not unit or not unit.strip():
        return answer
    match = _NUMBER_THEN_WORDS.fullmatch(answer.strip())
    if not match:
        return answer
    said, wanted = (match.group(2) or "").casefold().split(), unit.casefold().split()
    return match.group(1) if said and said == wanted[: len(said)] else answer


_NUMBER_THEN_WORDS = re.compile(r"([+-]?[\d.,\s\u00a0]*\d)\s*(\D.*)?")


class DataAngka(Form):
    form = "data"
    answer_type = "angka"
    schema = {
        "properties": {
            "answer_type": {"const": "angka"},
            "key": {"type": ["number", "string"]},
            "decimals": {"type": "integer", "minimum": 0, "maximum": 3},
            "tolerance": {"type": ["number", "string"]},
            "unit": {"type": ["string", "null"]},
            "derivation": {"type": "object"},
            "feedback": {"type": "object"},
        },
        "required": ["answer_type", "key", "feedback"],
    }

    def build(self, ex: Exercise, entry: dict, where: str) -> None:
        ex.answer_type = "angka"
        decimals = entry.get("decimals", 0)
        tolerance = entry.get("tolerance", 0)
        key = parse_number(entry.get("key"))
        if key is None or not isinstance(decimals, int) or not 0 <= decimals <= 3:
            raise BankError(t("bank_number_key", where=where))
        tol = parse_number(tolerance)
        if tol is None or tol < 0:
            raise BankError(t("bank_tolerance_negative", where=where))
        step = Decimal(1).scaleb(-decimals)
        low = (key - tol).quantize(step, rounding="ROUND_CEILING")
        high = (key + tol).quantize(step, rounding="ROUND_FLOOR")
        count = int((high - low) / step) + 1
        if count > MAX_KEYS:
            raise BankError(t("bank_tolerance_too_wide", where=where))
        ex.keys["main"] = ClearKey({number_token(low + step * i, decimals) for i in range(count)})
        ex.decimals = decimals
        ex.unit = str(entry.get("unit", ""))
        require_feedback(ex, where)

    def public_fields(self, ex: Exercise) -> dict:
        return {"answer_type": "angka", "decimals": ex.decimals, "unit": ex.unit}

    def seal(self, ex: Exercise, sealer):
        return self.public_fields(ex), lock_benar(ex, sealer, ex.keys["main"].tokens), {"salah": ex.feedback["salah"]}

    def unseal(self, ex: Exercise, entry: dict) -> None:
        ex.answer_type = "angka"
        ex.decimals = int(entry.get("decimals", 0))
        ex.unit = str(entry.get("unit", ""))

    def read(self, ex: Exercise, answer) -> set[str]:
        if isinstance(answer, str) and len(answer) > 100:
            raise InvalidAnswer(t("invalid_too_long", n=len(answer), limit=100))
        number = parse_number(without_unit(answer, ex.unit))
        if number is not None and abs(number) >= Decimal("1e12"):
            raise InvalidAnswer(t("invalid_number", value=str(answer)[:40]))
        if number is None:
            if isinstance(answer, (str, int, float)) and not isinstance(answer, bool):
                raise InvalidAnswer(t("invalid_number", value=str(answer)[:40]))
            raise InvalidAnswer(t("invalid_type", got=type_name(answer), expected=t("expected_number")))
        return {number_token(number, ex.decimals)}

    def score(self, ex: Exercise, tokens: set[str]) -> Result:
        key = ex.keys["main"]
        return all_or_nothing(ex, any(tok in key for tok in tokens), sorted(tokens))

    def controls(self, ex: Exercise) -> Controls:
        return TextControls(ex, t("number_placeholder"))

    def key_answer(self, ex: Exercise):
        return ex.teacher["key"]

    def key_text(self, ex: Exercise) -> str:
        value = number(ex.teacher["key"], ex.decimals)
        tolerance = float(ex.teacher.get("tolerance", 0) or 0)
        text = f"{value} {ex.unit}".strip()
        return text + (" " + t("bp_tolerance", tolerance=number(tolerance, ex.decimals, trim=True)) if tolerance else "")

    def derived_wrong_answers(self, ex: Exercise) -> list:
        return [float(ex.teacher["key"]) + float(ex.teacher.get("tolerance", 0)) + 1]


FORM = DataAngka()
