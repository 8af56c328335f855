"""``taxben dashboard`` refuses, before it announces anything, an address or port it cannot listen on.

The server (bokeh's) used to print the pages' address as if it were serving, log "Cannot start Bokeh
server, port 5006 is already in use" and stop with exit 1. Now the port is tried first: a sentence that
says what to change, exit 2, and no address announced.
"""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from taxben.cli.dashboard_cmd import port_problem
from taxben.cli.main import app

runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_port_another_program_listens_on_is_refused_with_the_next_one_to_try():
    """Kirsten starts a second dashboard while the first still runs (here: a socket listening on the port)."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = runner.invoke(app, ["dashboard", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert f"--port {port + 1}" in result.output
    assert "taxben dashboard: caseworker" not in result.output  # nothing announced


@pytest.mark.parametrize("options, says", [
    (["--port", "70000"], "a port is a number from 1 to 65535"),
    (["--port", "0"], "a port is a number from 1 to 65535"),
    (["--address", "192.0.2.1"], "--address 192.0.2.1: not an address of this machine"),  # TEST-NET-1: never local
])
def test_an_address_or_port_the_dashboard_cannot_use_is_the_users_to_change(options, says):
    result = runner.invoke(app, ["dashboard", *options])
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output


def test_a_free_port_on_this_machine_is_no_problem():
    assert port_problem("127.0.0.1", _free_port()) is None
    assert port_problem("localhost", _free_port()) is None
