"""The raw stream: nothing but framed JSON-RPC on stdout, answers to bad params.

These tests read the server's stdout byte for byte with a strict framing
parser, as VS Code's does: any stray byte would break the next header.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

from tests.server.lsp import SERVER

FAULTY = [sys.executable, str(Path(__file__).parent / "faulty_server.py")]
URI = "untitled:stream"
TEXT = '## STAGE ## name="构建 🧱" mode="serial"\n## TASK ## id="a"\n说明\n'


class Peer:
    """A strict LSP peer over a child's stdin and stdout."""

    def __init__(self, command: list[str], faults: str = "") -> None:
        env = {**os.environ, "PLANLINT_TEST_FAULTS": faults}
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        stdin: IO[bytes] = self.process.stdin  # type: ignore[assignment]
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def receive(self) -> dict[str, Any]:
        """The next message; fails on anything that is not a well-formed frame."""
        stdout: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        headers: dict[str, str] = {}
        while (line := stdout.readline()) != b"\r\n":
            assert line.endswith(b"\r\n") and b": " in line, f"not a header: {line!r}"
            key, value = line[:-2].decode("ascii").split(": ", 1)
            headers[key.lower()] = value
        body = stdout.read(int(headers["content-length"]))
        message: dict[str, Any] = json.loads(body)
        return message

    def answer(self, request_id: int) -> dict[str, Any]:
        """Read messages until the answer to `request_id`."""
        while True:
            message = self.receive()
            if message.get("id") == request_id and "method" not in message:
                return message

    def close(self) -> str:
        self.send({"id": 999, "method": "shutdown"})
        self.answer(999)
        self.send({"method": "exit"})
        _, stderr = self.process.communicate(timeout=20)
        return stderr.decode("utf-8", "replace")


def _start(command: list[str], faults: str = "") -> Peer:
    peer = Peer(command, faults)
    peer.send({"id": 1, "method": "initialize", "params": {"capabilities": {}}})
    assert "capabilities" in peer.answer(1)["result"]
    peer.send({"method": "initialized", "params": {}})
    item = {"uri": URI, "languageId": "plan", "version": 1, "text": TEXT}
    peer.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
    return peer


def test_malformed_params_get_an_error_answer() -> None:
    peer = _start(SERVER)

    peer.send(
        {
            "id": 2,
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": URI}},
        }
    )
    bad = peer.answer(2)
    peer.send(
        {
            "id": 3,
            "method": "textDocument/documentSymbol",
            "params": {"textDocument": {"uri": URI}},
        }
    )
    good = peer.answer(3)

    assert bad["error"]["code"] == -32602
    assert [s["name"] for s in good["result"]] == ["1 构建 🧱"]
    peer.close()


def test_stray_output_never_reaches_the_protocol_stream() -> None:
    peer = _start(FAULTY, faults="print")
    hover = {"textDocument": {"uri": URI}, "position": {"line": 1, "character": 15}}

    for request_id in range(10, 13):
        peer.send({"id": request_id, "method": "textDocument/hover", "params": hover})
        answer = peer.answer(request_id)
        assert "**task `a`**" in answer["result"]["contents"]["value"]
    stderr = peer.close()

    assert "a stray print from a handler" in stderr
    assert "a stray line from a child process" in stderr
    assert peer.process.returncode == 0


def test_the_server_ends_when_the_client_goes_away() -> None:
    peer = _start(SERVER)

    peer.process.stdin.close()  # type: ignore[union-attr]

    assert peer.process.wait(timeout=20) == 0
