"""A Jupyter server extension for servers that run Voilà as an extension
(each student's server on the class server, a Zero to JupyterHub image):
it applies :func:`lessons.deploy.page_sessions.install`, so closing a page
stops its kernel and the page's kernel knows its browser.

Enable it with ``ServerApp.jpserver_extensions`` =
``{"voila": true, "lessons.deploy.server_extension": true}`` (the class
server writes that into its ``jupyter_server_config.json``).
"""

from __future__ import annotations


def _jupyter_server_extension_points():
    return [{"module": "lessons.deploy.server_extension"}]


def _load_jupyter_server_extension(serverapp) -> None:
    from lessons.deploy.page_sessions import install

    install()
    serverapp.log.info("kssa: Voila pages set the _xsrf cookie (page-close shutdown) and a browser id")


load_jupyter_server_extension = _load_jupyter_server_extension
