"""Preheated lesson kernels on a Jupyter server that runs Voilà as an extension
(each student's server on the class server).

Standalone Voilà (``python -m lessons mulai``) preheats with its own kernel
manager (``VoilaKernelManager``, lessons/deploy/voila_settings.py), which
needs the Voilà application around it. A Jupyter server running Voilà as an
extension has no pool: every page starts a kernel and executes the whole
lesson when it is tapped, and with a class tapping in the same minute the
machine's cores queue them (issue 19: p95 44 s for 36 students on 2 cores).

:class:`PreheatKernelManager` is the server's own kernel manager with what
Voilà's page handler (``voila.handler.VoilaHandler``) asks a kernel manager
for when it preheats (``notebook_data``, ``get_pool_size``,
``get_rendered_notebook``), for the notebooks named in :data:`PREHEAT_ENV`
only (today's lesson), **one kernel each, used once**: a student's server
holds at most one preheated kernel, started when the server starts (the hub
pre-starts every roster student's server before the lesson), and the page
that takes it keeps it. Later openings of that lesson (a reload) start a
kernel as usual. The memory budget per student is therefore one server and
one lesson kernel, the same as without the pool; only the time of the work
moves to before the lesson.

The page is rendered by Voilà's own ``NotebookRenderer`` with the course's
template (the same as standalone Voilà); the kernel learns the page's request
through Voilà's ``voila/query`` websocket, which :func:`start` adds to the
server (``lessons.views.exercise_widget.reload_when_opened`` then reads the
answer sheet again). A pooled kernel is never culled while it waits.
"""

from __future__ import annotations

import asyncio
import os

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

PREHEAT_ENV = "KSSA_PREHEAT"  # notebooks to preheat, relative to the server's root, separated by os.pathsep


def preheat_notebooks(environ=os.environ) -> list[str]:
    return [p for p in environ.get(PREHEAT_ENV, "").split(os.pathsep) if p.endswith(".ipynb")]


