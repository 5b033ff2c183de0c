"""Command line: ``python -m voximplant_emulator --state-dir DIR [options]`` (and ``--background``, ``--stop DIR``)."""
from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, Sequence

from voximplant_emulator import launcher
from voximplant_emulator.config import COUNT_MEANS, Options, RuntimeConfig
from voximplant_emulator.files import write_private_file

# (module, distribution): what serving needs beyond the standard library.
REQUIRED_LIBRARIES = (("jwt", "PyJWT"), ("cryptography", "cryptography"))


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


def launch_parser() -> argparse.ArgumentParser:
    """The flags of the launcher itself; everything else is handed to the emulator it starts."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    group = parser.add_argument_group("background start and stop")
    group.add_argument("--background", action="store_true",
                       help="start the emulator in a child process, print emulator.json once it listens, exit 0 "
                            "(non-zero with the child's output when it fails)")
    group.add_argument("--info-file", type=Path, help="with --background: also write emulator.json's document here (mode 0600)")
    group.add_argument("--log-file", type=Path, help="with --background: the emulator's output (default DIR/emulator.log)")
    group.add_argument("--start-timeout", type=float, default=60.0, help="with --background: seconds to wait (default 60)")
    group.add_argument("--stop", type=Path, metavar="DIR",
                       help="stop the emulator serving state dir DIR (SIGTERM, SIGKILL after 10 s) and exit")
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (every flag is documented in tests/emulator/README.md)."""
    parser = argparse.ArgumentParser(prog="voximplant_emulator", parents=[launch_parser()], allow_abbrev=False,
                                     description="Emulator of the Voximplant Management API GetSipRegistrations method.")
    parser.add_argument("--state-dir", type=Path,
                        help="where credentials.json, emulator.json (and ca.pem with --tls) are written (required to serve)")
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
    parser.add_argument("--clock-offset", type=int, default=0, metavar="SECONDS",
                        help="the server's clock = the host's + SECONDS (tokens then get errors 455/456)")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a generated CA (DIR/ca.pem)")
    parser.add_argument("--quiet", action="store_true", help="no request log on stderr")
    parser.add_argument("--lifetime", type=_positive, default=None, metavar="SECONDS",
                        help="stop by itself after SECONDS (default: run until stopped)")
    parser.add_argument("--watch-pid", type=_positive, default=None, metavar="PID",
                        help="stop by itself once process PID has ended (a test script that was killed)")
    return parser


def options_from_args(args: argparse.Namespace) -> Options:
    """Options from parsed arguments."""
    runtime = RuntimeConfig(page_cap=args.page_cap, default_count=args.default_count, count_means=args.count_means,
                            latency_ms=args.latency_ms, max_concurrent=args.max_concurrent, clock_offset=args.clock_offset)
    runtime.validate()
    return Options(state_dir=args.state_dir, host=args.host, port=args.port, records=args.records, seed=args.seed,
                   tls=args.tls, quiet=args.quiet, runtime=runtime)


def missing_library() -> str | None:
    """One line naming the library this interpreter lacks and the interpreter to use, or None."""
    for module, distribution in REQUIRED_LIBRARIES:
        try:
            importlib.import_module(module)
        except ImportError:
            return (f"voximplant_emulator: {sys.executable} (Python {sys.version.split()[0]}) cannot import {distribution}; "
                    "run the emulator with the Python that runs Ansible for the collection (it has requests, PyJWT and "
                    "cryptography: `ansible --version` names it as 'python version'), or install them: "
                    f"{sys.executable} -m pip install PyJWT cryptography")
    return None


def serve(options: Options, lifetime: int | None = None, watch_pid: int | None = None) -> int:
    """Serve until SIGTERM or SIGINT, ``lifetime`` seconds, or the end of ``watch_pid``; exit 0."""
    # Imported here: the server needs PyJWT, which --stop and the missing-library message do without.
    from voximplant_emulator.server import EmulatorServer  # pylint: disable=import-outside-toplevel

    stop = threading.Event()

    def _on_signal(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    deadline = time.monotonic() + lifetime if lifetime else None
    try:
        server = EmulatorServer(options)
    except OSError as exc:  # the port is taken, the address is not local, the state dir is not writable
        print(f"voximplant_emulator: cannot serve on {options.host}:{options.port} from {options.state_dir}: {exc}",
              file=sys.stderr, flush=True)
        return 1
    info = server.start()
    if not options.quiet:
        print(f"voximplant-emulator listening on {info['url']} (admin {info['admin_url']})", file=sys.stderr, flush=True)
    try:
        while not stop.wait(0.5):
            if deadline is not None and time.monotonic() > deadline:
                print(f"voximplant-emulator: lifetime of {lifetime} s reached, stopping", file=sys.stderr, flush=True)
                break
            if watch_pid is not None and not launcher.process_alive(watch_pid):
                print(f"voximplant-emulator: process {watch_pid} ended, stopping", file=sys.stderr, flush=True)
                break
    finally:
        server.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Serve in the foreground, start in the background (``--background``) or stop (``--stop DIR``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.stop is not None:
        try:
            print(launcher.stop(args.stop), file=sys.stderr)
        except launcher.LaunchError as exc:
            print(f"voximplant_emulator: {exc}", file=sys.stderr)
            return exc.status
        return 0
    if args.state_dir is None:
        build_parser().error("--state-dir is required (or --stop DIR)")
    problem = missing_library()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        options = options_from_args(args)
    except ValueError as exc:
        build_parser().error(str(exc))
    if not args.background:
        return serve(options, args.lifetime, args.watch_pid)
    _launch, serve_args = launch_parser().parse_known_args(argv)
    try:
        info = launcher.start(serve_args, args.state_dir, args.log_file, args.start_timeout)
    except launcher.LaunchError as exc:
        print(f"voximplant_emulator: {exc}", file=sys.stderr)
        return exc.status
    text = json.dumps(info, indent=2) + "\n"
    if args.info_file is not None:
        write_private_file(Path(os.path.abspath(args.info_file)), text)
    sys.stdout.write(text)
    return 0
