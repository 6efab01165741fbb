"""A local stand-in for the Telegram Bot API: a tiny threaded HTTP server, no network.

Tests script its answers (``bot.answer(500)``, ``bot.answer(429, retry_after=30)``) and read
what the portal sent (``bot.sent``: the JSON of each ``sendMessage``).
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "123456:test-token"


class FakeBotApi:
    def __init__(self):
        self.sent = []
        self.calls = []  # (method, payload) of every successful call
        self.answers = []  # scripted (status, body), used first to last; then «ok»
        self.delay = 0.0
        self.lock = threading.Lock()
        bot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                method = self.path.rsplit("/", 1)[-1]
                if not self.path.startswith(f"/bot{TOKEN}/"):
                    status, body = 401, {"ok": False, "description": "Unauthorized"}
                else:
                    with bot.lock:
                        status, body = bot.answers.pop(0) if bot.answers else (200, None)
                        if status == 200:
                            bot.calls.append((method, payload))
                        if status == 200 and method == "sendMessage":
                            bot.sent.append(payload)
                    if body is None:
                        body = {"ok": True, "result": {"message_id": len(bot.sent)}}
                if bot.delay:
                    threading.Event().wait(bot.delay)
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, status, description="", retry_after=None, raw=None):
        if raw is not None:
            body = raw
        else:
            body = {"ok": False, "error_code": status, "description": description}
            if retry_after:
                body["parameters"] = {"retry_after": retry_after}
        self.answers.append((status, body))

    def texts(self):
        return [message["text"] for message in self.sent]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
