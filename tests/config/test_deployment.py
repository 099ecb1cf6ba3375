"""What production relies on: a clean `check --deploy`, a compose file that names the right
commands, and a production configuration that refuses to start without its secret."""
import os
import subprocess
import sys

import yaml
from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-5f0c2b8e91d4",
    "DJANGO_ALLOWED_HOSTS": "baocao1306.ldld.quangtri.vn",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_compose_file_runs_web_worker_beat_postgres_and_redis():
    with open(settings.BASE_DIR / "docker-compose.yml", encoding="utf-8") as stream:
        compose = yaml.safe_load(stream)
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    assert "gunicorn config.wsgi:application" in services["web"]["command"]
    assert "migrate" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://redis:6379")
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")


def test_compose_and_the_readme_agree_on_the_number_of_gunicorn_workers():
    import re

    with open(settings.BASE_DIR / "docker-compose.yml", encoding="utf-8") as stream:
        command = yaml.safe_load(stream)["services"]["web"]["command"]
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    workers = re.search(r"--workers (\d+)", command).group(1)
    assert f"gunicorn runs **{workers} workers**" in readme
    assert set(re.findall(r"gunicorn \((\d+) workers\)", readme)) == {workers}  # the load figures' too
