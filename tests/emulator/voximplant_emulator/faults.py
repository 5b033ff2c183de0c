"""The fault queue: injected transport and API failures, and delayed data mutations."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REQUEST_KINDS = ("http_status", "api_error", "malformed_json", "drop_connection", "delay")
KINDS = REQUEST_KINDS + ("mutate_after",)
BODIES = ("json", "html", "empty")


def _int(spec: dict[str, Any], name: str, default: int | None = None, minimum: int = 0) -> int:
    value = spec.get(name, default)
    if value is None:
        raise ValueError(f"fault {spec.get('kind')!r}: {name!r} is required")
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"fault {spec.get('kind')!r}: {name!r} must be an integer >= {minimum}")
    return value


@dataclass
class Fault:
    """A request fault: applies to ``times`` API requests (-1 = forever) after ``skip`` pass."""

    kind: str
    times: int = 1
    skip: int = 0
    params: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        """JSON-ready form (what remains of it)."""
        return {"kind": self.kind, "times": self.times, "skip": self.skip, **self.params}


@dataclass
class MutationTrigger:
    """Mutate the data set once ``remaining`` further API requests have arrived."""

    remaining: int
    insert: int
    delete: int
    account_id: int | None

    def describe(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"kind": "mutate_after", "requests": self.remaining, "insert": self.insert,
                "delete": self.delete, "account_id": self.account_id}


def _http_status_params(spec: dict[str, Any]) -> dict[str, Any]:
    status = _int(spec, "status", None, minimum=100)
    if status > 599:
        raise ValueError("fault 'http_status': 'status' must be 100..599")
    body = spec.get("body", "json" if status == 429 else "html")
    if body not in BODIES:
        raise ValueError(f"fault 'http_status': 'body' must be one of {', '.join(BODIES)}")
    params: dict[str, Any] = {"status": status, "body": body}
    if spec.get("retry_after") is not None:
        params["retry_after"] = str(spec["retry_after"])
    if "json_body" in spec:
        params["json_body"] = spec["json_body"]
    return params


def parse_fault(spec: Any) -> Fault | MutationTrigger:
    """Validate one fault document; raises ValueError with a readable message."""
    if not isinstance(spec, dict):
        raise ValueError("each fault must be a JSON object")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; expected one of {', '.join(KINDS)}")
    skip = _int(spec, "skip", 0)
    if kind == "mutate_after":
        account = spec.get("account_id")
        if account is not None and (isinstance(account, bool) or not isinstance(account, int)):
            raise ValueError("fault 'mutate_after': 'account_id' must be an integer")
        return MutationTrigger(remaining=_int(spec, "requests", 0) + skip, insert=_int(spec, "insert", 0),
                               delete=_int(spec, "delete", 0), account_id=account)
    times = _int(spec, "times", 1, minimum=-1)
    if times == 0:
        raise ValueError(f"fault {kind!r}: 'times' must be >= 1 or -1")
    params: dict[str, Any] = {}
    if kind == "http_status":
        params = _http_status_params(spec)
    elif kind == "api_error":
        params = {"code": _int(spec, "code", None, minimum=1)}
        if spec.get("msg") is not None:
            params["msg"] = str(spec["msg"])
    elif kind == "delay":
        params = {"ms": _int(spec, "ms", None)}
    return Fault(kind=kind, times=times, skip=skip, params=params)


class FaultQueue:
    """Not thread-safe on its own: the emulator calls it under its lock."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.triggers: list[MutationTrigger] = []

    def replace(self, specs: Any) -> None:
        """Replace queue and triggers with ``specs`` (validated as a whole first)."""
        if not isinstance(specs, list):
            raise ValueError("'faults' must be a list")
        parsed = [parse_fault(spec) for spec in specs]
        self.faults = [f for f in parsed if isinstance(f, Fault)]
        self.triggers = [t for t in parsed if isinstance(t, MutationTrigger)]

    def clear(self) -> None:
        """Drop every fault and trigger."""
        self.faults = []
        self.triggers = []

    def due_mutations(self) -> list[MutationTrigger]:
        """Called once per arriving API request: the triggers that fire before it is served."""
        due = [t for t in self.triggers if t.remaining <= 0]
        self.triggers = [t for t in self.triggers if t.remaining > 0]
        for trigger in self.triggers:
            trigger.remaining -= 1
        return due

    def take(self) -> Fault | None:
        """Called once per arriving API request: the fault to apply to it, if any."""
        if not self.faults:
            return None
        head = self.faults[0]
        if head.skip > 0:
            head.skip -= 1
            return None
        if head.times > 0:
            head.times -= 1
            if head.times == 0:
                self.faults.pop(0)
        return head

    def describe(self) -> list[dict[str, Any]]:
        """JSON-ready form of what is pending."""
        return [f.describe() for f in self.faults] + [t.describe() for t in self.triggers]
