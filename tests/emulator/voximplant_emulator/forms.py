"""Request parameters: query string, x-www-form-urlencoded and multipart/form-data bodies."""
from __future__ import annotations

import email.policy
from email.message import Message
from email.parser import BytesParser
from urllib.parse import parse_qsl


def parse_urlencoded(text: str) -> dict[str, str]:
    """``a=1&b=2`` -> dict; the last of repeated names wins; blank values are kept."""
    return dict(parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="replace"))


def _content_type(header: str) -> tuple[str, Message]:
    msg = Message()
    msg["Content-Type"] = header
    return msg.get_content_type(), msg


def parse_multipart(content_type: str, body: bytes) -> dict[str, str]:
    """Fields of a multipart/form-data body (file parts are read as text too)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: dict[str, str] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            fields[str(name)] = payload.decode(charset, errors="replace")
        except LookupError:
            fields[str(name)] = payload.decode("utf-8", errors="replace")
    return fields


def parse_body(content_type: str | None, body: bytes) -> dict[str, str]:
    """Form fields of a request body; an unknown content type is read as urlencoded."""
    if not body:
        return {}
    ctype, msg = _content_type(content_type or "application/x-www-form-urlencoded")
    if ctype == "multipart/form-data":
        return parse_multipart(content_type or "", body)
    charset = msg.get_content_charset() or "utf-8"
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    return parse_urlencoded(text)
