#!/usr/bin/python3
"""A minimal SOCKS5 proxy for vigil's tests (RFC 1928, CONNECT, no authentication).

  socks5_server.py [--port N] [--connect-to HOST:PORT] [--record FILE]

Prints "PORT <n>" once it listens. Every CONNECT is recorded as one JSON line
{"host": ..., "port": ...} (the destination the client asked for, a name for socks5h:// or an
address for socks5://). With --connect-to, every tunnel goes to that address instead, so a
test can ask for a name that never resolves (feeds.invalid) and still reach its local server.
Standard library only.
"""
import argparse
import asyncio
import ipaddress
import json
import struct


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def handle(reader, writer, args):
    try:
        version, count = await reader.readexactly(2)
        methods = await reader.readexactly(count)
        if version != 5 or 0 not in methods:
            writer.write(b"\x05\xff")
            return
        writer.write(b"\x05\x00")  # no authentication
        version, command, _, kind = await reader.readexactly(4)
        if kind == 1:
            host = str(ipaddress.IPv4Address(await reader.readexactly(4)))
        elif kind == 3:
            (length,) = await reader.readexactly(1)
            host = (await reader.readexactly(length)).decode("ascii", "replace")
        elif kind == 4:
            host = str(ipaddress.IPv6Address(await reader.readexactly(16)))
        else:
            writer.write(b"\x05\x08\x00\x01\0\0\0\0\0\0")  # address type not supported
            return
        (port,) = struct.unpack("!H", await reader.readexactly(2))
        if args.record:
            with open(args.record, "a", encoding="utf-8") as out:
                out.write(json.dumps({"host": host, "port": port}) + "\n")
        if command != 1:
            writer.write(b"\x05\x07\x00\x01\0\0\0\0\0\0")  # command not supported
            return
        target_host, target_port = host, port
        if args.connect_to:
            target_host, target_port = args.connect_to.rsplit(":", 1)
        try:
            up_reader, up_writer = await asyncio.open_connection(target_host, int(target_port))
        except OSError:
            writer.write(b"\x05\x05\x00\x01\0\0\0\0\0\0")  # connection refused
            return
        writer.write(b"\x05\x00\x00\x01\x7f\x00\x00\x01" + struct.pack("!H", 0))
        await writer.drain()
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--connect-to")
    parser.add_argument("--record")
    args = parser.parse_args()
    server = await asyncio.start_server(lambda r, w: handle(r, w, args), "127.0.0.1", args.port)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
