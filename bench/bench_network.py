"""Weak connections: bytes and time to usable for the first sign-in, home and the report form on
emulated slow 3G (Chromium DevTools: 400 kbit/s, 400 ms), served as `make run` serves them."""
import datetime
import os
import subprocess
import sys
import tempfile
import time

from bench.bench_load import ROOT, _database_url, _wait_for_port

PORT = 8078
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8, "uploadThroughput": 400 * 1000 / 8}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _data():
    """A grassroots officer with the open period's report to fill in."""
    # Django is set up (bench/__main__.py) before a benchmark imports the project
    from django.conf import settings
    from django.core.management import call_command

    from accounts.models import Role, User
    from plans.models import Plan
    from reporting.models import Report, ReportingPeriod
    from reporting.periods import period_generate_reports, periods_generate
    from unions.services import union_create

    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "plan_1306.json"), verbosity=0)
    plan = Plan.objects.get(code="KH-1306")
    province = union_create(parent=None, code="NET-P", name="Liên đoàn Lao động tỉnh Quảng Trị", level="province",
                            kind="province_federation", opened_on=datetime.date(1990, 1, 1))
    district = union_create(parent=province, code="NET-U", name="Liên đoàn Lao động huyện Vĩnh Linh", level="upper",
                            kind="district_federation", opened_on=datetime.date(2000, 1, 1))
    school = union_create(parent=district, code="NET-G", name="Công đoàn Trường THPT Cửa Tùng", level="grassroots",
                          kind="grassroots_agency", opened_on=datetime.date(2010, 1, 1))
    for period in periods_generate(plan=plan):
        period_generate_reports(period=period)
    ReportingPeriod.objects.filter(plan=plan, code="2023-Y").update(is_open=True)
    from django.contrib.auth.hashers import PBKDF2PasswordHasher  # Django is set up by now (bench/__main__.py)

    # The hasher `make run` uses (the bench settings' fast MD5 would not be accepted there).
    User.objects.create(username="net.officer", unit=school, role=Role.GRASSROOTS_OFFICER, first_name="Lan",
                        last_name="Nguyễn Thị", password=PBKDF2PasswordHasher().encode("bench-1306", "benchsalt1306"))
    return Report.objects.get(unit=school, period__code="2023-Y")


class Meter:
    """Bytes on the wire (as Chromium counts them, headers included) since the last reset."""

    def __init__(self, cdp):
        self.bytes = 0
        self.requests = 0
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event):
        self.bytes += event.get("encodedDataLength", 0)
        self.requests += 1

    def reset(self):
        self.bytes, self.requests = 0, 0


def _measure(label, meter, step, page):
    meter.reset()
    started = time.perf_counter()
    step()
    page.wait_for_load_state("load")
    seconds = time.perf_counter() - started
    page.wait_for_timeout(300)  # late responses (the favicon) still count in the bytes
    print(f"   {label}: {seconds:.2f} s to usable, {meter.bytes / 1024:,.1f} KB in {meter.requests} responses")
    return seconds, meter.bytes


def run() -> None:
    try:
        from playwright.sync_api import sync_playwright  # optional: the benchmark says when it is missing
    except ImportError:
        print("   skipped: Playwright is not installed")
        return
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        print(f"   skipped: no Chromium at {chromium}")
        return
    report = _data()
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": _database_url(),
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    # As `make run`: collectstatic (hashed names), then runserver serving them through whitenoise.
    collect = [sys.executable, "-c",
               "import os,django,sys;os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings.local');"
               "django.setup();from django.conf import settings;from django.core.management import call_command;"
               f"settings.STATIC_ROOT={static_root!r};call_command('collectstatic',interactive=False,verbosity=0)"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True)
    serve = [sys.executable, "-c",
             "import os,django,sys;os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings.local');"
             "from django.conf import settings;django.setup();"
             f"settings.STATIC_ROOT={static_root!r};from django.core.management import call_command;"
             f"call_command('runserver','127.0.0.1:{PORT}',use_reloader=False,use_threading=True)"]
    server = subprocess.Popen(serve, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{PORT}"
    try:
        _wait_for_port(PORT)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.set_default_timeout(120_000)
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_3G)
            meter = Meter(cdp)
            print("   slow 3G (400 kbit/s, 400 ms), a phone, an empty cache; `make run`'s settings")
            t1, b1 = _measure("first sign-in: the sign-in page, empty cache (aim < 2.5 s and 60 KB)", meter, lambda: page.goto(base + "/accounts/login/"), page)

            def sign_in():
                page.get_by_label("Tên đăng nhập").fill("net.officer")
                page.get_by_label("Mật khẩu").fill("bench-1306")
                page.get_by_role("button", name="Đăng nhập").click()
                page.wait_for_url(base + "/", timeout=30_000)

            t2, b2 = _measure("home, right after signing in", meter, sign_in, page)
            print(f"   sign-in page, then signed in to home: {t1 + t2:.2f} s, {(b1 + b2) / 1024:,.1f} KB")
            _measure("the report form (aim < 1.5 s)", meter,
                     lambda: page.goto(f"{base}/reports/{report.pk}/edit/"), page)
            _measure("home again (cached static files)", meter, lambda: page.goto(base + "/"), page)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
