#!/usr/bin/env python3
"""Benchmark: a whole class on the class server (issue 19).

Usage: python benchmarks/kelas.py --siswa N [--peramban K] [--dalam DETIK] [--lepas DETIK]

Starts the real class server (``python -m lessons kelas mulai``) on
127.0.0.1 with N roster accounts and short culler timeouts, then N simulated
students arrive evenly within ``--dalam`` seconds (default 60). Each logs in
(the first login sets the password), waits for Beranda, opens lesson 00,
answers 5 exercises (00-01, 00-02, 00-03, 00-08, 00-10: a choice and four
typed answers that carry the student's own number) and presses Periksa on
each, then closes the page. K students (default 3) do it in headless
Chromium; the others with a light client that does what the page does over
HTTP and the kernel's websocket (the Jupyter widget protocol: request the
widget states, set values, click).

It reports p50/p95 from click to usable (login -> Beranda usable; lesson
link -> lesson usable), the memory of the hub (hub, proxy, culler) and of the
students' servers (servers and kernels; RSS and PSS), total and per active
student, the kernels and servers left once the culler's timeouts have passed
with every page closed, and then reads every student's sheet: exactly their
own 5 answers (0 lost, 0 merged). All traffic goes to 127.0.0.1; every wait is
bounded and the server is stopped at the end. Not a test: nothing depends on
its timing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil
import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.processes import is_kernel, stop_group  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ANSWERED = {"00-01": "choice", "00-02": "text", "00-03": "text", "00-08": "text", "00-10": "text"}
KERNEL_IDLE, SERVER_IDLE, CULL_EVERY, ACTIVITY_EVERY = 30, 120, 15, 20  # short culler timeouts (seconds)
PRESTART_TIMEOUT = 1800  # seconds for the hub to start every student's server before the lesson


def free_port() -> int:
    """A free port: from KSSA_PORTS ("9300-9399") when set (a shared machine), else any."""
    from lessons.deploy.hub import free_port as free, port_range

    return free(port_range())


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# --------------------------------------------------------------------------
# the server and its processes


class Hub:
    def __init__(self, folder: Path, n: int, lesson: str | None = "00"):
        self.folder = folder
        self.names = [f"Siswa {i:03d}" for i in range(1, n + 1)]
        roster = folder / "daftar-siswa.csv"
        roster.write_text("nama\n" + "\n".join(self.names) + "\n", encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("KSSA_") or k == "KSSA_PORTS"}
        env.update({"KSSA_KERNEL_IDLE": str(KERNEL_IDLE), "KSSA_SERVER_IDLE": str(SERVER_IDLE),
                    "KSSA_CULL_EVERY": str(CULL_EVERY), "KSSA_ACTIVITY_EVERY": str(ACTIVITY_EVERY),
                    "KSSA_PRESTART": "1" if lesson else "0"})
        self.log = open(folder / "kelas.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lessons", "kelas", "mulai", "--daftar", str(roster), "--folder",
             str(folder / "kelas"), "--port", str(self.port), "--alamat", "127.0.0.1",
             *(["--siapkan", lesson] if lesson else [])],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        end = time.time() + 300
        while time.time() < end:
            if self.process.poll() is not None:
                raise SystemExit(f"the class server exited; see {folder / 'kelas.log'}")
            try:
                if requests.get(f"{self.url}/hub/login", timeout=5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        else:
            self.stop()
            raise SystemExit("the class server did not start within 300 s")
        from lessons.deploy.hub import read_accounts

        self.accounts = {name: account for account, name in read_accounts(folder / "kelas").items()}

    def home(self, account: str) -> Path:
        return self.folder / "kelas" / "rumah" / account

    def wait_prestarted(self) -> dict:
        """The hub's service kssa-siapkan has started every student's server (its report file)."""
        report = self.folder / "kelas" / "hub" / "siapkan.json"
        end = time.time() + PRESTART_TIMEOUT
        while time.time() < end:
            try:
                return json.loads(report.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                time.sleep(2)
        return {}

    def processes(self) -> dict[str, list]:
        out = {"hub": [], "servers": [], "kernels": []}
        try:
            tree = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return out
        for proc in tree:
            try:
                cmd = " ".join(proc.cmdline())
            except psutil.Error:
                continue
            if is_kernel([cmd]):
                out["kernels"].append(proc)
            elif "jupyterhub-singleuser" in cmd or "lessons.deploy.hub.singleuser" in cmd:
                out["servers"].append(proc)
            else:
                out["hub"].append(proc)
        return out

    def memory(self) -> dict[str, float]:
        """MB per group: RSS and PSS (PSS shares a shared page among the processes that map it)."""
        out = {}
        for group, procs in self.processes().items():
            rss = pss = 0
            for proc in procs:
                try:
                    info = proc.memory_full_info()
                except psutil.Error:
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
            out[f"{group}_rss"], out[f"{group}_pss"] = rss / 1e6, pss / 1e6
            out[f"{group}_count"] = len(procs)
        return out

    def stop(self) -> None:
        stop_group(self.process, signal.SIGTERM, 60)  # the command passes the stop on to the hub
        self.log.close()


# --------------------------------------------------------------------------
# a student without a browser: HTTP + the kernel's websocket


def message(msg_type: str, content: dict, session: str, channel: str = "shell", metadata: dict | None = None) -> str:
    return json.dumps({"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
                                  "username": "siswa", "version": "5.3",
                                  "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
                       "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": channel, "buffers": []})


def get_page(session: requests.Session, url: str, deadline: float, usable: str = "kernelId") -> str:
    """A Voilà page, waiting while the student's server starts."""
    while time.time() < deadline:
        reply = session.get(url, timeout=300)
        if reply.ok and usable in reply.text:
            return reply.text
        time.sleep(1)
    raise TimeoutError(url)


