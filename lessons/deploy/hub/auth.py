"""The class server's authenticator: FirstUseAuthenticator (the student's first
password becomes their password), with its password hashing off the hub's
event loop.

FirstUseAuthenticator hashes and checks passwords with bcrypt inside the hub's
one event loop: each login holds the whole hub (every redirect, every other
login) for a quarter of a second on a quiet core and for a second or more on a
busy one. When a class logs in within the same minute the logins queue behind
one another (benchmarks/kelas.py: 6-11 s for the login request alone at
N = 36). Here the same steps run in a worker thread (bcrypt releases the
interpreter lock, so the hub keeps serving while a password is hashed); the
password file is opened by one thread at a time (a ``dbm.dumb`` file rewrites
its index on close, so two writers at once could lose a password). The hub's
own database is only used on the event loop, as before. The message for a
password that is too short is Indonesian.
"""

from __future__ import annotations

import asyncio
import dbm
import threading

import bcrypt
from firstuseauthenticator import FirstUseAuthenticator

from lessons.text import t

_PASSWORDS = threading.Lock()


class ClassAuthenticator(FirstUseAuthenticator):
    """FirstUseAuthenticator, with bcrypt in a worker thread."""

    def _stored(self, username: str) -> bytes | None:
        with _PASSWORDS, dbm.open(self.dbm_path, "c", 0o600) as db:
            return db.get(username.encode("utf8"), None)

    def _check_or_set(self, username: str, password: str) -> str | None:
        """username, "" for a password too short to be set, or None for a wrong password."""
        stored = self._stored(username)
        if stored is not None:
            return username if bcrypt.checkpw(password.encode("utf8"), stored) else None
        if not self._validate_password(password):
            return ""
        hashed = bcrypt.hashpw(password.encode("utf8"), bcrypt.gensalt())
        with _PASSWORDS, dbm.open(self.dbm_path, "c", 0o600) as db:
            if db.get(username.encode("utf8"), None) is not None:  # set meanwhile by another login: check that one
                return username if bcrypt.checkpw(password.encode("utf8"), db[username.encode("utf8")]) else None
            db[username] = hashed
        return username

    async def authenticate(self, handler, data):
        username = self.normalize_username(data["username"])
        if not self.create_users and not self._user_exists(username):  # the hub's database: on the event loop
            return None
        result = await asyncio.to_thread(self._check_or_set, username, data["password"])
        if result == "":
            handler.custom_login_error = t("hub_password_short", count=self.min_password_length)
            return None
        return result
