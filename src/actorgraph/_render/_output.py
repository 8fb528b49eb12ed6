"""Where a rendered page goes: a file written atomically, or a notebook cell."""

from __future__ import annotations

import html as _html
import os

from .._atomic import make_parents, write_bytes

__all__ = ["NotebookView", "write_html"]


def write_html(path: str | os.PathLike, html: str) -> None:
    """Write ``html`` to ``path`` as UTF-8, atomically: all of it or, on failure, nothing.

    The page goes to a temporary file in the same directory, is flushed to disk and then
    renamed over ``path`` with the mode a new file gets under the umask, as every file
    actorgraph writes; nothing else is written anywhere (but the folders missing above it).
    A temporary file left by a process killed while writing is removed by the next write.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write; folders missing above it are made (mode from the umask).
    html : str
        The page, as returned by ``render_html``.

    Raises
    ------
    ExportError
        The file could not be written (read-only directory, disk full …); any previous
        file at ``path`` is left as it was.
    """
    make_parents(os.fspath(path))
    write_bytes(path, html.encode("utf-8"))


class NotebookView:
    """A rendered page shown inline in Jupyter, JupyterLab, VS Code and Colab.

    The page goes into a sandboxed ``<iframe srcdoc=…>`` (attribute-escaped): no file is
    written and nothing is fetched, so it works where pyvis' file-based IFrame stays blank.

    Parameters
    ----------
    html : str
        The page, as returned by ``render_html``.
    height : int
        Height of the frame in CSS pixels.
    """

    def __init__(self, html: str, *, height: int = 640):
        self.html = html
        self.height = int(height)

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{_html.escape(self.html, quote=True)}" title="actorgraph network" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<NotebookView: {len(self.html):,} characters of HTML>"
