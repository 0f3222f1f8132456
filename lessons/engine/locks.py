"""Salted locks for sealed banks: feedback that opens only with the right token.

:func:`lock_text` encrypts a text with a key derived from (salt, name,
token); :func:`unlock_text` opens it again when given the same token. This
module imports nothing from the engine, so the model (which opens locked
feedback) and sealing (which locks it) can both use it without a cycle.

Side channels are closed here too: a :class:`Sealer` pads every text it
locks for one exercise to one length (so the longest ciphertext is not the
key's feedback) and pads every list of digests and every lock with random
decoys to a round number (so no count tells how many options are right).
"""

from __future__ import annotations

import base64
import hashlib
import math
import secrets

PAD = b"\x00"
WIDTH_STEP = 64  # locked texts are padded to a multiple of this many bytes
COUNT_STEP = 4  # every lock and every list of digests holds a multiple of this many entries


def _key(salt: str, name: str, token: str) -> bytes:
    return hashlib.sha256(f"{salt}\x1f{name}\x1f{token}".encode("utf-8")).digest()


def _stream(key: bytes, length: int) -> bytes:
    blocks = (hashlib.sha256(key + i.to_bytes(4, "big")).digest() for i in range((length + 31) // 32))
    return b"".join(blocks)[:length]


def _xor(data: bytes, key: bytes) -> bytes:
    """``data`` XOR the key stream of ``key`` (as long integers: about 30× faster than byte by byte)."""
    stream = _stream(key, len(data))
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")


def lock_id(salt: str, name: str, token: str) -> str:
    """The id under which the text locked for ``token`` is stored."""
    return hashlib.sha256(_key(salt, name, token) + b"id").hexdigest()[:32]


def lock_text(salt: str, name: str, token: str, text: str, width: int = 0) -> tuple[str, str]:
    """(digest, ciphertext) of ``text`` padded to ``width`` bytes, openable only with ``token``."""
    key = _key(salt, name, token)
    data = text.encode("utf-8")
    data += PAD * max(0, width - len(data))
    cipher = _xor(data, key)
    return hashlib.sha256(key + b"id").hexdigest()[:32], base64.b64encode(cipher).decode("ascii")


def unlock_text(salt: str, name: str, token: str, locked: dict) -> str | None:
    """The text locked under ``name`` for ``token``, or None."""
    key = _key(salt, name, token)
    digest = hashlib.sha256(key + b"id").hexdigest()[:32]
    cipher = locked.get(digest)
    if not isinstance(cipher, str):
        return None
    try:
        data = base64.b64decode(cipher)
        return _xor(data, key).rstrip(PAD).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def lock(salt: str, name: str, tokens, text: str, width: int = 0) -> dict:
    """``text`` locked once per token: {digest: ciphertext}."""
    return dict(lock_text(salt, name, token, text, width) for token in tokens)


def round_up(n: int, step: int) -> int:
    return max(step, step * math.ceil(n / step))


def new_salt() -> str:
    return secrets.token_hex(16)


class Sealer:
    """Locks and digests for one exercise of a sealed bank.

    ``salt`` is already the exercise's own (the bank's salt and the exercise
    id), so one dictionary pass tests one exercise only. Every text is padded
    to ``width`` bytes; every lock and digest list gets random decoys up to a
    multiple of :data:`COUNT_STEP` entries.
    """

    def __init__(self, salt: str, texts=()):
        self.salt = salt
        longest = max((len(str(text).encode("utf-8")) for text in texts), default=0)
        self.width = round_up(longest, WIDTH_STEP)

    def lock(self, name: str, tokens, text: str) -> dict:
        locked = lock(self.salt, name, tokens, text, self.width)
        cipher_chars = len(base64.b64encode(b"\0" * self.width))
        while len(locked) < round_up(len(locked), COUNT_STEP):
            decoy = base64.b64encode(secrets.token_bytes(self.width)).decode("ascii")[:cipher_chars]
            locked[secrets.token_hex(16)] = decoy
        return locked

    @staticmethod
    def pad_digests(digests) -> list[str]:
        """``digests`` with random decoys up to a multiple of COUNT_STEP, sorted (no order, no count leaks)."""
        found = set(digests)
        while len(found) < round_up(len(found), COUNT_STEP):
            found.add(secrets.token_hex(32))
        return sorted(found)
