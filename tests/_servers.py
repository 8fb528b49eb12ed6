"""Throw-away SPARQL servers on free loopback ports, for the tests and the benchmarks.

- **Oxigraph**: the ``oxigraph`` binary of the ``oxigraph`` PyPI package (test extras),
  ``oxigraph serve`` on a folder of its own.
- **Virtuoso 7**: Debian's ``virtuoso-opensource`` (``.ci/run`` installs it). The server
  runs on a copy of the package's ``virtuoso.ini`` whose database files, ports and VAD
  folder point into a folder of its own (an empty VAD folder: the first start then skips
  installing the Conductor web UI, 2 s instead of 7). Both ports listen on 127.0.0.1 only.
  Once it answers, ``isql-vt`` (as ``dba``, the password of a new database) gives the
  anonymous SPARQL user the right to update (``grant SPARQL_UPDATE to "SPARQL"``), creates
  a user for the digest-authenticated endpoint ``/sparql-auth`` with that right and one
  without it, and finally replaces the ``dba`` password by a random one.

Nothing here imports pytest: the benchmarks start the same servers.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

STARTUP_SECONDS = 60  # an upper bound for a slow CI machine, not a timing assumption
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
# the paths of Virtuoso's three protocols, as a store URL's parameters
VIRTUOSO_ENDPOINTS = "query=/sparql&update=/sparql&store=/sparql-graph-crud"
VIRTUOSO_AUTH_ENDPOINTS = "query=/sparql-auth&update=/sparql-auth&store=/sparql-graph-crud-auth"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    """Whether an HTTP server answers at ``url`` (with any status)."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def stop(process: subprocess.Popen) -> None:
    """Stop a server this module started, and wait for it."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def graphs(query_url: str) -> set[str]:
    """Every graph that holds a triple on the server whose query endpoint is ``query_url``."""
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    request = urllib.request.Request(f"{query_url}?{query}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        rows = answer.read().decode().splitlines()[1:]
    return {row.strip('"') for row in rows}


def _wait(process: subprocess.Popen, url: str) -> bool:
    deadline = time.monotonic() + STARTUP_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        if answers(url):
            return True
        time.sleep(0.05)
    return False


# -- Oxigraph ------------------------------------------------------------------------------

def oxigraph_binary() -> str | None:
    """The ``oxigraph`` executable: beside this interpreter (a venv) or on ``PATH``."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return shutil.which("oxigraph", path=search)


@dataclass
class Oxigraph:
    """A running ``oxigraph serve``: its base URL and store spec."""

    process: subprocess.Popen
    url: str
    system_graphs: frozenset = frozenset()

    @property
    def spec(self) -> str:
        return "sparql+" + self.url

    def graphs(self) -> set[str]:
        """Every graph on the server that holds a triple."""
        return graphs(self.url + "/query")

    def stop(self) -> None:
        stop(self.process)


