#!/usr/bin/python3
"""A fixture HTTP server for vigil's tests and benchmarks (stdlib only).

It serves files from --root with validators, misbehaves on purpose on request, records webhook
POSTs, and counts what it saw so a test can assert limits. Listens on 127.0.0.1 only.

  http_server.py [--port 0] [--root DIR] [--record FILE] [--script FILE] [--bind 127.0.0.1]
                 [--tls-cert FILE --tls-key FILE] [--verbose]

The first stdout line is "PORT <n>" (flushed). SIGTERM or SIGINT shuts it down cleanly (exit 0).

Endpoints (any method unless noted; request counting and limits are described under /stats):
  GET|HEAD /<path>            the file root/<path> with ETag (content hash) and Last-Modified (file
                              mtime). 304 for a matching If-None-Match, or (only when the request
                              has no If-None-Match) an If-Modified-Since at or after the mtime.
                              ?gzip=1 (or ?deflate=1) compresses the body when the request's
                              Accept-Encoding allows it; without it bodies are sent as they are.
                              ?type=T overrides the Content-Type (otherwise by extension).
                              ?max_age=N adds Cache-Control: max-age=N (to 200 and 304).
  /ok                         200 "ok"
  /status/<code>              that status; ?retry_after=N adds Retry-After, ?location=URL a Location
  /delay/<ms>/<rest>          waits, then answers as /<rest> would (/delay/<ms> alone: as /ok)
  /redirect/<n>               a chain of n 302s ending at /ok
  /redirect-to?url=U          302 (or ?status=N) to U
  /huge/<bytes>               that many bytes of "x"; ?chunked=1 sends no Content-Length (body
                              ends when the connection closes)
  /slowbody/<ms>              200 with Content-Length 10: sends "hello", stalls <ms>, sends "world"
  /echo                       JSON {"method", "path", "headers": {lower-case names}, "body"}
Misbehaviour (each bounded in time, so a test never leaves a thread behind for long):
  /hang                       reads the request and never answers (closes after ?max=S s, default 30)
  /drip/<n>                   200 with Content-Length n, then one byte per second (n at most 600)
  /reset                      200 with Content-Length 100000, 1000 bytes, then a TCP reset (RST)
  /loop                       302 to itself, forever
  /gzipbomb/<bytes>           that many zero bytes gzip-compressed, sent with Content-Encoding: gzip
                              whatever the request accepts (10 MB compress to about 10 KB)
  /retry-date/<code>?after=N  that status with Retry-After as an HTTP-date N seconds from now
A request in absolute form ("GET http://host/path", as sent to a proxy) is answered as its path
would be, and counted in /stats "proxied": the server doubles as a forward HTTP proxy.
  POST /hook/<name>           recorded (see below), answered 200 {"ok":true}
Control (not counted in /stats):
  /stats                      JSON {"total", "paths": {path: count}, "in_progress", "max_concurrent",
                              "proxied"}; total/paths count requests by path without the query
                              string; max_concurrent is the most requests in progress at once
  /control/requests?path=P    JSON list of the arrival times (Unix seconds, float) of requests to P
  /stats/reset                zeroes the counters
  /control/fail?path=P&status=S&count=K[&retry_after=N]
                              the next K requests to path P answer status S (hook POSTs are still
                              recorded, with that status); rules for one path queue up
  /control/recorded[?path=P]  JSON list of the recorded POSTs (optionally for one path)
  /control/reset              clears stats, fail rules and recorded POSTs (not the --record file)

Recording: every POST to /hook/<name> becomes one JSON line
  {"path", "headers": {lower-case names}, "body", "status"}
appended to --record FILE (flushed per line) and kept in memory for /control/recorded.
--script FILE: a JSON list of fail rules [{"path", "status", "count", "retry_after"?}] active at start.
"""

import argparse
import email.utils
import gzip
import hashlib
import json
import os
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CONTENT_TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".opml": "text/x-opml",
}
CONTROL_PREFIXES = ("/stats", "/control/")


