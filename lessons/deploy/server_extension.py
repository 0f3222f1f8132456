"""A Jupyter server extension for servers that run Voilà as an extension
(each student's server on the class server, a Zero to JupyterHub image).

* :func:`lessons.deploy.page_sessions.install`: closing a page stops its
  kernel, and the page's kernel knows its browser;
* the course's Voilà template (``kssa``, Indonesian from the first frame) gets
  its texts in the error pages too (:func:`lessons.deploy.voila_settings.add_template_globals`);
  the template itself and its page texts are Voilà settings in the server's
  ``jupyter_server_config.json`` (lessons/deploy/hub/), found through
  ``JUPYTER_PATH``;
* on the class server (``KSSA_SERVER_KELAS``): Voilà's folder list
  (``/voila``, ``/voila/tree/…``, English and of no use to a student) leads to
  the server's landing page, Beranda; a page without code (Beranda) is
  served without a kernel (:mod:`lessons.deploy.static_pages`); and today's
  lesson is preheated (:mod:`lessons.deploy.preheat`, the notebooks named in
  ``KSSA_PREHEAT``).

Enable it with ``ServerApp.jpserver_extensions`` =
``{"voila.server_extension": true, "lessons.deploy.server_extension": true}``
(the class server writes that into its ``jupyter_server_config.json``).
"""

from __future__ import annotations

import os

CLASS_SERVER_ENV = "KSSA_SERVER_KELAS"


def _jupyter_server_extension_points():
    return [{"module": "lessons.deploy.server_extension"}]


def tree_to_home(serverapp) -> None:
    """``/voila`` and ``/voila/tree…`` redirect to the server's landing page (before Voilà's own handlers)."""
    from jupyter_server.utils import url_path_join
    from tornado.routing import HostMatches, Rule
    from tornado.web import _ApplicationRouter

    from lessons.deploy.voila_settings import folder_list_to_home

    web_app = serverapp.web_app
    home = serverapp.default_url  # JupyterHub gives it with the server's base URL (/user/<akun>/…)
    if not home.startswith(serverapp.base_url):
        home = url_path_join(serverapp.base_url, home)
    handlers = folder_list_to_home(serverapp.base_url, home)
    web_app.default_router.rules.insert(0, Rule(HostMatches(".*$"), _ApplicationRouter(web_app, handlers)))


def _after_extensions_loaded(serverapp) -> None:
    """What needs Voilà's extension loaded first (extensions load in name order: ``lessons`` before ``voila``)."""
    from lessons.deploy import preheat
    from lessons.deploy.voila_settings import add_template_globals

    add_template_globals(serverapp.web_app.settings)
    if os.environ.get(CLASS_SERVER_ENV):
        tree_to_home(serverapp)
        started = preheat.start(serverapp, preheat.preheat_notebooks())
        if started:
            serverapp.log.info("kssa: preheating %s", ", ".join(started))


def use_course_template(serverapp) -> None:
    """The course's Voilà template and its texts, unless the server's configuration names others.
    Runs before Voilà's extension loads (which reads them from the server's configuration)."""
    from lessons.deploy.voila_settings import SETTINGS, TEMPLATE, use_template

    use_template(os.environ)  # Voilà finds voila/templates/kssa/ through JUPYTER_PATH
    voila = serverapp.config.VoilaConfiguration
    if "template" not in voila:
        voila.template = TEMPLATE
        voila.resources = {**voila.get("resources", {}), **SETTINGS["VoilaConfiguration"]["resources"]}
    executor = serverapp.config.VoilaExecutor
    for trait, value in SETTINGS["VoilaExecutor"].items():  # a failed cell, in Indonesian
        if trait not in executor:
            executor[trait] = value


def _load_jupyter_server_extension(serverapp) -> None:
    from tornado.ioloop import IOLoop

    from lessons.deploy.page_sessions import install

    install()
    use_course_template(serverapp)
    if os.environ.get(CLASS_SERVER_ENV):
        from lessons.deploy import static_pages

        static_pages.install()  # Beranda without a kernel
    serverapp.log.info("kssa: Voila pages set the _xsrf cookie (page-close shutdown) and a browser id")
    IOLoop.current().add_callback(_after_extensions_loaded, serverapp)


load_jupyter_server_extension = _load_jupyter_server_extension
