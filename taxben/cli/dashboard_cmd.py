"""``taxben dashboard``: serve the caseworker page (at /) and the analyst page (at /analyst) with Panel.

Register on the CLI app with::

    from taxben.cli.dashboard_cmd import dashboard
    app.command("dashboard")(dashboard)
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path
from typing import Annotated

import typer

PAGES = ("caseworker.py", "analyst.py")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def dashboards_dir() -> Path:
    """``$TAXBEN_DASHBOARDS_DIR``, else the copy packed into a wheel, else the checkout's ``dashboards/``."""
    env = os.environ.get("TAXBEN_DASHBOARDS_DIR")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parents[1]
    packed = package / "_data" / "dashboards"
    return packed if packed.is_dir() else package.parent / "dashboards"


def serve_args(port: int, address: str, show: bool, directory: Path | None = None) -> list[str]:
    """The ``panel serve`` command line (also used by the browser tests)."""
    d = directory or dashboards_dir()
    origins = [f"{address}:{port}"]
    if address in LOOPBACK:
        origins = [f"{host}:{port}" for host in ("127.0.0.1", "localhost")]
    args = ["panel", "serve", *[str(d / page) for page in PAGES], "--address", address, "--port", str(port),
            "--index", "caseworker", "--setup", str(d / "warmup.py"), "--num-procs", "1"]
    for origin in origins:
        args += ["--allow-websocket-origin", origin]
    if show:
        args.append("--show")
    return args


def port_problem(address: str, port: int) -> str | None:
    """Why the dashboard could not listen on ``address``:``port``, as a sentence that says what to change, or
    None. Binds a socket the way the server will (SO_REUSEADDR, every address the name stands for) and lets it
    go at once: the server would otherwise print its address as if it were serving, then stop."""
    not_here = f"--address {address}: not an address of this machine (the default, 127.0.0.1, is)"
    if not 1 <= port <= 65535:
        return f"--port {port}: a port is a number from 1 to 65535 (the default is 5006)"
    try:
        infos = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return not_here
    for family, kind, proto, _, where in infos:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(where)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    other = port + 1 if port < 65535 else 5006
                    return (f"port {port} on {address} is already in use (another taxben dashboard, or another "
                            f"program): stop it, or choose another port, e.g. --port {other}")
                if error.errno in (errno.EACCES, errno.EPERM):
                    return (f"--port {port}: this user may not listen on it (ports below 1024 need root); "
                            "choose e.g. --port 5006")
                if error.errno == errno.EADDRNOTAVAIL and address == "localhost" and where[0] == "::1":
                    continue  # IPv6 half disabled (common in containers): the server skips ::1 as well
                if error.errno == errno.EADDRNOTAVAIL:
                    return not_here
                return f"cannot listen on {address}:{port} ({error.strerror}): choose another --address or --port"
    return None


def dashboard(
    port: Annotated[int, typer.Option(help="Port to serve on")] = 5006,
    address: Annotated[str, typer.Option(help="Address to bind (default: this machine only)")] = "127.0.0.1",
    show: Annotated[bool, typer.Option(help="Open the caseworker page in a browser")] = False,
    results_root: Annotated[Path | None, typer.Option(
        help="Folder whose taxben result folders the analyst page may open (default: $TAXBEN_RESULTS_ROOT; "
             "none: no folder can be opened)")] = None,
) -> None:
    """Serve the dashboards: caseworker page at http://ADDRESS:PORT/ and analyst page at /analyst."""
    directory = dashboards_dir()
    if results_root is not None:
        if not results_root.is_dir():
            typer.echo(f"--results-root {results_root}: not a folder; give the folder that holds your taxben "
                       "result folders", err=True)
            raise typer.Exit(2)
        os.environ["TAXBEN_RESULTS_ROOT"] = str(results_root.resolve())
    missing = [p for p in (*PAGES, "warmup.py") if not (directory / p).exists()]
    if missing:
        typer.echo(f"dashboard files not found in {directory} ({', '.join(missing)}); run from a taxben checkout "
                   "or set TAXBEN_DASHBOARDS_DIR", err=True)
        raise typer.Exit(2)
    problem = port_problem(address, port)
    if problem:
        typer.echo(problem, err=True)
        raise typer.Exit(2)
    if address not in LOOPBACK:
        typer.echo(f"warning: serving on {address}: anyone who can reach it can use the pages "
                   "(no authentication)", err=True)
    typer.echo(f"taxben dashboard: caseworker http://{address}:{port}/ · analyst http://{address}:{port}/analyst")
    from panel.command import main as panel_main

    from taxben.cli.startup import collect_garbage_from_here

    collect_garbage_from_here()  # a server: runs until stopped (taxben.cli.startup)

    sys.argv = serve_args(port, address, show, directory)
    panel_main()