class State:
    def __init__(self, root, record_path):
        self.lock = threading.Lock()
        self.root = os.path.realpath(root) if root else None
        self.record_file = open(record_path, "a", encoding="utf-8") if record_path else None
        self.recorded = []
        self.fail_rules = {}  # path -> list of [status, remaining, retry_after]
        self.reset_stats()

    def reset_stats(self):
        self.total = 0
        self.paths = {}
        self.arrivals = {}  # path -> [time.time() of each request]
        self.proxied = 0
        self.in_progress = getattr(self, "in_progress", 0)
        self.max_concurrent = self.in_progress

    def begin(self, path, proxied=False):
        with self.lock:
            self.total += 1
            self.proxied += 1 if proxied else 0
            self.paths[path] = self.paths.get(path, 0) + 1
            self.arrivals.setdefault(path, []).append(time.time())
            self.in_progress += 1
            self.max_concurrent = max(self.max_concurrent, self.in_progress)

    def end(self):
        with self.lock:
            self.in_progress -= 1

    def stats(self):
        with self.lock:
            return {"total": self.total, "paths": dict(self.paths), "proxied": self.proxied,
                    "in_progress": self.in_progress, "max_concurrent": self.max_concurrent}

    def add_fail_rule(self, path, status, count, retry_after=None):
        with self.lock:
            self.fail_rules.setdefault(path, []).append([int(status), int(count), retry_after])

    def take_failure(self, path):
        """The (status, retry_after) a fail rule imposes on this request, or None."""
        with self.lock:
            rules = self.fail_rules.get(path)
            while rules and rules[0][1] <= 0:
                rules.pop(0)
            if not rules:
                return None
            rules[0][1] -= 1
            return rules[0][0], rules[0][2]

    def record(self, entry):
        line = json.dumps(entry, ensure_ascii=False)
        with self.lock:
            self.recorded.append(entry)
            if self.record_file:
                self.record_file.write(line + "\n")
                self.record_file.flush()


