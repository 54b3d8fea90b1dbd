"""Start, stop and inspect the managed Neo4j JVM.

One server per state directory. The pid file is advisory: a pid is only trusted when
that process is a JVM running our entry point with our config directory, so a crashed
JVM (or a reused pid) never blocks the next start. Neo4j's own store lock is an OS file
lock, released by the kernel when the JVM dies.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from referral_graph.config import Settings
from referral_graph.neo4j_server import aot, install, java
from referral_graph.neo4j_server.conf import ServerLayout, write_conf
from referral_graph.neo4j_server.versions import Neo4jLine

ADMIN_ENTRY = "org.neo4j.server.startup.Neo4jAdminCommand"
START_TIMEOUT_S = 180.0


class ServerError(RuntimeError):
    pass


class AlreadyRunning(ServerError):
    pass


@dataclass(frozen=True, slots=True)
class Status:
    running: bool
    pid: int | None
    bolt_port: int | None
    version: str | None
    home: Path

    def describe(self) -> str:
        if not self.running:
            return f"Neo4j is not running (home {self.home})."
        return (
            f"Neo4j {self.version} is running: pid {self.pid}, "
            f"bolt://127.0.0.1:{self.bolt_port} (home {self.home})."
        )


def layout_for(settings: Settings) -> ServerLayout:
    return ServerLayout(settings.neo4j_home)


def _cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [p.decode(errors="replace") for p in raw.split(b"\0") if p]


def _is_our_jvm(pid: int, layout: ServerLayout) -> bool:
    args = _cmdline(pid)
    conf = f"--config-dir={layout.conf_dir}"
    return any(a.endswith("java") for a in args[:1]) and conf in args


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def status(settings: Settings) -> Status:
    layout = layout_for(settings)
    pid = _read_int(layout.pid_file)
    version_file = layout.run_dir / "version"
    version = version_file.read_text().strip() if version_file.exists() else None
    if pid is not None and _is_our_jvm(pid, layout):
        return Status(True, pid, _read_int(layout.port_file), version, layout.home)
    return Status(False, None, None, None, layout.home)


def read_password(settings: Settings) -> str | None:
    path = layout_for(settings).password_file
    return path.read_text().strip() if path.exists() else None


def _tail(path: Path, n: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def _since(path: Path, offset: int) -> str:
    """What was written to a log after ``offset`` bytes."""
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _port_still_open(port: int, grace: float = 10.0) -> bool:
    """Whether something listens on ``port`` after a short grace: a server just killed
    (e.g. a JVM after SIGKILL) can look gone from /proc while the kernel is still tearing
    it down and closing its sockets, so a restart at once would see its port taken."""
    deadline = time.monotonic() + grace
    while _port_open(port):
        if time.monotonic() >= deadline:
            return True
        time.sleep(0.2)
    return False


def _set_initial_password(jdk: java.Jdk, lib: Path, layout: ServerLayout) -> str:
    """Generate the password before the first start; it goes to a 0600 file, never to a log.

    The password reaches neo4j-admin through a java @argfile, so it never appears in the
    process list.
    """
    password = secrets.token_urlsafe(24)
    while not password[0].isalnum():
        # neo4j-admin would read a leading "-" as an option and print its help instead.
        password = secrets.token_urlsafe(24)
    fd, argfile = tempfile.mkstemp(prefix="neo4j-admin-", dir=layout.run_dir)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(f'-cp "{lib}/*"\n{ADMIN_ENTRY}\ndbms\nset-initial-password\n"{password}"\n')
        env = dict(os.environ, NEO4J_HOME=str(layout.home), NEO4J_CONF=str(layout.conf_dir))
        result = subprocess.run(
            [str(jdk.java), f"@{argfile}"],
            env=env, capture_output=True, text=True, timeout=120, check=False,
        )
    finally:
        os.unlink(argfile)
    if result.returncode != 0:
        raise ServerError(
            "neo4j-admin could not set the initial password:\n" + result.stderr[-2000:]
        )
    fd = os.open(layout.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(password + "\n")
    return password


def ensure_installed(settings: Settings) -> tuple[Neo4jLine, java.Jdk, Path]:
    line, jdk = java.choose(forced=settings.java_home)
    return line, jdk, install.install(settings.cache_dir, line)


def start(settings: Settings, *, auth: bool = True, timeout: float = START_TIMEOUT_S,
          port_grace: float = 10.0) -> Status:
    """Start the server and wait until Bolt answers; raise with the JVM's last log lines if not.

    ``port_grace``: how long a port still taken may take to be let go (`_port_still_open`)."""
    current = status(settings)
    if current.running:
        raise AlreadyRunning(current.describe())
    layout = layout_for(settings)
    line, jdk, lib = ensure_installed(settings)
    layout.make()
    layout.pid_file.unlink(missing_ok=True)
    if _port_still_open(settings.bolt_port, port_grace):
        raise ServerError(
            f"Port {settings.bolt_port} on 127.0.0.1 is taken by another process; "
            "set REFERRAL_GRAPH_BOLT_PORT to a free port."
        )
    write_conf(
        layout, bolt_port=settings.bolt_port, heap_mb=settings.heap_mb,
        pagecache_mb=settings.pagecache_mb, auth=auth, plugins=settings.neo4j_plugins,
    )
    if auth and not layout.password_file.exists():
        _set_initial_password(jdk, lib, layout)
    classpath = f"{lib}/*" + (f":{settings.neo4j_plugins}/*" if settings.neo4j_plugins else "")
    options = [
        f"-Xms{settings.heap_mb}m", f"-Xmx{settings.heap_mb}m",
        "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
        "-Dfile.encoding=UTF-8",
    ]
    if jdk.major >= 22:
        options.append("--enable-native-access=ALL-UNNAMED")
    cmd = [
        str(jdk.java),
        *options,
        *aot.flags(jdk, aot.cache_file(lib, jdk, classpath, options), layout.run_dir,
                   classpath, options),
        "-cp", classpath,
        line.entry_point,
        f"--home-dir={layout.home}",
        f"--config-dir={layout.conf_dir}",
    ]
    # Only this start's lines count: after a crash the log still says "Started." from the
    # last run, and the port may open before the database has recovered.
    logged = layout.neo4j_log.stat().st_size if layout.neo4j_log.exists() else 0
    with open(layout.console_log, "ab") as log:
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, cwd=layout.home,
        )
    layout.pid_file.write_text(f"{proc.pid}\n")
    layout.port_file.write_text(f"{settings.bolt_port}\n")
    (layout.run_dir / "version").write_text(line.version + "\n")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            layout.pid_file.unlink(missing_ok=True)
            raise ServerError(
                f"Neo4j exited with code {proc.returncode} while starting. Last log lines:\n"
                f"{_tail(layout.neo4j_log)}\n{_tail(layout.console_log)}"
            )
        if _port_open(settings.bolt_port) and "Started." in _since(layout.neo4j_log, logged):
            return status(settings)
        time.sleep(0.25)
    _kill(proc.pid, grace=10)
    layout.pid_file.unlink(missing_ok=True)
    raise ServerError(
        f"Neo4j did not answer on Bolt within {timeout:.0f}s. Last log lines:\n"
        f"{_tail(layout.neo4j_log)}\n{_tail(layout.console_log)}"
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); its state in /proc says it is gone.
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z"):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            return False
    return True


def _kill(pid: int, *, grace: float) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    while _alive(pid):
        time.sleep(0.1)


def stop(settings: Settings, *, grace: float = 60.0) -> bool:
    """Stop the server; False (and no error) when it was not running."""
    current = status(settings)
    layout = layout_for(settings)
    if not current.running or current.pid is None:
        layout.pid_file.unlink(missing_ok=True)
        return False
    _kill(current.pid, grace=grace)
    layout.pid_file.unlink(missing_ok=True)
    aot.create_after_stop(layout.run_dir)
    return True
