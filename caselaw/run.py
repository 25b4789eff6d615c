"""`make run`: prepare the instance, start web + worker + beat, and on Ctrl-C stop it all,
the embedded PostgreSQL included.

    python -m caselaw.run [--port 8000]
"""

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    port = parser.parse_args().port
    env = {**os.environ, "PORT": str(port)}
    # Links in alert e-mails: honcho gives each process a PORT of its own (the worker's is
    # the web's + 100), so the worker cannot tell the site's address from it.
    env.setdefault("CASELAW_SITE_URL", f"http://127.0.0.1:{port}")
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    embedded = not env.get("DATABASE_URL")
    var_dir = Path(env.get("CASELAW_VAR_DIR", ROOT / "var"))
    processes = None
    try:
        subprocess.run(
            [sys.executable, "manage.py", "bootstrap", "--port", str(port)], cwd=ROOT, env=env, check=True
        )
        processes = subprocess.Popen(
            [sys.executable, "-m", "honcho", "start", "-f", "Procfile"], cwd=ROOT, env=env
        )
        return processes.wait()
    except KeyboardInterrupt:
        # The terminal sent Ctrl-C to honcho too; let it stop its processes.
        if processes is not None:
            try:
                return processes.wait(30)
            except subprocess.TimeoutExpired:
                processes.send_signal(signal.SIGTERM)
                return processes.wait()
        return 130
    except subprocess.CalledProcessError as error:
        return error.returncode
    finally:
        if embedded:
            from caselaw.embedded import stop_database

            if stop_database(var_dir):
                print("Stopped the embedded PostgreSQL.")


if __name__ == "__main__":
    sys.exit(main())
