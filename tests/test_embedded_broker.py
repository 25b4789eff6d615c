"""The embedded broker of `make run` (kombu's filesystem transport) hands a worker its next
message within a fraction of a second. With kombu's default the worker slept a whole
second whenever it found nothing it could take, its pool full included, so small tasks
went through at about one a second per worker child. benchmarks/broker.py measures the
rates and the idle cost; these tests hold the setting and its effect."""

import os
import re
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from kombu import Connection

from caselaw.celery import app
from caselaw.embedded import BROKER_POLLING_INTERVAL, broker_options
from tests.worker import ROOT

TASKS = 20


def test_the_file_broker_is_polled_at_least_ten_times_a_second(tmp_path):
    with Connection("filesystem://", transport_options=broker_options(tmp_path)) as connection:
        assert connection.transport.polling_interval == BROKER_POLLING_INTERVAL <= 0.1


@pytest.fixture
def file_broker_worker(tmp_path):
    """A worker with one child on the file broker `make run` uses, on a queue of its own
    (the folder is shared with whatever else uses this var/ folder's broker)."""
    queue = f"broker-test-{os.getpid()}"
    log_path = tmp_path / "worker.log"
    env = {**os.environ, "CASELAW_VAR_DIR": str(settings.VAR_DIR), "CELERY_BROKER_URL": "filesystem://"}
    command = [sys.executable, "-m", "celery", "-A", "caselaw", "worker", "--loglevel=INFO"]
    command += ["--concurrency=1", "-Q", queue, "-n", f"{queue}@%h"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        yield queue, log_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.mark.worker
def test_a_worker_on_the_file_broker_does_not_sleep_a_second_between_tasks(file_broker_worker):
    queue, log_path = file_broker_worker
    options = broker_options(settings.VAR_DIR)
    with Connection("filesystem://", transport_options=options) as connection:
        started = time.monotonic()
        for n in range(TASKS):
            app.send_task("celery.accumulate", args=(n,), queue=queue, connection=connection)

    def done() -> int:
        return len(re.findall(r"Task celery\.accumulate\[.+\] succeeded", log_path.read_text()))

    # With one child, each task after the first waited out a polling sleep: kombu's default
    # of 1 s made 20 tasks take at least 19 s. Now they take about 1 s; 10 s leaves room
    # for a busy machine and still fails the old setting.
    while done() < TASKS and time.monotonic() - started < 60:
        time.sleep(0.05)
    seconds = time.monotonic() - started
    assert done() == TASKS, log_path.read_text()[-3000:]
    assert seconds < TASKS / 2, f"{TASKS} no-op tasks took {seconds:.1f}s"
