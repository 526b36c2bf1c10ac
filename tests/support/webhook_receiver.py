#!/usr/bin/python3
"""A local webhook receiver for tests: records every POST on 127.0.0.1.

The first stdout line is "PORT <n>". Each POST is appended to --record as one JSON line:
  {"path", "headers": {lower-case name: value}, "body": text, "json": parsed body or null}
and answered with 200 {"ok": true} unless told otherwise:
  --port N         port to listen on (0, the default, picks a free one)
  --record FILE    where to append the JSON lines (default: nowhere)
  --fail-first N   answer the first N POSTs with 503 (body "try again later")
  --status CODE    answer every POST (after any --fail-first ones) with CODE
Failed POSTs are recorded too. GET answers 200 "ok" (a readiness probe). SIGTERM or SIGINT
stops it cleanly (exit 0).
"""
import argparse
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class State:
    def __init__(self, record_path, fail_first, status):
        self.record_path = record_path
        self.fail_left = fail_first
        self.status = status
        self.lock = threading.Lock()

    def record_and_decide(self, entry):
        with self.lock:
            if self.record_path:
                with open(self.record_path, "a", encoding="utf-8") as out:
                    out.write(json.dumps(entry, ensure_ascii=False) + "\n")
                    out.flush()
            if self.fail_left > 0:
                self.fail_left -= 1
                return 503, "try again later"
            if self.status:
                return self.status, f"status {self.status}"
            return 200, '{"ok": true}'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, fmt, *args):  # keep the test output quiet
        pass

    def reply(self, status, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if body.startswith("{") else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.reply(200, "ok")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        text = raw.decode("utf-8", "replace")
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        entry = {
            "path": self.path,
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "body": text,
            "json": parsed,
        }
        status, body = self.state.record_and_decide(entry)
        self.reply(status, body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--record", default="")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--status", type=int, default=0)
    args = parser.parse_args()

    Handler.state = State(args.record, args.fail_first, args.status)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)

    def stop(signum, frame):
        # shutdown() waits for serve_forever to return, so it must run on another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
