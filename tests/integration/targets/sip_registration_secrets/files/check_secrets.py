"""Asserts that no secret occurs in the captured output of the secrets test (test helper).

Usage: check_secrets.py [--no-key-on-the-wire] EMULATOR_INFO MIN_TOKENS FILE...
The secrets: every token the emulator received (secrets_seen: each JWT, and its signature part alone),
the api key, and each base64 line of the private key's PEM body. None may occur in any FILE (a
directory is searched recursively). With MIN_TOKENS > 0 the emulator must have received at least that
many JWTs and the api key (the cases did run). With --no-key-on-the-wire, the private key must not have been sent
to the API either (a secret option given the wrong value must not put the key in a header).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request


def admin(info: dict, endpoint: str) -> dict:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{info['admin_url']}/{endpoint}", timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


def redact(text: str, secrets: dict) -> str:
    for secret in sorted(secrets.values(), key=len, reverse=True):
        if secret:
            text = text.replace(secret, "<secret>")
    return text


def texts(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, _dirs, names in os.walk(path):
                for name in names:
                    yield os.path.join(root, name)
        elif os.path.exists(path):
            yield path


def main() -> int:
    args = sys.argv[1:]
    no_key_on_the_wire = "--no-key-on-the-wire" in args
    args = [arg for arg in args if arg != "--no-key-on-the-wire"]
    info = json.load(open(args[0], encoding="utf-8"))
    min_tokens = int(args[1])
    credentials = json.load(open(info["credentials_path"], encoding="utf-8"))
    seen = admin(info, "stats")["secrets_seen"]

    key_lines = [line.strip() for line in credentials["private_key"].splitlines() if line.strip() and "-----" not in line]
    jwts = [value for value in seen if value.count(".") == 2]
    secrets = {"the api key": info["api_key"]}
    for index, line in enumerate(key_lines):
        secrets[f"line {index + 1} of the private key"] = line
    for index, token in enumerate(jwts):
        secrets[f"JWT {index + 1}"] = token
        secrets[f"the signature of JWT {index + 1}"] = token.rsplit(".", 1)[1]
    for index, value in enumerate(seen):
        secrets[f"secret {index + 1} the emulator received"] = value

    problems = []
    if len(jwts) < min_tokens:
        problems.append(f"the emulator received {len(jwts)} JWTs, expected at least {min_tokens}: did the cases run?")
    if min_tokens and info["api_key"] not in seen:
        problems.append("the emulator never received the api key: did the api_key cases run?")
    if no_key_on_the_wire:
        for value in seen:
            if any(line in value for line in key_lines):
                problems.append("the private key was sent to the API (in a header or a form field)")
                break

    checked = 0
    for path in texts(args[2:]):
        checked += 1
        content = open(path, encoding="utf-8", errors="replace").read()
        for name, secret in secrets.items():
            if secret and secret in content:
                where = content.index(secret)
                line = content.count("\n", 0, where) + 1
                context = content[max(0, where - 300):where].splitlines()[-1:] or [""]
                problems.append(f"{name} occurs in {path} line {line}, after: ...{redact(context[0], secrets)[-80:]}")
    if not checked:
        problems.append("no output was captured")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"checked {checked} file(s) for {len(secrets)} secret strings: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
