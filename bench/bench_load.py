"""Load: the report form and the dashboard under 50 concurrent users (wrk against gunicorn
on loopback, the 1,000-unit province); p50, p95 and throughput, and every error counted."""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.data import province

PORT = 8077
ROOT = Path(__file__).resolve().parent.parent


def _session_for(user) -> str:
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _database_url() -> str:
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _wrk(url: str, cookie: str, seconds: int = 15, connections: int = 50) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(ROOT / "bench" / "wrk_report.lua"),
         "-H", f"Cookie: sessionid={cookie}", "-H", "Accept-Language: vi", url],
        capture_output=True, text=True, timeout=seconds + 60).stdout
    line = next(l for l in output.splitlines() if l.startswith("RESULT"))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


def run() -> None:
    if shutil.which("wrk") is None:
        print("   skipped: wrk is not installed (apt-get install wrk)")
        return
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from accounts.models import Role, User
    from reporting.models import Report

    plan, root, board = province(1000)
    report = Report.objects.filter(period__code="2023-Y", unit_level="grassroots", status="not_started").order_by("pk").first()
    officer = User.objects.create_user("bench.officer", password="bench", unit=report.unit, role=Role.GRASSROOTS_OFFICER)
    cookies = {"officer": _session_for(officer), "board": _session_for(board)}
    workers = 2 * (os.cpu_count() or 2) + 1
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.worker_under_test", "DATABASE_URL": _database_url(),
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{PORT}",
                               "-w", str(workers), "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        _wait_for_port(PORT)
        base = f"http://127.0.0.1:{PORT}"
        for label, url, who in (
            ("report form (GET /reports/<id>/edit/)", f"{base}/reports/{report.pk}/edit/", "officer"),
            ("dashboard, province (GET /dashboard/)", f"{base}/dashboard/?period=2023-Y", "board"),
        ):
            _wrk(url, cookies[who], seconds=3)  # warm up
            result = _wrk(url, cookies[who])
            print(f"   {label}: {result['requests'] / result['seconds']:,.0f} req/s, p50 {result['p50']:.0f} ms, "
                  f"p95 {result['p95']:.0f} ms, p99 {result['p99']:.0f} ms, errors {int(result['errors'])} "
                  f"(50 connections, {workers} gunicorn workers, {result['seconds']:.0f} s)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
