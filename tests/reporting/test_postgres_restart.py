"""PostgreSQL restarted under load: officers keep sending reports while the server goes down
and comes back. Each one sees success or an error — and every success is really saved."""
import glob
import os
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.db import connection

from reporting.models import Report, ReportingPeriod
from reporting.periods import period_generate_reports
from tests.factories import make_union, make_user
from tests.reporting.values import by_code, complete_values
from tests.live_services import unavailable

pytestmark = pytest.mark.django_db(transaction=True)


def restart_postgres() -> None:
    versions = sorted(os.path.basename(p) for p in glob.glob("/etc/postgresql/*"))
    if not versions:
        unavailable("no local PostgreSQL cluster to restart (pg_ctlcluster)")
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart", "-m", "fast"],
                   check=True, capture_output=True, timeout=120)
    for _ in range(60):
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0:
            return
        time.sleep(0.5)
    raise AssertionError("PostgreSQL did not come back")


class Officer:
    """A browser of one officer: a cookie jar, the CSRF token, the form's fields."""

    def __init__(self, base, username):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()),
                                                  NoRedirect())
        page = self.opener.open(f"{base}/accounts/login/").read().decode()
        self.post("/accounts/login/", {"username": username, "password": "secret-pass-1306"}, page)

    def post(self, path, data, page=None) -> int:
        import re

        page = page or self.opener.open(self.base + path).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            return self.opener.open(request, timeout=30).status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0  # no answer at all: the officer sees an error, not a success


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_submissions_survive_a_postgres_restart(live_server, plan, tree):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test with DATABASE_URL)")
    period = ReportingPeriod.objects.get(plan=plan, code="2023-Y")
    units = [make_union(tree["upper_a"], name=f"Công đoàn cơ sở tải {n}") for n in range(8)]
    period_generate_reports(period=period)
    people = []
    for n, unit in enumerate(units):
        make_user(unit, username=f"load{n}")
        report = Report.objects.get(period=period, unit=unit)
        people.append((f"load{n}", report))
    outcomes: dict[int, list[int]] = {}
    signed_in = threading.Barrier(len(people) + 1)

    def officer_work(username, report):
        import re

        officer = Officer(live_server.url, username)
        path = f"/reports/{report.pk}/edit/"
        values = by_code(report, complete_values(report))  # read before the restart: HTTP only after it
        data = {code: ("yes" if v is True else "no" if v is False else
                       v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v) for code, v in values.items()}
        signed_in.wait(timeout=60)
        seen = outcomes.setdefault(report.pk, [])
        for _ in range(80):  # the officer tries again until told it was sent
            try:
                page = officer.opener.open(officer.base + path, timeout=30).read().decode()
            except urllib.error.HTTPError as error:
                if error.code == 302:
                    break  # the form sends them to the report: it is sent already
                seen.append(error.code)
                time.sleep(0.3)
                continue
            except Exception:
                seen.append(0)
                time.sleep(0.3)
                continue
            version = re.search(r'name="version" value="(\d+)"', page)
            if version is None:
                break  # the form is closed: sent already
            status = officer.post(path, {**data, "version": version.group(1), "action": "submit"}, page)
            seen.append(status)
            if status == 302:
                return
            time.sleep(0.3)

    threads = [threading.Thread(target=officer_work, args=person) for person in people]
    for thread in threads:
        thread.start()
    signed_in.wait(timeout=60)
    restart_postgres()
    for thread in threads:
        thread.join(timeout=120)
    connection.close()  # this thread's connection died with the server
    saved = {r.pk: r.status for r in Report.objects.filter(pk__in=[report.pk for _, report in people])}
    told_sent = {pk for pk, statuses in outcomes.items() if 302 in statuses}
    for report_pk in told_sent:
        assert saved[report_pk] == "submitted", report_pk  # never a false success
    assert set(saved.values()) == {"submitted"}, {pk: outcomes.get(pk) for pk, s in saved.items() if s != "submitted"}
