"""Preheated lesson kernels: on a Jupyter server that runs Voilà as an extension
(each student's server on the class server), and the order in which standalone
Voilà (``python -m lessons mulai``) preheats its pages (:func:`in_lesson_order`).

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


# -- standalone Voilà (python -m lessons mulai): one page preheated at a time, in lesson order -----------

#: how long the standalone pool waits for one page's preheating before it starts the next one anyway
ONE_PAGE_LIMIT = 60.0


def preheat_rank(notebook_name: str) -> tuple:
    """The order in which a course's pages are preheated: the lessons by number, then the other pages
    (Glosarium, Beranda), by name."""
    name = os.path.basename(notebook_name)
    return (0, name) if name[:2].isdigit() else (1, name)


def needs_kernel(path: str) -> bool:
    """False for a notebook without code (Beranda), which :mod:`lessons.deploy.static_pages` serves
    without a kernel; True otherwise, also when the file cannot be read (Voilà then says what is wrong)."""
    from lessons.deploy.static_pages import page_for

    return page_for(os.path.basename(path), os.path.dirname(path)) is None


def in_lesson_order(factory):
    """Voilà's kernel manager factory (``voila.voila_kernel_manager.voila_kernel_manager_factory``), with
    its pool filled **one page at a time, in lesson order**.

    Voilà starts the kernels of every page of the folder at once when it starts, and each executes its
    page: nine pages at once on a 2-core school PC took 15 s before the first lesson could be shown
    (measured: the first page 14.8 s, the same page once warm 0.8 s). In lesson order, one at a time,
    lesson 00 (the page a student opens first) is ready after about 2 s and the others follow. A page
    asked for before its turn is rendered at once in a kernel of its own, as without preheating; its
    pool is filled when its turn comes. A page without code gets no kernel (:func:`needs_kernel`).

    Each page is preheated **once**, as on the class server (:class:`PreheatKernelManager`): the page that
    takes the kernel keeps it, and a later opening of the same page (a reload, a return from Beranda)
    renders at once in a kernel of its own. Voilà itself refills a page's pool one second after the page
    took its kernel, which starts a second kernel that executes the same lesson while the student's
    browser is still drawing it, and keeps about 150 MB more for every lesson opened; on a 2-core school
    PC it only helps a student who opens the same lesson twice."""

    def make(*args, **kwargs):
        base = factory(*args, **kwargs)
        if not hasattr(base, "fill_if_needed"):  # preheating off: Voilà's plain kernel manager
            return base

        class InLessonOrder(base):
            def __init__(self, **kw):
                self._kssa_held: list[tuple[str, dict]] | None = []
                super().__init__(**kw)  # asks fill_if_needed for every page: held, not started
                held, self._kssa_held = self._kssa_held, None
                if held:
                    try:
                        loop = asyncio.get_event_loop()
                    except RuntimeError:
                        loop = asyncio.new_event_loop()
                        asyncio.set_event_loop(loop)
                    self._kssa_filling = loop.create_task(self._fill_in_order(sorted(held, key=lambda h: preheat_rank(h[0]))))

            def fill_if_needed(self, delay=None, notebook_name=None, **kw):
                if getattr(self, "_kssa_held", None) is not None and notebook_name is not None:
                    self._kssa_held.append((notebook_name, kw))
                    return None
                # Voilà's only other call: the refill after a page took its kernel. Not done: see above.
                return None

            async def _fill_in_order(self, held: list[tuple[str, dict]]) -> None:
                for notebook_name, kw in held:
                    if not needs_kernel(os.path.join(self.root_dir, notebook_name)):
                        continue  # a page without code is served without a kernel (lessons.deploy.static_pages)
                    try:
                        super().fill_if_needed(0, notebook_name, **kw)
                        pool = self._pools.get(notebook_name) or []
                        if not pool:
                            continue
                        done, _pending = await asyncio.wait({pool[-1]}, timeout=ONE_PAGE_LIMIT)
                        for started in done:  # the kernel runs: wait until it has executed the page
                            content = started.result()
                            await asyncio.wait({content["task"]}, timeout=ONE_PAGE_LIMIT)
                    except Exception as error:  # noqa: BLE001 - one page's failure must not stop the others
                        self.log.warning("kssa: preheating %s failed: %s", notebook_name, error)

        InLessonOrder.__name__ = InLessonOrder.__qualname__ = base.__name__
        return InLessonOrder

    return make