class PreheatKernelManager(AsyncMappingKernelManager):
    """The Jupyter server's kernel manager, plus one preheated kernel per named notebook, used once."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.notebook_data: dict = {}
        self._pools: dict[str, list[asyncio.Task]] = {}
        self._waiting: set[str] = set()  # kernels started for a pool and not yet given to a page

    # -- what VoilaHandler asks for ------------------------------------------------------------
    def get_pool_size(self, notebook_name: str) -> int:
        pool = self._pools.get(notebook_name, [])
        pool[:] = [task for task in pool if not (task.done() and (task.cancelled() or task.exception()))]
        return len(pool)

    async def get_rendered_notebook(self, notebook_name: str, extra_kernel_env_variables=None, **kwargs):
        task = self._pools[notebook_name].pop(0)
        content = await task
        renderer = content["renderer"]
        renderer.stop_generator = True
        self._waiting.discard(content["kernel_id"])
        # Its page is opened only now: the kernel was idle while it waited, and the culler (idle and no page
        # connected) would stop it in the seconds before the page connects its websocket. Found by
        # benchmarks/kelas.py: a kernel taken after 6 minutes of waiting was culled 1.6 s later.
        from jupyter_server._tz import utcnow

        self.get_kernel(content["kernel_id"]).last_activity = utcnow()
        self.log.info("kssa: page %s takes the preheated kernel %s", notebook_name, content["kernel_id"])
        return content["task"], renderer.rendered_cache, content["kernel_id"]

    async def cull_kernel_if_idle(self, kernel_id: str):
        if kernel_id in self._waiting:  # a preheated kernel waits for its page: never culled
            return None
        return await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        self._waiting.discard(kernel_id)
        for data in self.notebook_data.values():
            data["kernel_ids"].discard(kernel_id)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)

    # -- filling the pool ------------------------------------------------------------------------
    def fill(self, notebook_name: str, make_renderer, kernel_env: dict) -> None:
        """Start one kernel for ``notebook_name`` and execute the notebook in it (in the background)."""
        loop = asyncio.get_event_loop()
        self._pools.setdefault(notebook_name, []).append(
            loop.create_task(self._heat(notebook_name, make_renderer, kernel_env)))

    async def _heat(self, notebook_name: str, make_renderer, kernel_env: dict) -> dict:
        renderer = make_renderer(notebook_name)
        await renderer.initialize()
        kernel_name = renderer.notebook.metadata.kernelspec.name
        kernel_id = await self.start_kernel(kernel_name=kernel_name, path=os.path.dirname(notebook_name),
                                            env=kernel_env)
        self._waiting.add(kernel_id)
        data = self.notebook_data.setdefault(renderer.notebook_path, {
            "notebook": renderer.notebook, "template": renderer.template_name, "theme": renderer.theme,
            "kernel_name": kernel_name, "kernel_ids": set()})
        data["kernel_ids"].add(kernel_id)
        task = asyncio.get_event_loop().create_task(
            renderer.generate_content_hybrid(kernel_id, self.get_kernel(kernel_id)))
        self.log.info("kssa: preheating %s in kernel %s", notebook_name, kernel_id)
        return {"task": task, "renderer": renderer, "kernel_id": kernel_id}


def start(serverapp, notebooks: list[str]) -> list[str]:
    """Fill the pool of ``serverapp``'s kernel manager with one kernel per notebook that exists;
    add Voilà's ``voila/query`` websocket (the kernel's wait for its page). Returns what was started."""
    from jupyter_server.utils import url_path_join
    from voila.configuration import VoilaConfiguration
    from voila.notebook_renderer import NotebookRenderer
    from voila.paths import collect_template_paths
    from voila.request_info_handler import RequestInfoSocketHandler
    from voila.utils import ENV_VARIABLE, get_page_config

    manager = serverapp.kernel_manager
    if not isinstance(manager, PreheatKernelManager):
        serverapp.log.warning("kssa: no preheated kernels (ServerApp.kernel_manager_class is not PreheatKernelManager)")
        return []
    root = serverapp.root_dir
    found = [nb for nb in notebooks if os.path.isfile(os.path.join(root, nb))]
    if not found:
        return []
    web_app = serverapp.web_app
    base_url = serverapp.base_url
    web_app.add_handlers(".*$", [(url_path_join(base_url, r"/voila/query/(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"),
                                  RequestInfoSocketHandler)])
    configuration = VoilaConfiguration(parent=serverapp)
    template_paths = collect_template_paths(["voila", "nbconvert"], configuration.template)

    def make_renderer(notebook_name: str) -> NotebookRenderer:
        kwargs = {"base_url": base_url, "settings": web_app.settings, "log": serverapp.log,
                  "voila_configuration": configuration}
        return NotebookRenderer(
            voila_configuration=configuration, traitlet_config=serverapp.config, notebook_path=notebook_name,
            template_paths=template_paths, config_manager=web_app.settings["config_manager"],
            contents_manager=serverapp.contents_manager, base_url=base_url,
            kernel_spec_manager=serverapp.kernel_spec_manager, page_config=get_page_config(**kwargs),
            mathjax_config=web_app.settings.get("mathjax_config"), mathjax_url=web_app.settings.get("mathjax_url"))

    kernel_env = {**os.environ,
                  ENV_VARIABLE.VOILA_PREHEAT: "True",
                  ENV_VARIABLE.VOILA_BASE_URL: base_url,
                  ENV_VARIABLE.VOILA_SERVER_URL: base_url,  # the kernel's wait_for_request: ws://ip:port/<base>voila/query
                  ENV_VARIABLE.VOILA_APP_IP: "127.0.0.1" if serverapp.ip in ("", "0.0.0.0", "localhost") else serverapp.ip,
                  ENV_VARIABLE.VOILA_APP_PORT: str(serverapp.port)}
    for notebook in found:
        manager.fill(notebook, make_renderer, kernel_env)
    return found
