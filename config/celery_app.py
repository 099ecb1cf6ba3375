"""The Celery application; every setting is read from Django's settings under CELERY_."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("plan1306")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
