"""`planlint lsp`'s command line: usage errors, --log-file, --tcp."""

from __future__ import annotations

import asyncio
import io
import socket
import subprocess
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from planlint.cli.lsp import main
from tests.server.lsp import SERVER, TIMEOUT
from tests.server.test_protocol_stream import Peer


def test_a_bad_tcp_address_is_a_usage_error() -> None:
    out, err = io.StringIO(), io.StringIO()

    code = main(["--tcp", "localhost"], out, err)

    assert code == 2
    assert "expected HOST:PORT, got 'localhost'" in err.getvalue()
    assert out.getvalue() == ""


def test_help_goes_to_stdout() -> None:
    out, err = io.StringIO(), io.StringIO()

    code = main(["--help"], out, err)

    assert code == 0
    assert "usage: planlint lsp" in out.getvalue() and "--log-file" in out.getvalue()


def test_the_log_goes_to_the_log_file(tmp_path: Path) -> None:
    log = tmp_path / "lsp.log"
    peer = Peer([*SERVER, "-v", "--log-file", str(log)])
    peer.send({"id": 1, "method": "initialize", "params": {"capabilities": {}}})
    peer.answer(1)

    stderr = peer.close()

    assert "utf-16 positions, push diagnostics" in log.read_text(encoding="utf-8")
    assert "push diagnostics" not in stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _talk_over_tcp(port: int) -> str | None:
    client = LanguageClient("tcp-test", "1")
    for _ in range(100):  # the server needs a moment to listen
        try:
            await client.start_tcp("127.0.0.1", port)
            break
        except OSError:
            await asyncio.sleep(0.1)
    result = await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    client.initialized(types.InitializedParams())
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return result.server_info.name if result.server_info else None


def test_tcp_serves_one_client() -> None:
    port = _free_port()
    server = subprocess.Popen(
        [*SERVER, "--tcp", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        name = asyncio.run(asyncio.wait_for(_talk_over_tcp(port), TIMEOUT))
        code = server.wait(timeout=TIMEOUT)  # one client, then the server ends
    finally:
        server.kill()

    assert name == "planlint"
    assert code == 0


def test_without_the_lsp_extra_it_says_which_extra_to_install() -> None:
    # Regression (QA): after `pip install -e .` (no extra) `planlint lsp`
    # reported an internal error and exit 3. A blocker on sys.meta_path makes
    # `lsprotocol` unimportable in a child interpreter, as in that install.
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('lsprotocol', 'pygls'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from planlint.cli.main import main\n"
        "sys.exit(main(['lsp']))\n"
    )
    done = subprocess.run(
        [SERVER[0], "-c", script],
        check=False,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
    )

    assert done.returncode == 2, done.stderr
    assert "pip install 'planlint[lsp]'" in done.stderr
    assert done.stdout == ""