class Handler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms delayed-ACK stall
    protocol_version = "HTTP/1.1"
    server_version = "vigil-test/1"
    state: State = None
    verbose = False

    def log_message(self, fmt, *args):
        if self.verbose:
            sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def do_GET(self):
        self.dispatch()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    # --- plumbing -------------------------------------------------------------------------

    def dispatch(self):
        try:
            url = urllib.parse.urlsplit(self.path)
            path = url.path
            query = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query, keep_blank_values=True).items()}
            body = self.read_body()
            if path.startswith(CONTROL_PREFIXES):
                self.control(path, query)
                return
            self.state.begin(path, proxied=self.path.startswith(("http://", "https://")))
            self.tracked = True
            try:
                self.route(path, query, body)
            finally:
                self.untrack()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def lower_headers(self):
        return {k.lower(): v for k, v in self.headers.items()}

    def untrack(self):
        # A request stops counting as "in progress" once its answer starts going out: the client
        # may start its next request the moment the last byte arrives, before this thread resumes.
        if getattr(self, "tracked", False):
            self.tracked = False
            self.state.end()

    def reply(self, status, body=b"", content_type="text/plain; charset=utf-8", headers=()):
        self.untrack()
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status >= 200 and status not in (204, 304):
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and status >= 200 and status not in (204, 304):
            self.wfile.write(body)

    def reply_json(self, status, value, headers=()):
        self.reply(status, json.dumps(value), "application/json", headers)

    # --- control --------------------------------------------------------------------------

    def control(self, path, query):
        if path == "/stats":
            self.reply_json(200, self.state.stats())
        elif path == "/stats/reset":
            with self.state.lock:
                self.state.reset_stats()
            self.reply_json(200, {"ok": True})
        elif path == "/control/fail":
            retry_after = query.get("retry_after")
            self.state.add_fail_rule(query["path"], query.get("status", "503"), query.get("count", "1"),
                                     int(retry_after) if retry_after else None)
            self.reply_json(200, {"ok": True})
        elif path == "/control/requests":
            with self.state.lock:
                times = list(self.state.arrivals.get(query.get("path", ""), []))
            self.reply_json(200, times)
        elif path == "/control/recorded":
            with self.state.lock:
                entries = [e for e in self.state.recorded if "path" not in query or e["path"] == query["path"]]
            self.reply_json(200, entries)
        elif path == "/control/reset":
            with self.state.lock:
                self.state.reset_stats()
                self.state.fail_rules.clear()
                self.state.recorded.clear()
            self.reply_json(200, {"ok": True})
        else:
            self.reply(404, "unknown control endpoint\n")

    # --- behaviour ------------------------------------------------------------------------

    def route(self, path, query, body):
        if path.startswith("/delay/"):
            parts = path.split("/", 3)  # ["", "delay", ms, rest]
            time.sleep(int(parts[2]) / 1000.0)
            self.route("/" + (parts[3] if len(parts) > 3 and parts[3] else "ok"), query, body)
            return
        failure = self.state.take_failure(path)
        if path.startswith("/hook/") and self.command == "POST":
            status = failure[0] if failure else 200
            self.state.record({"path": path, "headers": self.lower_headers(),
                               "body": body.decode("utf-8", "replace"), "status": status})
        if failure:
            status, retry_after = failure
            extra = [("Retry-After", str(retry_after))] if retry_after is not None else []
            self.reply(status, "failing on purpose: status %d\n" % status, headers=extra)
            return
        if path.startswith("/hook/") and self.command == "POST":
            self.reply_json(200, {"ok": True})
        elif path == "/ok":
            self.reply(200, "ok")
        elif path.startswith("/status/"):
            self.status(int(path.split("/")[2]), query)
        elif path.startswith("/redirect/"):
            n = int(path.split("/")[2])
            self.reply(302, "redirect\n", headers=[("Location", "/redirect/%d" % (n - 1) if n > 1 else "/ok")])
        elif path == "/redirect-to":
            self.reply(int(query.get("status", "302")), "redirect\n", headers=[("Location", query["url"])])
        elif path.startswith("/huge/"):
            self.huge(int(path.split("/")[2]), query.get("chunked") == "1")
        elif path.startswith("/slowbody/"):
            self.slow_body(int(path.split("/")[2]))
        elif path == "/hang":
            self.hang(float(query.get("max", "30")))
        elif path.startswith("/drip/"):
            self.drip(min(int(path.split("/")[2]), 600))
        elif path == "/reset":
            self.reset_mid_body()
        elif path == "/loop":
            self.reply(302, "again\n", headers=[("Location", "/loop")])
        elif path.startswith("/gzipbomb/"):
            self.reply(200, gzip_zeros(int(path.split("/")[2])), "application/rss+xml",
                       headers=[("Content-Encoding", "gzip")])
        elif path.startswith("/retry-date/"):
            when = time.time() + int(query.get("after", "60"))
            self.reply(int(path.split("/")[2]), "come back later\n",
                       headers=[("Retry-After", email.utils.formatdate(when, usegmt=True))])
        elif path == "/echo":
            self.reply_json(200, {"method": self.command, "path": self.path, "headers": self.lower_headers(),
                                  "body": body.decode("utf-8", "replace")})
        elif self.command in ("GET", "HEAD"):
            self.serve_file(path, query)
        else:
            self.reply(405, "method not allowed\n")

    def status(self, code, query):
        headers = []
        if "retry_after" in query:
            headers.append(("Retry-After", query["retry_after"]))
        if "location" in query:
            headers.append(("Location", query["location"]))
        self.reply(code, "status %d\n" % code, headers=headers)

    def huge(self, size, chunked):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if chunked:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        block = b"x" * 65536
        left = size
        while left > 0 and self.command != "HEAD":
            n = min(left, len(block))
            self.wfile.write(block[:n])
            left -= n

    def hang(self, limit):
        # Accepted and read, never answered: the client's timeout has to end it.
        deadline = time.time() + limit
        while time.time() < deadline:
            time.sleep(0.2)
        self.close_connection = True

    def drip(self, size):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        self.wfile.flush()
        for _ in range(size):
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(1.0)

    def reset_mid_body(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<" * 1000)
        self.wfile.flush()
        # SO_LINGER with a zero timeout turns close() into a reset.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def slow_body(self, ms):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "10")
        self.end_headers()
        self.wfile.write(b"hello")
        self.wfile.flush()
        time.sleep(ms / 1000.0)
        self.wfile.write(b"world")

    def serve_file(self, path, query):
        root = self.state.root
        full = os.path.realpath(os.path.join(root, urllib.parse.unquote(path).lstrip("/"))) if root else ""
        if not root or not full.startswith(root + os.sep) or not os.path.isfile(full):
            self.reply(404, "not found\n")
            return
        with open(full, "rb") as f:
            data = f.read()
        mtime = int(os.stat(full).st_mtime)
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:20]
        validators = [("ETag", etag), ("Last-Modified", email.utils.formatdate(mtime, usegmt=True))]
        if "max_age" in query:
            validators.append(("Cache-Control", "max-age=%d" % int(query["max_age"])))
        if self.not_modified(etag, mtime):
            self.reply(304, headers=validators)
            return
        content_type = query.get("type") or CONTENT_TYPES.get(os.path.splitext(full)[1].lower(),
                                                              "application/octet-stream")
        accepted = self.headers.get("Accept-Encoding", "")
        headers = list(validators)
        if query.get("gzip") == "1" and "gzip" in accepted:
            data = gzip.compress(data)
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        elif query.get("deflate") == "1" and "deflate" in accepted:
            data = zlib.compress(data)
            headers += [("Content-Encoding", "deflate"), ("Vary", "Accept-Encoding")]
        self.reply(200, data, content_type, headers)

    def not_modified(self, etag, mtime):
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [t.strip() for t in if_none_match.split(",")]
            return "*" in tags or etag in [t[2:] if t.startswith("W/") else t for t in tags]
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                return email.utils.parsedate_to_datetime(if_modified_since).timestamp() >= mtime
            except (TypeError, ValueError):
                return False
        return False


