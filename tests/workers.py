"""Real Celery workers for tests: a separate process on the test database and the tests'
Redis broker (settings.CELERY_BROKER_URL), stopped by the test."""
import os
import subprocess
import sys
import time


def database_url(settings) -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def start_worker(settings, *, flush: bool = True, **extra_env) -> subprocess.Popen:
    import redis

    if flush:
        redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()  # no message left by an earlier run
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.worker_under_test",
           "DATABASE_URL": database_url(settings), "TEST_CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
           "MEDIA_ROOT": str(settings.MEDIA_ROOT), **{k: str(v) for k, v in extra_env.items()}}
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
                             "--loglevel=WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"],
                            cwd=settings.BASE_DIR, env=env)


def stop(worker: subprocess.Popen, *, kill: bool = False) -> None:
    if worker.poll() is None:
        (worker.kill if kill else worker.terminate)()
        worker.wait(timeout=30)


def wait_for(predicate, seconds: float = 60, step: float = 0.2):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()
