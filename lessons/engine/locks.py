"""Salted locks for sealed banks: feedback that opens only with the right token.

:func:`lock_text` encrypts a text with a key derived from (salt, name,
token); :func:`unlock_text` opens it again when given the same token. This
module imports nothing from the engine, so the model (which opens locked
feedback) and sealing (which locks it) can both use it without a cycle.
"""

from __future__ import annotations

import base64
import hashlib
import secrets


def _key(salt: str, name: str, token: str) -> bytes:
    return hashlib.sha256(f"{salt}\x1f{name}\x1f{token}".encode("utf-8")).digest()


def _stream(key: bytes, length: int) -> bytes:
    blocks = (hashlib.sha256(key + i.to_bytes(4, "big")).digest() for i in range((length + 31) // 32))
    return b"".join(blocks)[:length]


def lock_text(salt: str, name: str, token: str, text: str) -> tuple[str, str]:
    """(digest, ciphertext) of ``text``, openable only with ``token``."""
    key = _key(salt, name, token)
    data = text.encode("utf-8")
    cipher = bytes(a ^ b for a, b in zip(data, _stream(key, len(data))))
    return hashlib.sha256(key + b"id").hexdigest()[:32], base64.b64encode(cipher).decode("ascii")


def unlock_text(salt: str, name: str, token: str, locked: dict) -> str | None:
    """The text locked under ``name`` for ``token``, or None."""
    key = _key(salt, name, token)
    digest = hashlib.sha256(key + b"id").hexdigest()[:32]
    cipher = locked.get(digest)
    if cipher is None:
        return None
    data = base64.b64decode(cipher)
    return bytes(a ^ b for a, b in zip(data, _stream(key, len(data)))).decode("utf-8")


def lock(salt: str, name: str, tokens, text: str) -> dict:
    """``text`` locked once per token: {digest: ciphertext}."""
    return dict(lock_text(salt, name, token, text) for token in tokens)


def new_salt() -> str:
    return secrets.token_hex(16)
