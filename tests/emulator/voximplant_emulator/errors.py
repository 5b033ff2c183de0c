"""API error codes and the exception carrying them."""
from __future__ import annotations

from typing import Any

# Messages: the ones the Voximplant error reference lists (1xx, 340, 43x/45x from the clients);
# the wording of the others is the emulator's own (see README, "error codes").
MESSAGES: dict[int, str] = {
    1: "Fatal error",
    2: "Internal error",
    4: "DB error",
    100: "Authorization failed",
    101: "Invalid arguments",
    102: "Missing 'cmd' parameter",
    103: "Unknown command",
    104: "Forbidden command",
    116: "Invalid application id",
    117: "Invalid user id",
    147: "Invalid rule id",
    162: "Try again later",
    314: "Concurrent resource limit reached",
    340: "Rate limit exceeded",
    416: "Repeat the request after several seconds",
    433: "Invalid key id",
    447: "Invalid token format",
    454: "Token TTL exceeds the maximum",
    455: "Token issued in the future",
    456: "Token expired",
    458: "Only one of the parameters is allowed",
    484: "Request rejected as a probable resend, try later",
    496: "Invalid parameter value",
}


class ApiError(Exception):
    """An API-level error: answered as HTTP 200 ``{"error": {"code": N, "msg": "..."}}``."""

    def __init__(self, code: int, msg: str | None = None) -> None:
        self.code = int(code)
        self.msg = msg if msg is not None else MESSAGES.get(self.code, "Error")
        super().__init__(f"{self.code}: {self.msg}")

    def payload(self) -> dict[str, Any]:
        """The JSON body of the error response."""
        return {"error": {"code": self.code, "msg": self.msg}}


def invalid_value(name: str) -> ApiError:
    """Error 496 for parameter ``name``."""
    return ApiError(496, f"Invalid parameter value: {name}")