def widget_states(ws, session: str, deadline: float) -> dict:
    comm = uuid.uuid4().hex
    ws.send(message("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}}, session,
                    metadata={"version": "1.0.0"}))  # the widget control protocol (ipywidgets 8)
    ws.send(message("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}, session))
    while time.time() < deadline:
        ws.settimeout(max(1.0, deadline - time.time()))
        msg = json.loads(ws.recv())
        if msg.get("msg_type") == "comm_msg" and msg["content"].get("comm_id") == comm:
            data = msg["content"]["data"]
            if data.get("method") == "update_states":
                return data["states"]
    raise TimeoutError("widget states")


def exercises_in(states: dict) -> dict[str, dict]:
    """exercise id -> {"inputs": [(model id, model name, state)], "button": model id}."""
    found = {}

    def walk(model_id, into):
        model = states.get(model_id.replace("IPY_MODEL_", ""))
        if not model:
            return
        name, state = model["model_name"], model["state"]
        if name in ("TextModel", "TextareaModel", "RadioButtonsModel", "CheckboxModel", "DropdownModel"):
            into["inputs"].append((model_id.replace("IPY_MODEL_", ""), name, state))
        if name == "ButtonModel" and state.get("description") == "Periksa":
            into["button"] = model_id.replace("IPY_MODEL_", "")
        for child in state.get("children", []):
            walk(child, into)

    for model_id, model in states.items():
        state = model["state"]
        if model["model_name"] != "VBoxModel" or "kssa-exercise" not in state.get("_dom_classes", []):
            continue
        children = state.get("children", [])
        first = states.get(children[0].replace("IPY_MODEL_", "")) if children else None
        ids = re.findall(r"\d\d-\d\d", (first or {}).get("state", {}).get("value", ""))
        if not ids:
            continue
        into = {"inputs": [], "button": None}
        for child in children[1:]:
            walk(child, into)
        found[ids[0]] = into
    return found


def expected_answers(number: int) -> dict[str, str]:
    return {ex: ("A" if kind == "choice" else str(1000 + number)) for ex, kind in ANSWERED.items()}


def light_student(hub: Hub, name: str, number: int, result: dict) -> None:
    account = hub.accounts[name]
    session = requests.Session()
    deadline = time.time() + 600
    login = session.get(f"{hub.url}/hub/login", timeout=60)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', login.text).group(1)
    start = time.time()
    session.post(f"{hub.url}/hub/login?next=", data={"username": account, "password": f"sandi-{account}",
                                                     "_xsrf": xsrf}, timeout=300)
    base = f"{hub.url}/user/{account}"
    home_page = get_page(session, f"{base}/voila/render/kursus/notebooks/beranda.ipynb", deadline,
                         usable='href="00-pengantar.ipynb"')
    result["beranda"] = time.time() - start
    kernel = re.search(r'"kernelId": "([0-9a-f-]+)"', home_page)
    if kernel:  # a Beranda with a kernel (without lessons.deploy.static_pages): leaving it closes it
        close_page(session, hub, account, kernel.group(1))
    start = time.time()
    page = get_page(session, f"{base}/voila/render/kursus/notebooks/00-pengantar.ipynb", deadline)
    kernel = re.search(r'"kernelId": "([0-9a-f-]+)"', page).group(1)
    cookies = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    ws_session = uuid.uuid4().hex
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{hub.port}/user/{account}/api/kernels/{kernel}/channels?session_id={ws_session}",
        header=[f"Cookie: {cookies}"], origin=hub.url, timeout=120)
    try:
        found = exercises_in(widget_states(ws, ws_session, deadline))
        result["lesson"] = time.time() - start
        want = expected_answers(number)
        for ex_id, kind in ANSWERED.items():
            inputs = found[ex_id]["inputs"]
            model_id, model_name, _state = inputs[0]
            state = {"index": 0} if kind == "choice" else {"value": want[ex_id]}
            ws.send(message("comm_msg", {"comm_id": model_id, "data": {"method": "update", "state": state,
                                                                        "buffer_paths": []}}, ws_session))
            ws.send(message("comm_msg", {"comm_id": found[ex_id]["button"],
                                         "data": {"method": "custom", "content": {"event": "click"}}}, ws_session))
        sheet = hub.home(account) / "kursus" / "notebooks" / "jawaban-00.json"
        while time.time() < deadline:  # until the kernel has written all five
            try:
                answers = json.loads(sheet.read_text(encoding="utf-8"))["answers"]
                if all(answers.get(ex, {}).get("checked") for ex in ANSWERED):
                    break
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.5)
    finally:
        ws.close()
    close_page(session, hub, account, kernel)
    result["done"] = True


