"""The embedded runtime: PostgreSQL from the `pgserver` package and a file-based broker.

Used only when DATABASE_URL / CELERY_BROKER_URL are not set, so that `make run` and
`make test` work on a machine with nothing but Python. Production sets both variables.
"""

import os
import signal
import time
from pathlib import Path


def database_url(var_dir: Path) -> str:
    """Start (or join) the embedded PostgreSQL whose data lives in var/pgdata.

    pgserver keeps one server per data directory and counts the processes using it;
    with cleanup_mode="stop" the server stops when the last of them exits, so Ctrl-C on
    `make run` leaves nothing behind and the next run reuses the data.
    """
    import pgserver

    server = pgserver.get_server(var_dir / "pgdata", cleanup_mode="stop")
    return server.get_uri()


# How long a worker sleeps when it finds nothing to take. kombu's default is 1 s, and a
# worker whose pool is full sleeps it too before taking the next message, which capped
# delivery at about one small task a second per worker child. Each poll lists the queue
# folder: at 0.05 s an idle worker stays under 1% of one core (benchmarks/broker.py).
BROKER_POLLING_INTERVAL = 0.05


def _in_order_cycle():
    from kombu.utils.scheduling import FairCycle

    class InOrderCycle(FairCycle):
        """Looks in the queues in the order the worker consumes them (-Q celery,index,alerts,ocr) every
        time, so text-layer work is taken before OCR work, as Redis does with
        queue_order_strategy "priority". kombu's FairCycle takes turns."""

        def get(self, callback, **kwargs):
            self.pos = 0
            return super().get(callback, **kwargs)

    return InOrderCycle


def filesystem_transport():
    """kombu's filesystem transport, taking its queues in order (CELERY_BROKER_TRANSPORT
    names the class below)."""
    from kombu.transport import filesystem
    from kombu.transport.virtual.base import Empty

    in_order = _in_order_cycle()

    class Channel(filesystem.Channel):
        def _reset_cycle(self):
            self._cycle = in_order(self._get_and_deliver, self._active_queues, Empty)

    class Transport(filesystem.Transport):
        pass

    Transport.Channel = Channel
    return Transport


def __getattr__(name):
    # `caselaw.embedded:FilesystemTransport`, made on first use (kombu is not imported by
    # everything that imports this module).
    if name == "FilesystemTransport":
        globals()[name] = filesystem_transport()
        return globals()[name]
    raise AttributeError(name)


def broker_options(var_dir: Path, polling_interval: float = BROKER_POLLING_INTERVAL) -> dict:
    """Folders for kombu's filesystem transport (messages are files under var/broker), and
    how often a worker looks in them."""
    folder = var_dir / "broker"
    for name in ("queue", "processed", "control"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    return {
        "polling_interval": polling_interval,
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "store_processed": False,
        "control_folder": str(folder / "control"),
    }


def stop_database(var_dir: Path, timeout: float = 30) -> bool:
    """Stop the embedded PostgreSQL (a fast shutdown, as `pg_ctl stop -m fast` does).

    pgserver stops the server when the last process that opened it exits normally, but
    worker processes that are killed never say goodbye; `make run` calls this on Ctrl-C.
    """
    pidfile = var_dir / "pgdata" / "postmaster.pid"
    try:
        pid = int(pidfile.read_text().split()[0])
        os.kill(pid, signal.SIGINT)
    except (FileNotFoundError, ValueError, IndexError, ProcessLookupError):
        return False
    deadline = time.monotonic() + timeout
    while pidfile.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    return not pidfile.exists()
