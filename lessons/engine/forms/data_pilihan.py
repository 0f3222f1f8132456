"""Soal data, answer_type pilihan: read a table or figure, pick one coded option."""

from __future__ import annotations

from lessons.engine.forms.base import Controls, lock_benar, require_feedback
from lessons.engine.forms.pilihan_ganda import ChoiceControls, PilihanGanda
from lessons.engine.model import Exercise


class DataPilihan(PilihanGanda):
    form = "data"
    answer_type = "pilihan"
    default_variant = True
    schema = {
        "properties": {
            "answer_type": {"const": "pilihan"},
            "options": {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
            "key": {"type": "string"},
            "derivation": {"type": "object"},
            "feedback": {"type": "object"},
        },
        "required": ["options", "key", "feedback"],
    }

    def build(self, ex: Exercise, entry: dict, where: str) -> None:
        self.build_options(ex, entry, where)
        self.build_key(ex, entry, where)
        ex.answer_type = "pilihan"
        require_feedback(ex, where)

    def public_fields(self, ex: Exercise) -> dict:
        return {"options": dict(ex.options), "answer_type": "pilihan"}

    def seal(self, ex: Exercise, sealer):
        return self.public_fields(ex), lock_benar(ex, sealer, ex.keys["main"].tokens), {"salah": ex.feedback["salah"]}

    def unseal(self, ex: Exercise, entry: dict) -> None:
        super().unseal(ex, entry)
        ex.answer_type = "pilihan"

    def text_lines(self, ex: Exercise) -> list[str]:
        return [f"- {v}" for v in ex.options.values()]

    def controls(self, ex: Exercise) -> Controls:
        return ChoiceControls(ex, [(v, k) for k, v in ex.options.items()])


FORM = DataPilihan()