_gzip_cache = {}


def gzip_zeros(size):
    if size not in _gzip_cache:
        _gzip_cache[size] = gzip.compress(b"\0" * size, compresslevel=9)
    return _gzip_cache[size]


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # stress tests open hundreds of connections at once
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client that refused our certificate or hung up is the test working, not a bug.
        error = sys.exc_info()[1]
        if isinstance(error, (ssl.SSLError, ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description="vigil's fixture HTTP server")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--root", default=None, help="directory to serve files from")
    parser.add_argument("--record", default=None, help="append hook POSTs here as JSON lines")
    parser.add_argument("--script", default=None, help="JSON list of fail rules active at start")
    parser.add_argument("--verbose", action="store_true", help="log requests to stderr")
    parser.add_argument("--tls-cert", default=None, help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--tls-key", default=None, help="the certificate's private key (PEM)")
    args = parser.parse_args()

    Handler.state = State(args.root, args.record)
    Handler.verbose = args.verbose
    if args.script:
        with open(args.script, encoding="utf-8") as f:
            for rule in json.load(f):
                Handler.state.add_fail_rule(rule["path"], rule.get("status", 503), rule.get("count", 1),
                                            rule.get("retry_after"))

    server = Server((args.bind, args.port), Handler)
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        # The handshake runs in the handler's thread (on first read), so a client that refuses
        # the certificate fails its own connection only.
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)

    def stop(_signum, _frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    # Handlers first: whoever reads the PORT line may send SIGTERM right away.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.2)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
