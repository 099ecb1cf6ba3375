"""The schedule and the processes: beat at 07:30 Vietnam time, a worker with `make run`, and the
compose file's worker and beat services on the same app."""
import datetime
import shutil
import subprocess

import yaml
from django.conf import settings

from tests.live_services import unavailable


def test_the_daily_run_is_at_0730_asia_ho_chi_minh():
    from config.celery_app import app

    entry = settings.CELERY_BEAT_SCHEDULE["deadline-reminders"]
    assert entry["task"] == "notifications.send_daily_reminders"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {30})
    assert app.conf.beat_schedule["deadline-reminders"] is entry
    # 07:30 in Vietnam is 00:30 UTC: the beat reads the hours in Vietnamese time, not in UTC.
    at_0730 = datetime.datetime(2023, 11, 24, 7, 30, tzinfo=app.timezone)
    assert at_0730.astimezone(datetime.timezone.utc).time() == datetime.time(0, 30)
    app.loader.import_default_modules()
    for task in ("notifications.send_daily_reminders", "notifications.send_reminder_chunk",
                 "notifications.sweep_reminders"):
        assert task in app.tasks
    for name, scheduled in settings.CELERY_BEAT_SCHEDULE.items():
        assert scheduled["task"] in app.tasks, name  # every beat entry names a task that exists
    assert settings.CELERY_BEAT_SCHEDULE["reminder-sweep"]["task"] == "notifications.sweep_reminders"


def test_make_run_starts_a_worker_with_embedded_beat_and_stops_it_with_the_server():
    if shutil.which("make") is None:
        unavailable("GNU make is not installed")
    result = subprocess.run(["make", "-n", "run"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    script = result.stdout
    assert "celery -A config worker -B" in script
    assert script.index("celery -A config worker -B") < script.index("manage.py runserver")
    assert "trap 'kill $worker" in script  # stopped when runserver stops


def test_compose_runs_the_worker_and_beat_of_the_same_app():
    with open(settings.BASE_DIR / "docker-compose.yml", encoding="utf-8") as stream:
        services = yaml.safe_load(stream)["services"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")
    assert services["worker"]["environment"]["REDIS_URL"] == services["beat"]["environment"]["REDIS_URL"]
