"""A real Celery worker process for tests, pointed at the test database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


class WorkerProcess:
    def __init__(self, name: str = "test", concurrency: int = 1, extra_env: dict | None = None):
        self.name = name
        self.concurrency = concurrency
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen | None = None
        self.log_path = Path(settings.VAR_DIR) / f"worker-{name}-{os.getpid()}.log"

    def start(self, timeout: float = 60) -> "WorkerProcess":
        env = {
            **os.environ,
            "CASELAW_DB_NAME": connection.settings_dict["NAME"],
            "CASELAW_VAR_DIR": str(settings.VAR_DIR),
            "CASELAW_SEARCH_INDEX_DIR": str(settings.CASELAW_SEARCH_INDEX_DIR),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            **self.extra_env,
        }
        self.log = open(self.log_path, "w")
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "caselaw",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={self.concurrency}",
            "--queues=celery,index,alerts,ocr",  # as the Procfile: text layers, index syncs, alerts, OCR
            "-n",
            f"{self.name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready." in self.log_path.read_text():
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log_path.read_text()}")
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready in {timeout}s:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once, as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text()
