"""Settings behaviour that deployments rely on."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "x9!Qm2#vL7@pR4$tW8^zK1&cN5*bH3(dF6)jS0_gY-aE+uI=oP"
PII_KEY = "a2V5LWZvci10ZXN0cy1vbmx5LTAwMDAwMDAwMDAwMDA="


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"SECRET_KEY", "ALLOWED_HOSTS", "PII_ENCRYPTION_KEYS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "portal.settings.production", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_site_speaks_simplified_chinese_in_shanghai_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.WAGTAILADMIN_PERMITTED_LANGUAGES == [("zh-hans", "简体中文")]


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", ALLOWED_HOSTS="portal.example.gov.cn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", SECRET_KEY=GOOD_SECRET)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_personal_data_key():
    result = _manage("check", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="portal.example.gov.cn")
    assert result.returncode != 0
    assert "PII_ENCRYPTION_KEYS" in result.stderr


def test_deploy_check_with_production_settings_reports_nothing():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="portal.example.gov.cn",
        PII_ENCRYPTION_KEYS=PII_KEY,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