def start_oxigraph(binary: str, folder: Path) -> Oxigraph:
    """Start ``oxigraph serve`` on a free port; retry if another process took the port."""
    log = folder / "server.log"
    for _ in range(5):
        port = free_port()
        with log.open("ab") as out:
            process = subprocess.Popen(
                [binary, "serve", "--location", str(folder / "data"),
                 "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        if _wait(process, url + "/"):
            return Oxigraph(process, url)
        stop(process)
    raise RuntimeError(f"the Oxigraph server did not start: {log.read_text()[-2000:]}")


# -- Virtuoso ------------------------------------------------------------------------------

def virtuoso_missing() -> str | None:
    """Why a Virtuoso server cannot be started here, or ``None`` if it can."""
    missing = [name for name in ("virtuoso-t", "isql-vt") if shutil.which(name) is None]
    if missing:
        return f"{' and '.join(missing)} not found (apt-get install virtuoso-opensource)"
    if not VIRTUOSO_INI.is_file():
        return f"{VIRTUOSO_INI} not found (apt-get install virtuoso-opensource)"
    return None


def virtuoso_ini(folder: Path, sql_port: int, http_port: int, settings: dict) -> str:
    """Debian's ``virtuoso.ini`` with its files, ports and VAD folder in ``folder``, and
    ``settings`` (``{(section, key): value}``) changed or added."""
    files = {("Database", "DatabaseFile"): "virtuoso.db", ("Database", "ErrorLogFile"): "virtuoso.log",
             ("Database", "LockFile"): "virtuoso.lck", ("Database", "TransactionFile"): "virtuoso.trx",
             ("Database", "xa_persistent_file"): "virtuoso.pxa",
             ("TempDatabase", "DatabaseFile"): "virtuoso-temp.db",
             ("TempDatabase", "TransactionFile"): "virtuoso-temp.trx"}
    wanted = {key: str(folder / name) for key, name in files.items()}
    wanted.update({("Parameters", "ServerPort"): f"127.0.0.1:{sql_port}",
                   ("HTTPServer", "ServerPort"): f"127.0.0.1:{http_port}",
                   ("Parameters", "VADInstallDir"): str(folder / "vad") + "/"})
    wanted.update({key: str(value) for key, value in settings.items()})
    lines, section, done = [], None, set()
    for line in VIRTUOSO_INI.read_text().splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            lines += [f"{k} = {v}" for (s, k), v in wanted.items() if s == section and (s, k) not in done]
            done |= {key for key in wanted if key[0] == section}
            section = header.group(1)
        setting = re.match(r"\s*([A-Za-z_][\w]*)\s*=", line)
        if setting and (section, setting.group(1)) in wanted:
            key = (section, setting.group(1))
            line = f"{key[1]} = {wanted[key]}" if key not in done else ";" + line
            done.add(key)
        lines.append(line)
    lines += [f"{k} = {v}" for (s, k), v in wanted.items() if s == section and (s, k) not in done]
    return "\n".join(lines) + "\n"


@dataclass
class Virtuoso:
    """A running Virtuoso: its HTTP base URL, its SQL port and the users made for tests."""

    process: subprocess.Popen
    url: str
    sql_port: int
    folder: Path
    dba_password: str = "dba"
    #: user -> password: ``writer`` may update through /sparql-auth, ``reader`` may not
    users: dict = field(default_factory=dict)
    #: the graphs of a new database (Virtuoso's own), which reset() keeps
    system_graphs: frozenset = frozenset()

    @property
    def spec(self) -> str:
        """The store spec of the anonymous endpoint ``/sparql``."""
        return f"sparql+{self.url}/sparql?{VIRTUOSO_ENDPOINTS}"

    @property
    def auth_spec(self) -> str:
        """The store spec of the digest-authenticated endpoint ``/sparql-auth``."""
        return f"sparql+{self.url}/sparql-auth?{VIRTUOSO_AUTH_ENDPOINTS}"

    def sql(self, statements: str) -> str:
        """Run SQL through ``isql-vt`` as ``dba``; its output (an error raises)."""
        script = self.folder / "script.sql"
        script.write_text(statements)
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba",
                               self.dba_password, str(script)],
                              capture_output=True, text=True, timeout=STARTUP_SECONDS)
        script.unlink()
        if done.returncode != 0 or "*** Error" in done.stderr:
            raise RuntimeError(f"isql-vt failed: {done.stderr.strip() or done.stdout[-2000:]}")
        return done.stdout

    def graphs(self) -> set[str]:
        """Every graph on the server that holds a triple (Virtuoso's own included)."""
        return graphs(self.url + "/sparql")

    def reset(self) -> None:
        """Drop every graph that was not in the new database."""
        extra = sorted(self.graphs() - self.system_graphs)
        if extra:
            self.sql("".join(f"SPARQL DROP SILENT GRAPH <{g}>;\n" for g in extra))

    def stop(self) -> None:
        stop(self.process)


def start_virtuoso(folder: Path, settings: dict | None = None) -> Virtuoso:
    """Start Virtuoso on a database of its own in ``folder`` (see the module documentation)."""
    (folder / "vad").mkdir(parents=True, exist_ok=True)
    log = folder / "server.log"
    for _ in range(5):
        sql_port, http_port = free_port(), free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(virtuoso_ini(folder, sql_port, http_port, settings or {}))
        with log.open("ab") as out:
            process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)],
                                       cwd=folder, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{http_port}"
        if _wait(process, url + "/sparql"):
            server = Virtuoso(process, url, sql_port, folder)
            _prepare(server)
            return server
        stop(process)
        for stale in folder.glob("virtuoso*"):
            if stale != ini:
                stale.unlink()
    raise RuntimeError(f"Virtuoso did not start: {log.read_text()[-2000:]}")


def _prepare(server: Virtuoso) -> None:
    """Grants and users (the server answers HTTP before SQL: wait for both)."""
    users = {"writer": secrets.token_hex(8), "reader": secrets.token_hex(8)}
    password = secrets.token_hex(12)
    statements = (
        'grant SPARQL_UPDATE to "SPARQL";\n'
        + "".join(f"DB.DBA.USER_CREATE('{u}', '{p}');\n" for u, p in users.items())
        + 'grant SPARQL_UPDATE to "writer";\n'
        + 'grant SPARQL_SELECT to "reader";\n'
        + f"DB.DBA.USER_PASSWORD_SET('dba', '{password}');\n")
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            server.sql("select 1;")
            break
        except RuntimeError:
            if time.monotonic() > deadline or server.process.poll() is not None:
                raise
            time.sleep(0.2)
    server.sql(statements)
    server.dba_password, server.users = password, users
    server.system_graphs = frozenset(server.graphs())
