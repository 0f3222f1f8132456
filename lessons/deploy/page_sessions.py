"""Two things every Voilà page of the course needs from the server.

1. **Closing a page stops its kernel.** Voilà's page sends
   ``POST voila/api/shutdown/<kernel>`` with ``navigator.sendBeacon`` when it
   is closed, with the ``_xsrf`` form field taken from the ``_xsrf`` cookie.
   Voilà's render handler never sets that cookie, so the field is empty and
   the server refuses the request (``403 … '_xsrf' argument missing``,
   upstream voila-dashboards/voila#1458, open): every closed page left a
   kernel of about 150 MB running. The fix here is the token itself: the
   render handler now asks for ``xsrf_token``, which sets the cookie, so the
   page's own request carries a valid token. XSRF protection stays on (no
   handler is exempted). Kernel culling (``voila_settings``) is the backstop
   for pages that vanish without saying so (a phone that loses its network).
2. **Which browser opened the page.** A random id in a cookie
   (:data:`BROWSER_COOKIE`, per browser, HttpOnly) is handed to the page's
   kernel as the request header :data:`BROWSER_HEADER`, which Voilà passes to
   the kernel as ``HTTP_X_KSSA_BROWSER`` (``http_header_envs`` in
   ``voila_settings``). :mod:`lessons.engine.live_session` uses it to tell a
   reload by the same student from a second student on a one-student server.

:func:`install` wraps ``VoilaHandler.prepare`` once; ``python -m lessons
mulai`` calls it, and on a class server the Jupyter server extension
:mod:`lessons.deploy.server_extension` does.
"""

from __future__ import annotations

import inspect
import re
import uuid

BROWSER_COOKIE = "kssa-peramban"
BROWSER_HEADER = "X-Kssa-Browser"
BROWSER_ENV = "HTTP_X_KSSA_BROWSER"
_ID = re.compile(r"[0-9a-f]{32}")


def browser_id(handler) -> str:
    """The browser's id from its cookie; a new one (and the cookie) when it has none."""
    value = handler.get_cookie(BROWSER_COOKIE) or ""
    if not _ID.fullmatch(value):
        value = uuid.uuid4().hex
        handler.set_cookie(BROWSER_COOKIE, value, path=handler.base_url or "/", httponly=True, samesite="Strict")
    return value


def prepare_page(handler) -> None:
    """What a Voilà page request does before Voilà renders it."""
    handler.xsrf_token  # noqa: B018 - sets the _xsrf cookie the page-close request sends back (voila#1458)
    handler.request.headers[BROWSER_HEADER] = browser_id(handler)


def install() -> bool:
    """Wrap ``voila.handler.VoilaHandler.prepare`` (once); True when it was done now."""
    from voila.handler import VoilaHandler

    if getattr(VoilaHandler.prepare, "_kssa", False):
        return False
    original = VoilaHandler.prepare

    async def prepare(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        if inspect.isawaitable(result):
            await result
        if not self._finished:  # e.g. a redirect to the login page
            prepare_page(self)

    prepare._kssa = True
    VoilaHandler.prepare = prepare
    return True