def close_page(session: requests.Session, hub: Hub, account: str, kernel: str) -> None:
    """What a closing Voilà page sends: its kernel's shutdown, with the page's _xsrf cookie as the form field."""
    xsrf_cookie = session.cookies.get("_xsrf", path=f"/user/{account}/") or session.cookies.get("_xsrf") or ""
    session.post(f"{hub.url}/user/{account}/voila/api/shutdown/{kernel}", data={"_xsrf": xsrf_cookie}, timeout=60,
                 headers={"Origin": hub.url})


def browser_student(hub: Hub, name: str, number: int, result: dict) -> None:
    from playwright.sync_api import sync_playwright

    account = hub.accounts[name]
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        try:
            page = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                       is_mobile=True).new_page()
            page.set_default_timeout(300_000)  # a loaded server answers slowly; the run is bounded anyway
            page.goto(f"{hub.url}/hub/login", timeout=120_000)
            page.fill("#username_input", account)
            page.fill("#password_input", f"sandi-{account}")
            start = time.time()
            page.click("#login_submit")
            page.wait_for_selector("a[href*='00-pengantar']", timeout=600_000)
            result["beranda"] = time.time() - start
            start = time.time()
            page.click("a[href*='00-pengantar']")
            page.wait_for_selector(".kssa-exercise:not(.kssa-sheet-tools)", timeout=600_000)
            result["lesson"] = time.time() - start
            want = expected_answers(number)
            boxes = page.locator(".kssa-exercise:not(.kssa-sheet-tools)")
            for ex_id, kind in ANSWERED.items():
                box = boxes.filter(has_text=ex_id).first
                if kind == "choice":
                    box.locator(".widget-radio-box label").first.tap()
                else:
                    field = box.locator("input[type=text], textarea").first
                    field.fill(want[ex_id])
                    field.press("Tab")
                box.locator("button", has_text="Periksa").tap()
                box.locator(".kssa-feedback").wait_for(timeout=120_000)
            page.close(run_before_unload=True)
            time.sleep(2)  # the page-close request leaves before the browser goes
            result["done"] = True
        finally:
            browser.close()


