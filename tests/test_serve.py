"""bin/serve (what `make run` starts): the address it is given, logs under VAR_DIR."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.worker


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def _accepts(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def test_serve_listens_where_it_is_told_and_logs_under_var_dir(tmp_path):
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "PORT_BIND")
    }
    env.update(DEBUG="true", BIND=f"127.0.0.1:{port}", VAR_DIR=str(tmp_path / "state"))
    output = tmp_path / "output.txt"
    with output.open("w") as out:
        process = subprocess.Popen(
            ["bin/serve"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        assert _wait_for(lambda: _accepts(port)), output.read_text()
        text = output.read_text()
        assert f"Portal: http://127.0.0.1:{port}" in text
        assert "127.0.0.1:8000" not in text
        assert f"{tmp_path / 'state'}/log/celery.log" in text
        logs = tmp_path / "state" / "log"
        assert (logs / "celery.log").exists()
        assert _wait_for(
            lambda: "Starting development server" in (logs / "runserver.log").read_text()
        )
        assert not (ROOT / "var" / "log" / "runserver.log").exists()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
