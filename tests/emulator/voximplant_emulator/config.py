"""Start-up options and the run-time switches that ``/__emulator/config`` can change."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COUNT_MEANS = ("page", "total")


@dataclass
class RuntimeConfig:
    """Switches that may change while the emulator runs."""

    page_cap: int = 1000
    default_count: int = 20
    count_means: str = "page"
    latency_ms: int = 0
    max_concurrent: int | None = None
    # The server's clock = the host's + clock_offset seconds: what a token's iat/exp are checked against.
    clock_offset: int = 0

    def validate(self) -> None:
        """Raise ValueError when a value is out of range."""
        if self.page_cap < 1:
            raise ValueError("page_cap must be >= 1")
        if self.default_count < 1:
            raise ValueError("default_count must be >= 1")
        if self.count_means not in COUNT_MEANS:
            raise ValueError("count_means must be 'page' or 'total'")
        if self.latency_ms < 0:
            raise ValueError("latency_ms must be >= 0")
        if self.max_concurrent is not None and self.max_concurrent < 1:
            raise ValueError("max_concurrent must be >= 1 or null")

    def updated(self, changes: dict[str, Any]) -> RuntimeConfig:
        """A validated copy with ``changes`` applied (unknown keys and wrong types raise ValueError)."""
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise ValueError(f"unknown config keys: {', '.join(unknown)}")
        values = dataclasses.asdict(self)
        for key, value in changes.items():
            if key == "count_means":
                if not isinstance(value, str):
                    raise ValueError("count_means must be a string")
            elif key == "max_concurrent" and value is None:
                pass
            elif isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{key} must be an integer")
            values[key] = value
        new = RuntimeConfig(**values)
        new.validate()
        return new

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dataclasses.asdict(self)


@dataclass
class Options:  # pylint: disable=too-many-instance-attributes
    """Everything given on the command line."""

    state_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    records: int = 200
    seed: int = 1
    tls: bool = False
    quiet: bool = False
    runtime: RuntimeConfig = field(default_factory=RuntimeConfig)