def run_student(kind, hub, name, number, results, delay):
    time.sleep(delay)
    result = results[name] = {"kind": kind.__name__}
    try:
        kind(hub, name, number, result)
    except Exception as err:  # noqa: BLE001 - a failed student is reported, not fatal
        result["error"] = f"{type(err).__name__}: {err}"[:300]


# --------------------------------------------------------------------------


def check_sheets(hub: Hub, results: dict[str, dict]) -> dict[str, int]:
    """Every sheet: ``ok`` answers as given, ``lost`` answers given (the student had a usable
    lesson page) but missing, ``merged`` answers of another student or never given,
    ``not_given``: answers of students who never had a usable lesson page (timeouts)."""
    lost = merged = ok = not_given = 0
    numbers = {name: i for i, name in enumerate(hub.names, 1)}
    for name, account in hub.accounts.items():
        want = expected_answers(numbers[name])
        others = {str(1000 + n) for other, n in numbers.items() if other != name}
        try:
            answers = json.loads((hub.home(account) / "kursus" / "notebooks" / "jawaban-00.json")
                                 .read_text(encoding="utf-8"))["answers"]
        except (OSError, ValueError, KeyError):
            answers = {}
        got = {ex: str(answers.get(ex, {}).get("answer")) for ex in ANSWERED}
        missing = sum(1 for ex in ANSWERED if got[ex] != want[ex] and not any(o in got[ex] for o in others))
        if "lesson" in results.get(name, {}):
            lost += missing
        else:
            not_given += missing
        merged += sum(1 for ex in ANSWERED if any(o in got[ex] for o in others))
        merged += sum(1 for ex in answers if ex not in ANSWERED)  # answers this student never gave
        ok += sum(1 for ex in ANSWERED if got[ex] == want[ex])
    return {"ok": ok, "lost": lost, "merged": merged, "not_given": not_given}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--siswa", type=int, default=36)
    parser.add_argument("--peramban", type=int, default=3, help="students in headless Chromium")
    parser.add_argument("--dalam", type=float, default=60.0, help="seconds over which the students arrive")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--siapkan", default="00", help="today's lesson, pre-started and preheated ('' = none)")
    args = parser.parse_args()
    if not (shutil.which("node") or shutil.which("configurable-http-proxy")):
        raise SystemExit("Node.js is needed for configurable-http-proxy")
    folder = Path(tempfile.mkdtemp(prefix="kssa-kelas-"))
    t0 = time.time()
    hub = Hub(folder, args.siswa, args.siapkan or None)
    print(f"class server up in {time.time() - t0:.0f} s ({args.siswa} accounts, {folder})", flush=True)
    baseline = hub.memory()  # the hub, its proxy and services, before any student's server
    prestart = {}
    if args.siapkan:
        prestart = hub.wait_prestarted()
        print(f"servers pre-started in {prestart.get('seconds')} s: "
              f"{sum(1 for v in prestart.values() if v == 'siap')} ready", flush=True)
    prestarted = hub.memory()
    t0 = time.time()
    results: dict[str, dict] = {}
    threads, peak = [], {}
    browsers = min(args.peramban, args.siswa) if Path(CHROMIUM).exists() else 0
    for i, name in enumerate(hub.names):
        kind = browser_student if i % max(1, args.siswa // max(1, browsers)) == 0 and \
            sum(1 for th in threads if th.name == "browser") < browsers else light_student
        delay = args.dalam * i / max(1, args.siswa)
        thread = threading.Thread(target=run_student, args=(kind, hub, name, i + 1, results, delay),
                                  name="browser" if kind is browser_student else "light", daemon=True)
        thread.start()
        threads.append(thread)
    end = time.time() + 900
    loads = []  # the machine's 1-minute load average while the students work (it is shared)
    while any(th.is_alive() for th in threads) and time.time() < end:
        loads.append(os.getloadavg()[0])
        sample = hub.memory()
        if sample["servers_pss"] + sample["kernels_pss"] > peak.get("servers_pss", 0) + peak.get("kernels_pss", 0):
            peak = sample
        time.sleep(3)
    finished = time.time()
    active = sum(1 for r in results.values() if "lesson" in r)
    print(f"all students done in {finished - t0:.0f} s", flush=True)
    # every page is closed: wait for the cullers (kernels: KERNEL_IDLE; servers: SERVER_IDLE, every CULL_EVERY)
    right_after = hub.processes()
    # the culler's timeout and interval, plus the time the hub takes to stop 36 servers on a loaded machine
    # (about 10 s each, a few at a time): back to the baseline is reported with the seconds it took
    wait_until = time.time() + SERVER_IDLE + 2 * CULL_EVERY + 300
    while time.time() < wait_until:
        procs = hub.processes()
        if not procs["servers"] and not procs["kernels"]:
            break
        time.sleep(5)
    back_after = time.time() - finished
    after = hub.memory()
    left = hub.processes()
    sheets = check_sheets(hub, results)
    hub.stop()

    beranda = [r["beranda"] for r in results.values() if "beranda" in r]
    lesson = [r["lesson"] for r in results.values() if "lesson" in r]
    errors = {name: r["error"] for name, r in results.items() if "error" in r}
    table = {
        "students": args.siswa, "browsers": browsers, "arrival_window_s": args.dalam,
        "completed": sum(1 for r in results.values() if r.get("done")), "errors": len(errors),
        "beranda_p50_s": statistics.median(beranda) if beranda else None, "beranda_p95_s": percentile(beranda, 95),
        "lesson_p50_s": statistics.median(lesson) if lesson else None, "lesson_p95_s": percentile(lesson, 95),
        "hub_pss_mb": peak.get("hub_pss"), "servers_kernels_pss_mb_peak": peak.get("servers_pss", 0) + peak.get("kernels_pss", 0),
        "servers_kernels_rss_mb_peak": peak.get("servers_rss", 0) + peak.get("kernels_rss", 0),
        "per_active_student_pss_mb": (peak.get("servers_pss", 0) + peak.get("kernels_pss", 0)) / max(1, active),
        "peak_servers": peak.get("servers_count"), "peak_kernels": peak.get("kernels_count"),
        "kernels_right_after_close": len(right_after["kernels"]), "servers_right_after_close": len(right_after["servers"]),
        "seconds_until_no_server_or_kernel": round(back_after),
        "kernels_left_after_culler": len(left["kernels"]), "servers_left_after_culler": len(left["servers"]),
        "memory_after_culler_mb": after.get("hub_pss", 0) + after.get("servers_pss", 0) + after.get("kernels_pss", 0),
        "memory_baseline_mb": baseline.get("hub_pss", 0) + baseline.get("servers_pss", 0) + baseline.get("kernels_pss", 0),
        "prestart_s": prestart.get("seconds"), "prestart_ready": sum(1 for v in prestart.values() if v == "siap"),
        "prestarted_pss_mb": prestarted.get("hub_pss", 0) + prestarted.get("servers_pss", 0) + prestarted.get("kernels_pss", 0),
        "prestarted_per_student_pss_mb": (prestarted.get("servers_pss", 0) + prestarted.get("kernels_pss", 0)) / max(1, args.siswa),
        "load_average_during": round(statistics.mean(loads), 1) if loads else None, "sheets": sheets, "culler": {"kernel_idle_s": KERNEL_IDLE, "server_idle_s": SERVER_IDLE, "every_s": CULL_EVERY},
    }
    print(json.dumps(table, indent=1))
    if errors:
        print("errors:", json.dumps(dict(list(errors.items())[:5]), indent=1))
    if args.json:
        args.json.write_text(json.dumps({"table": table, "errors": errors}, indent=1), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
