"""Command line: ``python -m voximplant_emulator --state-dir DIR [options]``."""
from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any, Sequence

from voximplant_emulator.config import COUNT_MEANS, Options, RuntimeConfig
from voximplant_emulator.server import EmulatorServer


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (every flag is documented in tests/emulator/README.md)."""
    parser = argparse.ArgumentParser(prog="voximplant_emulator",
                                     description="Emulator of the Voximplant Management API GetSipRegistrations method.")
    parser.add_argument("--state-dir", required=True, type=Path,
                        help="where credentials.json, emulator.json (and ca.pem with --tls) are written")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=_non_negative, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument("--records", type=_non_negative, default=200, help="records of the main account (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="data set seed (default 1)")
    parser.add_argument("--page-cap", type=_positive, default=1000, help="largest page served; larger count is capped silently")
    parser.add_argument("--default-count", type=_positive, default=20, help="page size when count is not sent (default 20)")
    parser.add_argument("--count-means", choices=COUNT_MEANS, default="page",
                        help="response 'count': page length (default) or total matching")
    parser.add_argument("--latency-ms", type=_non_negative, default=0, help="added to every API request")
    parser.add_argument("--max-concurrent", type=_positive, default=None,
                        help="beyond this many API requests in flight, answer API error 340")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a generated CA (DIR/ca.pem)")
    parser.add_argument("--quiet", action="store_true", help="no request log on stderr")
    return parser


def options_from_args(args: argparse.Namespace) -> Options:
    """Options from parsed arguments."""
    runtime = RuntimeConfig(page_cap=args.page_cap, default_count=args.default_count, count_means=args.count_means,
                            latency_ms=args.latency_ms, max_concurrent=args.max_concurrent)
    runtime.validate()
    return Options(state_dir=args.state_dir, host=args.host, port=args.port, records=args.records, seed=args.seed,
                   tls=args.tls, quiet=args.quiet, runtime=runtime)


def main(argv: Sequence[str] | None = None) -> int:
    """Run until SIGTERM or SIGINT; exit 0."""
    options = options_from_args(build_parser().parse_args(argv))
    stop = threading.Event()

    def _on_signal(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    server = EmulatorServer(options)
    info = server.start()
    if not options.quiet:
        print(f"voximplant-emulator listening on {info['url']} (admin {info['admin_url']})", file=sys.stderr, flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0
