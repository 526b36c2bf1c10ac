#!/usr/bin/python3
"""A local SMTP server for tests: accepts mail on 127.0.0.1 and records each message.

Run with Debian's /usr/bin/python3 (it has python3-aiosmtpd). The first stdout line is
"PORT <n>". Each accepted message is appended to --record as one JSON line:
  {"mail_from", "rcpt_tos", "message_id", "subject", "from", "to", "date", "list_id",
   "auto_submitted", "text", "html", "raw", "defects"}
Header values are decoded (RFC 2047) by the stdlib's email.policy.default; "text" and "html"
are the decoded bodies of the text/plain and text/html parts (null when absent); "defects"
lists what the stdlib parser found wrong with the message (empty for a well-formed one).

Options:
  --port N         port to listen on (0, the default, picks a free one)
  --record FILE    where to append the JSON lines (default: nowhere)
  --fail-first N   answer the first N DATA commands with "451 4.3.0 try again"
  --reject         answer every DATA with "550 5.7.1 rejected"
  --delay-ms N     wait N milliseconds before answering each DATA (the message is recorded
                   after the wait, just before the reply), so a test can catch sends in flight
  --parse FILE     do not serve: print the JSON record of the message in FILE and exit
                   (mail_from and rcpt_tos are null), to check a rendered message offline
No TLS and no AUTH. SIGTERM or SIGINT stops it cleanly (exit 0).
"""
import argparse
import asyncio
import email
import email.policy
import json
import signal
import sys

from aiosmtpd.smtp import SMTP


def body_of(msg, subtype):
    try:
        part = msg.get_body(preferencelist=(subtype,))
        return None if part is None else part.get_content()
    except Exception as exc:  # a malformed part is recorded, not fatal
        return f"<undecodable: {exc}>"


def describe(envelope):
    raw = envelope.original_content or envelope.content
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    return describe_message(raw, envelope.mail_from, list(envelope.rcpt_tos))


def describe_message(raw, mail_from, rcpt_tos):
    record = {
        "mail_from": mail_from,
        "rcpt_tos": rcpt_tos,
        "raw": raw.decode("utf-8", "replace"),
    }
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        header = lambda name: None if msg[name] is None else str(msg[name])
        defects = [repr(d) for d in msg.defects]
        for part in msg.walk():
            if part is not msg:
                defects += [repr(d) for d in part.defects]
        record.update({
            "message_id": header("Message-ID"),
            "subject": header("Subject"),
            "from": header("From"),
            "to": header("To"),
            "date": header("Date"),
            "list_id": header("List-Id"),
            "auto_submitted": header("Auto-Submitted"),
            "text": body_of(msg, "plain"),
            "html": body_of(msg, "html"),
            "defects": defects,
        })
    except Exception as exc:
        record["defects"] = [f"parse error: {exc}"]
    return record


class RecordingHandler:
    def __init__(self, record_path, fail_first, reject, delay_ms=0):
        self.delay_ms = delay_ms
        self.record_path = record_path
        self.fail_left = fail_first
        self.reject = reject
        self.accepted = 0

    async def handle_DATA(self, server, session, envelope):
        if self.delay_ms:
            await asyncio.sleep(self.delay_ms / 1000)
        if self.reject:
            return "550 5.7.1 rejected"
        if self.fail_left > 0:
            self.fail_left -= 1
            return "451 4.3.0 try again"
        if self.record_path:
            with open(self.record_path, "a", encoding="utf-8") as out:
                out.write(json.dumps(describe(envelope), ensure_ascii=False) + "\n")
                out.flush()
        self.accepted += 1
        return f"250 2.0.0 queued as vigil-test-{self.accepted}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--record", default="")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--reject", action="store_true")
    parser.add_argument("--parse", default="")
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()

    if args.parse:
        with open(args.parse, "rb") as message:
            print(json.dumps(describe_message(message.read(), None, None), ensure_ascii=False), flush=True)
        return 0

    handler = RecordingHandler(args.record, args.fail_first, args.reject, args.delay_ms)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, hostname="vigil-test-smtp", loop=loop),
        host="127.0.0.1", port=args.port))
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
