"""Private Redis servers and fake SMTP servers for the fault tests.

The machine's Redis on 6379 is shared: fault tests start their own ``redis-server`` on a
free port (no persistence) and stop it afterwards.
"""

import contextlib
import shutil
import socket
import subprocess
import time

from django.conf import settings

from kitek_portal.celery import app


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


class PrivateRedis:
    """A throwaway ``redis-server`` that can be stopped and started again, empty."""

    def __init__(self):
        assert shutil.which("redis-server"), "redis-server is needed for the fault tests"
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None


@contextlib.contextmanager
def private_redis():
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _reset_pools():
    # kombu keeps one pool per broker address in a process-wide registry; closing only the
    # app's pool would leave a closed pool there for the next test that uses that broker.
    from kombu import pools

    pools.reset()
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@contextlib.contextmanager
def use_broker(url):
    """Point the portal's Celery app at another Redis, configured as settings configure Redis."""
    keys = ("broker_url", "broker_transport_options", "worker_enable_remote_control")
    saved = {key: app.conf[key] for key in keys}
    _reset_pools()
    app.conf.update(
        broker_url=url,
        broker_transport_options=dict(settings.REDIS_BROKER_OPTIONS),
        worker_enable_remote_control=True,
    )
    try:
        yield
    finally:
        _reset_pools()
        app.conf.update(saved)
