#!/usr/bin/python3
"""A local webhook receiver for tests: records every POST (and PUT) on 127.0.0.1.

The first stdout line is "PORT <n>". Each POST or PUT is appended to --record as one JSON line:
  {"method", "path", "headers": {lower-case name: value}, "body": text, "json": parsed body or
   null, "body_base64": the exact bytes received}
(with --secret also "signature_valid": true/false) and answered with 200 {"ok": true} unless
told otherwise:
  --port N         port to listen on (0, the default, picks a free one)
  --record FILE    where to append the JSON lines (default: nowhere)
  --fail-first N   answer the first N requests with 503 (body "try again later")
  --status CODE    answer every request (after any --fail-first ones) with CODE
  --reply-body S   the body of those --status answers (default "status CODE")
  --reply-header H one "Name: value" header added to those --status answers (repeatable)
  --secret S       a Standard Webhooks secret ("whsec_<base64>"): each request's
                   webhook-signature is checked over the exact bytes received, with the
                   stdlib's hmac, and the verdict recorded as "signature_valid"
Failed requests are recorded too. GET answers 200 "ok" (a readiness probe). SIGTERM or SIGINT
stops it cleanly (exit 0).
"""
import argparse
import base64
import hashlib
import hmac
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def signature_valid(secret, headers, raw):
    """Standard Webhooks: HMAC-SHA256 of "id.timestamp.body" with the base64 key after whsec_;
    the header holds space-separated "v1,<base64>" signatures, any of which may match."""
    key = base64.b64decode(secret[len("whsec_"):])
    signed = headers.get("webhook-id", "").encode() + b"." + headers.get("webhook-timestamp", "").encode() + b"." + raw
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for candidate in headers.get("webhook-signature", "").split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


class State:
    def __init__(self, record_path, fail_first, status, reply_body="", reply_headers=(), secret=""):
        self.record_path = record_path
        self.fail_left = fail_first
        self.status = status
        self.reply_body = reply_body
        self.reply_headers = list(reply_headers)
        self.secret = secret
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
                return self.status, self.reply_body or f"status {self.status}"
            return 200, '{"ok": true}'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, fmt, *args):  # keep the test output quiet
        pass

    def reply(self, status, body, extra_headers=()):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if body.startswith("{") else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra_headers:
            self.send_header(name, value)
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
        headers = {name.lower(): value for name, value in self.headers.items()}
        entry = {
            "method": self.command,
            "path": self.path,
            "headers": headers,
            "body": text,
            "json": parsed,
            "body_base64": base64.b64encode(raw).decode("ascii"),
        }
        if self.state.secret:
            entry["signature_valid"] = signature_valid(self.state.secret, headers, raw)
        status, body = self.state.record_and_decide(entry)
        extra = self.state.reply_headers if status == self.state.status else ()
        self.reply(status, body, extra)

    do_PUT = do_POST


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--record", default="")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--status", type=int, default=0)
    parser.add_argument("--reply-body", default="")
    parser.add_argument("--reply-header", action="append", default=[])
    parser.add_argument("--secret", default="")
    args = parser.parse_args()

    headers = [tuple(part.strip() for part in h.split(":", 1)) for h in args.reply_header]
    Handler.state = State(args.record, args.fail_first, args.status, args.reply_body, headers, args.secret)
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
