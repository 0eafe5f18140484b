"""``anpo serve``: the local web application (FastAPI served by uvicorn)."""

from __future__ import annotations

import errno
import ipaddress
import socket
from pathlib import Path
from typing import Any

import typer

from anpo.errors import AnpoError


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="interface to listen on (loopback)"),
    port: int = typer.Option(
        8000, "--port", min=0, max=65535, help="TCP port (0: any free port, printed at start-up)"
    ),
    explore: Path | None = typer.Option(  # noqa: B008
        None,
        "--explore",
        help="an exploration directory (anpo explore run --out DIR) for the futures page",
    ),
    allow_remote: bool = typer.Option(
        False,
        "--allow-remote",
        help="allow listening on an interface other than loopback (other machines can connect)",
    ),
    time_limit: float = typer.Option(
        10.0, "--time-limit", min=0.5, max=600.0, help="seconds allowed per computation"
    ),
    warm: bool = typer.Option(
        True,
        "--warm/--no-warm",
        help="compile the models (and read the --explore run) before accepting requests",
    ),
    precompute: bool = typer.Option(
        True,
        "--precompute/--no-precompute",
        help="answer the stability page's built-in dyads in the background after start-up",
    ),
) -> None:
    """Serve the what-if pages and the HTTP API (http://127.0.0.1:8000 by default; offline)."""
    try:
        import uvicorn  # noqa: F401  (only checked here: ``_serve`` runs it)

        from anpo.web.app import create_app
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise AnpoError(
            f"the web extra is not installed ({exc.name} missing): pip install 'anpo[web]'",
            field="serve",
        ) from None
    loopback = _is_loopback(host)
    if not loopback and not allow_remote:
        raise AnpoError(
            f"{host} is not a loopback address; pass --allow-remote to let other machines "
            "connect (the server has no authentication)",
            field="--host",
        )
    if explore is not None:
        _check_explore_run(explore)
    # bound here, before the (slow) warm-up: a port in use is one line at once, and the URL
    # printed is the socket's own (``--port 0`` prints the port the system chose)
    sock = _listen(host.strip("[]"), port)
    try:
        port = sock.getsockname()[1]
        if not loopback:
            typer.echo(
                f"warning: listening on {host}: anyone who can reach this machine on port "
                f"{port} can use the server (no authentication)",
                err=True,
            )
        app = create_app(
            explore,
            allowed_hosts=_loopback_hosts(host) if loopback else None,
            time_limit=time_limit,
        )
        if warm:
            from anpo._progress import progress_bar
            from anpo.web.warm import warm_up

            typer.echo("compiling the models (once; cached afterwards)...", err=True)
            with progress_bar("compiling the models") as bar:
                warm_up(progress=bar.describe, explore_dir=app.state.explore_dir)
        if precompute:
            import threading

            from anpo.web.api_deterrence import precompute_dyads

            # the stability page's starting points, answered in the background (each holds the
            # kernel lock for one dyad at a time, so requests are served meanwhile)
            threading.Thread(target=precompute_dyads, name="anpo-precompute", daemon=True).start()
        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"anpo serve: http://{shown}:{port}/  (Ctrl+C to stop)", err=True)
        _serve(app, sock)
    finally:
        sock.close()


#: What ``--explore`` takes, said when a folder is refused.
_EXPLORE_RUN = (
    "a run folder, written by anpo explore run --out DIR, holds manifest.json (what the run "
    "asked) and shards/ (its results)"
)


def _check_explore_run(folder: Path) -> None:
    """Refuse, before anything is bound or compiled, an ``--explore`` folder that is not an
    exploration run: no folder, no ``manifest.json``, or one that is unreadable or not a manifest
    ``anpo explore run`` wrote (:func:`anpo.explore.status` reads it as the futures page will).
    The :class:`AnpoError` says what the folder lacks. A run still under way (few or no
    shards yet) is a run: the page shows how far it has got."""
    from anpo.errors import ExploreError
    from anpo.explore import status
    from anpo.explore.store import MANIFEST

    if not folder.is_dir():
        raise AnpoError("not a directory", file=folder, field="--explore")
    if not (folder / MANIFEST).is_file():
        raise AnpoError(
            f"not an exploration run: it has no {MANIFEST}; {_EXPLORE_RUN}",
            file=folder,
            field="--explore",
        )
    try:
        status(folder)
    except ExploreError as exc:
        # the manifest is what makes a folder a run; a run's other faults (its shards) are
        # said as they are
        about_manifest = exc.file is not None and Path(exc.file).name == MANIFEST
        raise AnpoError(
            f"not an exploration run: {exc.message}; {_EXPLORE_RUN}"
            if about_manifest
            else f"cannot serve this exploration run: {exc.message}",
            file=exc.file or folder,
            field="--explore",
        ) from None
    except OSError as exc:
        raise AnpoError(
            f"cannot read the exploration run: {exc.strerror or exc}",
            file=exc.filename or folder,
            field="--explore",
        ) from None


def _listen(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` as uvicorn binds one (``SO_REUSEADDR``; IPv6 when the
    host has a colon); port 0 lets the system choose a free port. Not listening yet: the server
    listens on it when it starts. A port in use or an address this machine does not have is an
    :class:`AnpoError` naming the option."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        shown = f"[{host}]" if ":" in host else host
        # dup-ok: two refusals alike in shape (port in use, port needing privileges), each with
        # its own message.
        if exc.errno == errno.EADDRINUSE:
            raise AnpoError(
                f"port {port} on {shown} is already in use; choose another (--port 0 picks a "
                "free one and prints it)",
                field="--port",
            ) from None
        if exc.errno == errno.EACCES:
            raise AnpoError(
                f"not allowed to listen on port {port} (ports below 1024 need privileges); "
                "choose another (--port 0 picks a free one and prints it)",
                field="--port",
            ) from None
        reason = exc.strerror or str(exc)
        raise AnpoError(f"cannot listen on {shown}: {reason}", field="--host") from None
    sock.set_inheritable(True)
    return sock


def _serve(app: Any, sock: socket.socket) -> None:
    """Run the application with uvicorn on the bound socket until interrupted (BLAS on one
    thread: :func:`anpo.web.compute.single_threaded_blas`; uvicorn's configuration:
    :func:`anpo.web.serving.uvicorn_config`)."""
    import uvicorn

    from anpo.web.compute import single_threaded_blas
    from anpo.web.serving import uvicorn_config

    single_threaded_blas()
    host, port = sock.getsockname()[:2]
    server = uvicorn.Server(uvicorn_config(app, host, port))
    server.run(sockets=[sock])
    if not server.started:  # uvicorn logged why (as its own ``run`` does, exit status 3)
        raise SystemExit(3)


def _loopback_hosts(host: str) -> list[str]:
    from anpo.web.security import LOOPBACK_HOSTS

    return sorted({*LOOPBACK_HOSTS, host.lower()})


def register(app: typer.Typer) -> None:
    """Add ``anpo serve`` to the application."""
    app.command("serve")(serve)
