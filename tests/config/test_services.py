"""REDIS_URL switches the cache and the Celery broker to a real Redis."""
import os
import subprocess
import sys

from django.conf import settings
from django.core.cache.backends.redis import RedisCache

from tests.live_services import redis_url_or_skip


def settings_under(env: dict) -> dict:
    code = ("import django, json; django.setup(); from django.conf import settings as s; "
            "print(json.dumps({'cache': s.CACHES['default']['BACKEND'], 'broker': s.CELERY_BROKER_URL, "
            "'db': s.DATABASES['default']['ENGINE']}))")
    clean = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True,
                            env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.local", **env}, timeout=60)
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout)


def test_embedded_defaults_need_no_server():
    chosen = settings_under({})
    assert chosen == {"cache": "django.core.cache.backends.locmem.LocMemCache", "broker": "filesystem://",
                      "db": "django.db.backends.sqlite3"}


def test_environment_switches_to_postgresql_and_redis():
    chosen = settings_under({"REDIS_URL": "redis://127.0.0.1:6379/3", "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"})
    assert chosen == {"cache": "django.core.cache.backends.redis.RedisCache", "broker": "redis://127.0.0.1:6379/3",
                      "db": "django.db.backends.postgresql"}


def test_redis_cache_keeps_vietnamese_text_intact():
    url = redis_url_or_skip()
    cache = RedisCache(url, {"KEY_PREFIX": "plan1306-test"})
    cache.set("unit", "Công đoàn Trường THPT Chế Lan Viên", 30)
    assert cache.get("unit") == "Công đoàn Trường THPT Chế Lan Viên"
    cache.delete("unit")
