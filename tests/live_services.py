"""Real services for tests: under CI=true a test that cannot reach one fails; elsewhere it
is skipped, saying why."""
import os
import shutil

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str):
    """Fail under CI, skip elsewhere."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: every service must be reachable)", pytrace=False)
    pytest.skip(reason)


def redis_url_or_skip() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as error:  # any failure to reach it means the same thing here
        unavailable(f"Redis at {url} is not reachable: {error}")
    return url


def chromium_or_skip() -> str:
    path = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
    if not os.path.exists(path):
        unavailable(f"No Chromium at {path}: apt-get install chromium")
    return path


def libreoffice_or_skip() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        unavailable("LibreOffice is not installed: apt-get install libreoffice-calc-nogui")
    return path


def libreoffice_resave(content: bytes, suffix: str = "xlsx") -> bytes:
    """The workbook opened and saved again by LibreOffice Calc, as an officer's office
    software does (a profile of its own, so that runs never share a lock)."""
    import subprocess
    import tempfile
    from pathlib import Path

    soffice = libreoffice_or_skip()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in" / f"tep.{suffix}"
        source.parent.mkdir()
        source.write_bytes(content)
        out = Path(folder) / "out"
        subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--norestore",
                        "--convert-to", f"{suffix}:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=120)
        return (out / f"tep.{suffix}").read_bytes()
