"""An extractor that asks a language model the user runs behind an OpenAI-compatible API.

It POSTs one chat completion to ``<url>/v1/chat/completions`` (stdlib ``urllib``, a
timeout, no retries) and turns the model's JSON answer into proposals. It touches the
network only when it is given a URL and only that URL; the model's answer is data, never
code: every proposal still passes the engine's checks, which drop invented quotes,
unknown relations and actors the report does not name.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from importlib import resources

from .._exceptions import ActorGraphError
from .._vocab import KINDS, RELATIONS
from ._model import ActorRef, Context, Proposal

__all__ = ["ExtractorError", "OpenAICompatibleExtractor"]


class ExtractorError(ActorGraphError, RuntimeError):
    """An extractor could not produce proposals (the endpoint failed or answered nonsense)."""


def _prompt(published: str) -> str:
    template = resources.files(__package__).joinpath("data").joinpath(
        "llm-prompt.txt").read_text(encoding="utf-8")
    relations = "\n".join(f"- {r.name}: {r.definition}" for r in RELATIONS.values())
    return template.format(relations=relations, kinds=", ".join(KINDS), published=published)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


class OpenAICompatibleExtractor:
    """Proposals from a model behind ``/v1/chat/completions`` (llama.cpp, vLLM, Ollama …).

    Parameters
    ----------
    url : str
        The server's base URL, e.g. ``http://127.0.0.1:8080`` (``/v1/chat/completions`` is
        appended unless the URL already ends with it).
    model : str
        The ``model`` field of the request.
    timeout : float
        Seconds to wait for the answer.
    api_key : str, optional
        Sent as a bearer token when given.
    """

    name = "openai"

    def __init__(self, url: str, model: str = "local", *, timeout: float = 120.0,
                 api_key: str | None = None, max_tokens: int = 4096):
        if not re.match(r"^https?://", url):
            raise ValueError(f"not an http(s) URL: {url!r}")
        url = url.rstrip("/")
        if not url.endswith("/chat/completions"):
            url += "/chat/completions" if url.endswith("/v1") else "/v1/chat/completions"
        self.url, self.model, self.timeout = url, model, timeout
        self.api_key, self.max_tokens = api_key, max_tokens

    def _ask(self, text: str, published: str) -> str:
        body = json.dumps({
            "model": self.model, "temperature": 0, "max_tokens": self.max_tokens,
            "messages": [{"role": "system", "content": _prompt(published)},
                         {"role": "user", "content": text}]}).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ExtractorError(f"{self.url}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise ExtractorError(f"{self.url} did not answer JSON: {exc}") from exc
        try:
            return answer["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise ExtractorError(f"{self.url} answered no chat completion") from exc

    def propose(self, text: str, context: Context):
        """Ask the model once; one proposal per claim of its answer, unchecked."""
        content = self._ask(text, context.published.isoformat())
        content = re.sub(r"^\s*```(?:json)?|```\s*$", "", content.strip())
        try:
            claims = json.loads(content).get("claims", [])
        except (json.JSONDecodeError, AttributeError) as exc:
            raise ExtractorError(f"the model's answer is not the JSON asked for: {exc}") from exc
        for item in claims if isinstance(claims, list) else []:
            if not isinstance(item, dict):
                continue
            via = item.get("via") if isinstance(item.get("via"), list) else []
            yield Proposal(
                subject=ActorRef(_text(item.get("subject")),
                                 kind=_text(item.get("subject_kind")) or None),
                relation=_text(item.get("relation")),
                object=ActorRef(_text(item.get("object")),
                                kind=_text(item.get("object_kind")) or None),
                quote=item.get("quote") if isinstance(item.get("quote"), str) else "",
                start=_text(item.get("start")) or None, end=_text(item.get("end")) or None,
                certainty=_text(item.get("certainty")) or "probable",
                stance=_text(item.get("stance")) or "asserts",
                attributed_to=_text(item.get("attributed_to")) or None,
                via=tuple(ActorRef(_text(v)) for v in via if _text(v)),
                rule=f"model:{self.model}", score=0.5)
