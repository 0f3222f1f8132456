"""Links that open a published copy of the course: Binder (Voilà or
JupyterLab) and nbgitpuller (a school's JupyterHub).

A teacher publishes a *release* (``python -m lessons release``) as a Git
repository and shares these links; ``python -m lessons tautan --repo URL``
prints them. The README's Binder badge is made by :func:`badge_markdown`,
so the badge and the command can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from lessons.text import t

BINDER = "https://mybinder.org/v2"
HOME_NOTEBOOK = "notebooks/beranda.ipynb"
BADGE_IMAGE = "https://mybinder.org/badge_logo.svg"

_GITHUB = re.compile(r"^(?:https?://)?(?:www\.)?github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")
_SHORT = re.compile(r"^([\w.-]+)/([\w.-]+)$")
_ANY_GIT = re.compile(r"^https://[\w.-]+(?::\d+)?/[\w./~-]+$")
_BRANCH = re.compile(r"^[\w./-]{1,100}$")


class LinkError(ValueError):
    """A repository address or branch that no link can be made from (Indonesian)."""


@dataclass(frozen=True)
class Repository:
    url: str  # the clone address, https://…
    binder_spec: str  # gh/OWNER/NAME or git/<quoted url>
    name: str  # the folder nbgitpuller clones into
    branch: str


def repository(repo: str, branch: str = "main") -> Repository:
    """Read ``repo`` (``https://github.com/o/n``, ``github.com/o/n``, ``o/n`` or any https Git address)."""
    text = (repo or "").strip()
    if not _BRANCH.fullmatch(branch or "") or ".." in branch:
        raise LinkError(t("links_bad_branch", branch=str(branch)[:60]))
    match = _GITHUB.fullmatch(text) or (_SHORT.fullmatch(text) if "://" not in text else None)
    if match:
        owner, name = match.group(1), match.group(2)
        return Repository(f"https://github.com/{owner}/{name}", f"gh/{owner}/{name}", name, branch)
    if _ANY_GIT.fullmatch(text) and "github.com/" not in text:
        url = text[:-4] if text.endswith(".git") else text.rstrip("/")
        return Repository(url, f"git/{quote(url, safe='')}", url.rsplit("/", 1)[-1], branch)
    raise LinkError(t("links_bad_repo", repo=text[:80]))


def binder_voila(repo: Repository, notebook: str = HOME_NOTEBOOK) -> str:
    """Binder, opening ``notebook`` in Voilà (the student mode)."""
    return f"{BINDER}/{repo.binder_spec}/{quote(repo.branch, safe='')}?urlpath={quote('voila/render/' + notebook, safe='')}"


def binder_lab(repo: Repository, notebook: str = HOME_NOTEBOOK) -> str:
    """Binder, opening ``notebook`` in JupyterLab."""
    return f"{BINDER}/{repo.binder_spec}/{quote(repo.branch, safe='')}?urlpath={quote('lab/tree/' + notebook, safe='')}"


def nbgitpuller(repo: Repository, hub: str, notebook: str = HOME_NOTEBOOK, voila: bool = True) -> str:
    """A JupyterHub link that clones or updates the copy, then opens ``notebook``."""
    hub = hub.rstrip("/")
    if not re.fullmatch(r"https?://[\w.-]+(?::\d+)?(/[\w./~-]*)?", hub):
        raise LinkError(t("links_bad_hub", hub=hub[:80]))
    target = ("voila/render/" if voila else "lab/tree/") + f"{repo.name}/{notebook}"
    return (f"{hub}/hub/user-redirect/git-pull?repo={quote(repo.url, safe='')}"
            f"&branch={quote(repo.branch, safe='')}&urlpath={quote(target, safe='')}")


def badge_markdown(repo: Repository) -> str:
    """The README's Binder badge (opens the home page in Voilà)."""
    return f"[![{t('links_badge_alt')}]({BADGE_IMAGE})]({binder_voila(repo)})"


def lines(repo_text: str, branch: str = "main", hub: str | None = None, notebook: str = HOME_NOTEBOOK) -> list[str]:
    """What ``python -m lessons tautan`` prints."""
    repo = repository(repo_text, branch)
    notebook = notebook.strip().lstrip("/")
    if not re.fullmatch(r"[\w./-]+\.ipynb", notebook) or ".." in notebook:
        raise LinkError(t("links_bad_notebook", notebook=notebook[:80]))
    out = [t("links_title", repo=repo.url, branch=repo.branch),
           t("links_binder_voila"), "  " + binder_voila(repo, notebook),
           t("links_binder_lab"), "  " + binder_lab(repo, notebook)]
    if hub:
        out += [t("links_nbgitpuller", hub=hub), "  " + nbgitpuller(repo, hub, notebook),
                t("links_nbgitpuller_lab"), "  " + nbgitpuller(repo, hub, notebook, voila=False)]
    else:
        out.append(t("links_nbgitpuller_needs_hub"))
    out += [t("links_badge"), "  " + badge_markdown(repo)]
    return out
