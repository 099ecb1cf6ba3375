"""A real Celery worker process for tests, on a real Redis, seeing the test database."""
import email
import email.policy
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.live_services import redis_url_or_skip

SITE = "https://baocao1306.ldld.quangtri.vn"


def broker_url(db_number: int) -> str:
    """A Redis database of this module's (each worker also gets a queue of its own)."""
    return redis_url_or_skip().rsplit("/", 1)[0] + f"/{db_number}"


def database_url() -> str:
    """The test database, as the worker must open it (pytest-django created it)."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    credentials = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    return f"postgres://{credentials}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


class Worker:
    """`celery -A config worker` in its own process group, started and stopped by the test."""

    def __init__(self, *, broker: str, log: Path, **env):
        self.broker, self.log = broker, log
        # A queue nobody else uses: another test run on this machine may have a worker on the
        # same Redis database, and must not take this one's tasks (nor this one theirs).
        self.queue = f"reminders-test-{uuid.uuid4().hex}"
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "EMAIL_URL")},
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker, "CELERY_BROKER_URL": broker, "TEST_CELERY_BROKER_URL": broker,
            "TEST_CELERY_QUEUE": self.queue,
            "SITE_URL": SITE,
            "REMINDER_RETRY_BACKOFF": "1", "REMINDER_RETRY_BACKOFF_MAX": "2",
            "PYTHONUNBUFFERED": "1",
            **env,
        }

    def __enter__(self):
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=2",
                   "--without-gossip", "--without-mingle", "--without-heartbeat",
                   "-n", f"{self.queue}@%h"]
        with open(self.log, "wb") as output:
            self.process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=self.env, stdout=output,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while "ready." not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the Celery worker did not start:\n{self.output()[-4000:]}")
            time.sleep(0.1)
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def publish(self, task: str, *args) -> None:
        """Queue `task` on this worker's broker, as beat or another web process would."""
        from config.celery_app import app

        with app.connection_for_write(self.broker) as broker:
            app.send_task(task, args=list(args), connection=broker, queue=self.queue)

    def wait_for(self, condition, what: str, timeout: float = 40) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}; the worker said:\n{self.output()[-6000:]}")
            if self.process.poll() is not None:
                pytest.fail(f"the worker died; it said:\n{self.output()[-6000:]}")
            time.sleep(0.1)


def mail_files(directory: Path) -> list[email.message.EmailMessage]:
    """Every message Django's file-based backend wrote into `directory`."""
    messages = []
    for path in sorted(directory.glob("*.log")):
        for part in path.read_bytes().split(b"-" * 79 + b"\n"):
            if part.strip():
                messages.append(email.message_from_bytes(part, policy=email.policy.default))
    return messages
