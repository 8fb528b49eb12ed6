#!/usr/bin/env python3
"""Write ``src/actorgraph/confusables.txt`` from Unicode's ``confusables.txt`` (UTS #39).

``validate`` flags two actors whose names look alike (``Hamas`` and ``Hаmas`` with a Cyrillic
``а``) by comparing their *skeletons* (UTS #39 section 4): each character replaced by the
prototype it is visually confusable with. The table of prototypes is Unicode's
``confusables.txt`` (https://www.unicode.org/Public/security/latest/confusables.txt); this
keeps its mappings only, one per line as hexadecimal code points (``0430 0061``: CYRILLIC
SMALL LETTER A is confusable with LATIN SMALL LETTER A), under Unicode's notice::

    python tools/gen_confusables.py path/to/confusables.txt

Only the standard library is used.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "actorgraph" / "confusables.txt"


def convert(text: str) -> str:
    header = [line for line in text.splitlines()[:12] if line.startswith("#")]
    version = next((h for h in header if "Version:" in h), "# Version: unknown")
    lines = [
        "# The prototypes of Unicode's confusables.txt (UTS #39, Unicode Security Mechanisms),",
        f"{version}, one mapping per line: source code point, prototype code points.",
        "# Copyright Unicode, Inc.; see https://www.unicode.org/terms_of_use.html.",
        "# Regenerate with tools/gen_confusables.py.",
    ]
    for line in text.splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        source, target, _kind = (part.strip() for part in data.split(";"))
        if not re.fullmatch(r"[0-9A-F]{4,6}", source):
            raise SystemExit(f"unexpected source {source!r} in: {line}")
        lines.append(f"{source} {target}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="Unicode's confusables.txt")
    args = parser.parse_args()
    OUT.write_text(convert(args.source.read_text(encoding="utf-8-sig")), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
