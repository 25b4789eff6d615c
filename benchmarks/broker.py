"""How fast the broker hands a worker small tasks, and what the worker costs while idle.

    .venv/bin/python benchmarks/broker.py [--tasks 300 --idle-seconds 30]

Starts one Celery worker as the Procfile does (prefork, two children, gossip and
heartbeats on) against the configured broker: kombu's filesystem transport under
CASELAW_VAR_DIR (default var/bench-broker/) when CELERY_BROKER_URL is unset, as
`make run` has it. Measures, with Celery's own no-op task (`celery.accumulate`):

- idle: the worker's CPU (its process and children, /proc utime + stime) over a quiet
  stretch, as a share of one core;
- latency: one task at a time, from sending it to the worker's log saying it succeeded;
- burst: tasks a second when many are queued at once.

It needs the database only because the worker loads Django's settings (the embedded
PostgreSQL, or DATABASE_URL). It exits 0: it is a measurement, not a test.
"""

import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUCCEEDED = re.compile(r"Task celery\.accumulate\[([0-9a-f-]+)\] succeeded")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--tasks", type=int, default=300, help="tasks in the burst (default 300)")
    parser.add_argument("--one-by-one", type=int, default=30, help="tasks sent one at a time (default 30)")
    parser.add_argument("--idle-seconds", type=float, default=30, help="idle stretch measured (default 30)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker children (default 2)")
    return parser.parse_args()


class Worker:
    """`celery worker` as the Procfile runs it, logging to a file we read."""

    def __init__(self, var_dir: Path, concurrency: int):
        self.log_path = var_dir / "broker-bench-worker.log"
        self.concurrency = concurrency

    def start(self, timeout: float = 90) -> "Worker":
        self.log = open(self.log_path, "w")
        command = [sys.executable, "-m", "celery", "-A", "caselaw", "worker", "--pool=prefork"]
        command += ["--loglevel=INFO", f"--concurrency={self.concurrency}", "-n", "brokerbench@%h"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=os.environ,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while "ready." not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start:\n{self.output()[-3000:]}")
            time.sleep(0.2)
        return self

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text()

    def succeeded(self) -> set[str]:
        """Ids of the tasks the log says succeeded so far (read on from where we left off)."""
        if not hasattr(self, "reader"):
            self.reader, self.done, self.partial = open(self.log_path), set(), ""
        text = self.partial + self.reader.read()
        lines = text.split("\n")
        self.partial = lines.pop()
        self.done.update(match for line in lines for match in SUCCEEDED.findall(line))
        return self.done

    def cpu_seconds(self) -> float:
        """utime + stime of the worker's process group (main process and pool children)."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid:  # field 5, the process group
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")


def wait_for(worker: Worker, ids: set[str], timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while not ids <= worker.succeeded():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(ids - worker.succeeded())} tasks not done in {timeout:.0f}s")
        time.sleep(0.005)
    return time.perf_counter()


def main() -> None:
    args = parse_args()
    os.environ.setdefault("CASELAW_VAR_DIR", str(ROOT / "var" / "bench-broker"))
    os.environ.setdefault("CASELAW_DEV", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "caselaw.settings"
    import django

    django.setup()
    from django.conf import settings

    from caselaw.celery import app

    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    print(
        f"broker {settings.CELERY_BROKER_URL}, polling_interval {options.get('polling_interval', 'default')}"
    )
    app.control.purge()
    worker = Worker(Path(settings.VAR_DIR), args.concurrency).start()
    try:
        time.sleep(3)  # let start-up settle before the idle stretch
        before, started = worker.cpu_seconds(), time.perf_counter()
        time.sleep(args.idle_seconds)
        idle = (worker.cpu_seconds() - before) / (time.perf_counter() - started)
        print(f"idle: worker + children {100 * idle:.1f}% of one core over {args.idle_seconds:.0f} s")

        latencies = []
        for n in range(args.one_by_one):
            sent = time.perf_counter()
            task_id = app.send_task("celery.accumulate", args=(n,)).id
            latencies.append(wait_for(worker, {task_id}, 30) - sent)
            time.sleep(random.uniform(0.05, 0.5))  # not in step with the worker's polling
        latencies.sort()
        p50, p95 = statistics.median(latencies), latencies[int(0.95 * (len(latencies) - 1))]
        print(
            f"latency, one task at a time ({len(latencies)}): p50 {1000 * p50:.0f} ms, "
            f"p95 {1000 * p95:.0f} ms, max {1000 * latencies[-1]:.0f} ms"
        )

        sent = time.perf_counter()
        ids = {app.send_task("celery.accumulate", args=(n,)).id for n in range(args.tasks)}
        queued = time.perf_counter() - sent
        seconds = wait_for(worker, ids, 600) - sent
        print(
            f"burst: {args.tasks} tasks in {seconds:.2f} s = {args.tasks / seconds:.1f} tasks/s "
            f"(sent in {queued:.2f} s)"
        )
    finally:
        worker.stop()


if __name__ == "__main__":
    main()
