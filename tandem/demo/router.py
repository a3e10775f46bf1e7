"""The demo's stand-in for the reverse proxy (ADR 0032): one loopback address,
ordinary pages to gunicorn (WSGI), the video call sockets under ``/ws/`` to
uvicorn (ASGI), as production's proxy routes them by path.

Each connection is routed by the path of its first request. Browsers open
every WebSocket on a connection of its own, so a kept-alive page connection
never carries one. Not for production: there nginx or the load balancer does
this (docs/operations.md).
"""

from __future__ import annotations

import asyncio
import contextlib

SOCKETS = b"/ws/"
# A request line longer than this is not one the demo serves.
LIMIT = 64 * 1024


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(LIMIT):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        with contextlib.suppress(OSError, RuntimeError):
            writer.close()


def upstream_for(request_line: bytes, *, pages: int, sockets: int) -> int:
    """The port for a request: ``GET /ws/... HTTP/1.1`` goes to the sockets."""
    parts = request_line.split(b" ")
    return sockets if len(parts) > 1 and parts[1].startswith(SOCKETS) else pages


async def serve(host: str, port: int, *, pages: int, sockets: int) -> None:
    async def route(client_reader: asyncio.StreamReader, client: asyncio.StreamWriter) -> None:
        try:
            first = await client_reader.readline()
        except (ConnectionError, ValueError):
            client.close()
            return
        if not first:
            client.close()
            return
        target = upstream_for(first, pages=pages, sockets=sockets)
        try:
            server_reader, server = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            client.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            client.close()
            return
        server.write(first)
        await asyncio.gather(pipe(client_reader, server), pipe(server_reader, client))

    listening = await asyncio.start_server(route, host, port, limit=LIMIT)
    async with listening:
        await listening.serve_forever()


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pages", type=int, required=True, help="gunicorn's port")
    parser.add_argument("--sockets", type=int, required=True, help="uvicorn's port")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, pages=args.pages, sockets=args.sockets))


if __name__ == "__main__":
    main()
