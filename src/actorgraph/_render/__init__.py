"""Interactive HTML views of a claim graph: one offline file, or inline in a notebook.

``render_html`` builds the page, ``write_html`` writes it atomically, ``NotebookView`` shows it
in a notebook cell. The page's own code is ``app.js`` and ``app.css``; ``template.html.j2``
puts them, vis-network and the data together.
"""

from ._html import render_html
from ._output import NotebookView, write_html

__all__ = ["NotebookView", "render_html", "write_html"]
