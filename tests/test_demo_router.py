"""The demo's router (tandem/demo/router.py, ADR 0032) sends the video call
sockets to the ASGI server and every other request to the WSGI server, and
carries a connection both ways once routed."""

from __future__ import annotations

import asyncio
import socket

from tandem.demo import router


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def upstream(name: bytes) -> tuple[asyncio.Server, int]:
    """A server that answers every request with its name and the first line it got,
    then echoes whatever follows (as a socket would after its upgrade)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        writer.write(name + b" " + head.split(b"\r\n")[0] + b"\r\n")
        await writer.drain()
        while data := await reader.read(1024):
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def ask(port: int, request: bytes, then: bytes = b"") -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await reader.readline()
    if then:
        writer.write(then)
        await writer.drain()
        answer += await reader.readexactly(len(then))
    writer.close()
    await writer.wait_closed()
    return answer


async def routed() -> dict[str, bytes]:
    pages, pages_port = await upstream(b"pages")
    sockets, sockets_port = await upstream(b"sockets")
    port = free_port()
    serving = asyncio.create_task(
        router.serve("127.0.0.1", port, pages=pages_port, sockets=sockets_port)
    )
    for _ in range(100):  # until the router listens
        try:
            _, probe = await asyncio.open_connection("127.0.0.1", port)
            probe.close()
            break
        except OSError:
            await asyncio.sleep(0.02)
    try:
        return {
            "page": await ask(port, b"GET /caseload/?show=team HTTP/1.1\r\n\r\n"),
            "socket": await ask(
                port, b"GET /ws/video/7/ HTTP/1.1\r\nUpgrade: websocket\r\n\r\n", b"offer"
            ),
            "look-alike": await ask(port, b"GET /wsx/ HTTP/1.1\r\n\r\n"),
        }
    finally:
        serving.cancel()
        pages.close()
        sockets.close()


def test_sockets_go_to_the_asgi_server_and_pages_to_the_wsgi_server():
    answers = asyncio.run(routed())
    assert answers["page"] == b"pages GET /caseload/?show=team HTTP/1.1\r\n"
    # The socket's later messages travel the same way, in both directions.
    assert answers["socket"] == b"sockets GET /ws/video/7/ HTTP/1.1\r\noffer"
    assert answers["look-alike"].startswith(b"pages ")
