"""Apache Jena's ``rsparql``: a SPARQL client that parses each query before sending it.

Found as ``rsparql`` on ``PATH`` (Jena's own distribution), or made from Debian's
``libapache-jena-java``, which ships the jars but no scripts: there it is the class
``arq.rsparql``. Debian's ``jena-core`` moves its copy of Xerces to the package ``xerces``
but leaves Xerces' message files under ``org/apache/jena/ext/xerces``, and Xerces fails on
start ("internal error") without them; they are copied where the classes look.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

DEBIAN_JARS = Path("/usr/share/java")
_JARS = [
    "jena-cmds", "jena-arq", "jena-core", "jena-base", "jena-iri", "commons-cli",
    "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
    "dexx.collection", "guava", "jackson-annotations", "jackson-core", "jackson-databind",
    "jsonld-java", "titanium-json-ld", "jakarta.json-api", "slf4j-api", "slf4j-nop", "thrift",
    "protobuf", "httpclient", "httpcore", "gson",
]
_MOVED = "org/apache/jena/ext/xerces/"


def rsparql_command(workdir: Path) -> list[str] | None:
    """The command that runs ``rsparql``, or ``None`` if Jena is not installed."""
    found = shutil.which("rsparql")
    if found:
        return [found]
    java = shutil.which("java")
    jars = [DEBIAN_JARS / f"{name}.jar" for name in _JARS]
    if java is None or not all(jar.is_file() for jar in jars):
        return None
    messages = workdir / "xerces-messages"
    with zipfile.ZipFile(DEBIAN_JARS / "jena-core.jar") as core:
        for name in core.namelist():
            if name.startswith(_MOVED) and name.endswith(".properties"):
                target = messages / "xerces" / name[len(_MOVED):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(core.read(name))
    classpath = ":".join([str(messages), *map(str, jars)])
    return [java, "-cp", classpath, "arq.rsparql"]
