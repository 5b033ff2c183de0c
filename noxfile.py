# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The test sessions of voximplant.management: `nox -l` lists them, `nox -e NAME` runs one, ./scripts/test runs all.

antsibull-nox defines the community's sessions from antsibull-nox.toml (lint, docs-check, extra-checks,
build-import-check, ansible-lint). This file adds what antsibull-nox cannot do without containers here:
ansible-test --venv on every ansible-core line (LINES), the emulator-driven checks in tests/checks, and
the collection's own checks (ansible-doc, changelog, artifact, execution environment, demo).
See CONTRIBUTING.md.
"""

from __future__ import annotations

import fcntl
import functools
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nox

try:
    import antsibull_nox
except ImportError:
    print("You need to install antsibull-nox in the same Python environment as nox (./scripts/test does).")
    sys.exit(1)

ROOT = Path(__file__).resolve().parent
FQCN = "voximplant.management"
CONSTRAINTS = "tests/tool-constraints.txt"  # the one place tool versions are pinned
RUNTIME_REQUIREMENTS = ("-r", "requirements.txt", "-r", "test-requirements.txt", "-c", CONSTRAINTS)


@dataclass(frozen=True)
class Line:
    """An ansible-core line CI tests, and the controller Python it runs on."""

    core: str  # pip requirement
    python: str
    integration: bool = False
    sanity_skip: tuple[str, ...] = ()


# THE matrix. Sanity and units on every line; integration on the oldest (2.16), on 2.20 and on the newest: what
# issue 11 asks and what fits the suite's half hour (a fourth integration line would cost ~10 minutes). 2.16 costs one
# small shim (plugins/plugin_utils/_compat.py), see CONTRIBUTING.md.
LINES = {
    "2.16": Line("ansible-core>=2.16.0,<2.17", "3.11", integration=True),
    "2.19": Line("ansible-core>=2.19.0,<2.20", "3.11"),
    "2.20": Line("ansible-core>=2.20.0,<2.21", "3.12", integration=True),
    "2.21": Line("ansible-core>=2.21.0,<2.22", "3.13"),
    # The release candidate until 2.22.0 is out. Its pylint sanity requirements pin dill by a GitHub
    # archive URL, which these machines cannot fetch: pylint is skipped on this line only (it runs on all others).
    "2.22": Line("ansible-core>=2.22.0rc1,<2.23", "3.13", integration=True, sanity_skip=("pylint",)),
}
# The line whose venv runs ansible-doc, the tests/checks scripts and the packaging tools (= nox's own Python).
TOOLS = LINES["2.19"]

nox.options.default_venv_backend = "uv|venv"
nox.options.download_python = "never"
nox.options.reuse_venv = "yes"

antsibull_nox.load_antsibull_nox_toml()


@functools.lru_cache(maxsize=None)
def interpreter(minor: str) -> str:
    """The pyenv CPython `minor` (newest patch release), else pythonMINOR on PATH."""
    try:
        root = subprocess.run(["pyenv", "root"], check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    found = sorted(glob.glob(f"{root}/versions/{minor}.*/bin/python{minor}"), key=lambda p: [int(x) for x in p.split("/")[-3].split(".") if x.isdigit()])
    return found[-1] if found else shutil.which(f"python{minor}") or f"python{minor}"


def stage(session: nox.Session, keep_delegation: bool = False) -> Path:
    """Copy the tracked and untracked-but-not-ignored files to .../ansible_collections/voximplant/management.

    ansible-test needs that path and writes tests/output/ there, so each session has its own copy, under a short
    path ($TMPDIR/vx-*: the venvs ansible-test makes in it must keep their shebangs under 127 characters).
    keep_delegation: the copy's place is fixed per checkout and session, and the virtualenv ansible-test --venv
    made there last time (tests/output/.tmp/delegation) is kept for reuse; everything else is copied anew.
    Otherwise: a new temporary directory.
    """
    if keep_delegation:
        top = Path(tempfile.gettempdir()) / f"vx-{hashlib.sha256(f'{ROOT}:{session.name}'.encode()).hexdigest()[:10]}"
        dest = top.joinpath("ansible_collections", *FQCN.split("."))
        kept = dest / "tests" / "output" / ".tmp" / "delegation"
        parked = top / "delegation"
        if kept.is_dir():
            shutil.rmtree(parked, ignore_errors=True)
            kept.rename(parked)
        shutil.rmtree(top / "ansible_collections", ignore_errors=True)
        if parked.is_dir():
            kept.parent.mkdir(parents=True)
            parked.rename(kept)
    else:
        top = Path(tempfile.mkdtemp(prefix="vx-"))
        dest = top.joinpath("ansible_collections", *FQCN.split("."))
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           check=True, capture_output=True, text=True).stdout.split("\0")
    copied = 0
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():  # a deleted tracked file is skipped
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
            copied += 1
    session.log(f"staged {copied} files in {dest}")
    return dest


def ansible_test_home(session: nox.Session, integration: bool) -> None:
    """What ansible-test --venv needs in ~/.ansible/test: the offline get-pip stand-in, and (integration) the SSH key.

    ansible-test downloads get-pip.py from a host these machines cannot reach unless a cached copy exists
    (scripts/lib/get_pip_shim.py). Two integration runs making the SSH key at once race: make it here, locked.
    """
    home = Path.home() / ".ansible" / "test"
    (home / "cache").mkdir(parents=True, exist_ok=True)
    versions = session.run("python", "-c", "import os, re, ansible_test as t; print(*sorted(set(re.findall(r'''\\bpip\\s*=\\s*['\"]([0-9.]+)['\"]''', "
                           "open(os.path.join(os.path.dirname(t.__file__), '_internal', 'python_requirements.py')).read()))))",
                           silent=True).split()
    shim = (ROOT / "scripts" / "lib" / "get_pip_shim.py").read_bytes()
    for version in versions:
        target = home / "cache" / f"get_pip_{version.replace('.', '_')}.py"
        if not target.is_file() or target.read_bytes() != shim:
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
                handle.write(shim)
            os.replace(handle.name, target)
    if integration:
        with open(home / ".id_rsa.lock", "w", encoding="utf-8") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (home / "id_rsa").is_file() or not (home / "id_rsa.pub").is_file():
                make_ssh_key(home / "id_rsa")


def make_ssh_key(key: Path) -> None:
    """The key ansible-test integration would make, the way it makes it."""
    for path in (key, key.with_suffix(".pub")):
        path.unlink(missing_ok=True)
    subprocess.run(["ssh-keygen", "-m", "PEM", "-q", "-t", "rsa", "-N", "", "-f", str(key)], check=True, stdin=subprocess.DEVNULL)
    # as ansible-test does: paramiko wants the "RSA PRIVATE KEY" header
    text = key.read_text(encoding="utf-8")
    key.write_text(text.replace("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY").replace("END PRIVATE KEY", "END RSA PRIVATE KEY"), encoding="utf-8")


def ansible_test(session: nox.Session, line: str, command: list[str]) -> None:
    spec = LINES[line]
    session.install(spec.core)  # a release candidate named in the requirement is allowed by pip and uv alike
    ansible_test_home(session, integration=command[0] == "integration")
    collection = stage(session, keep_delegation=True)  # after a run, its tests/output/ can be read there
    with session.chdir(collection):
        session.run("ansible-test", *command, "--venv", "--python", spec.python, "--color", "no", *session.posargs)


def line_params(lines: list[str]) -> list:
    return [nox.param(interpreter(LINES[line].python), line, id=line) for line in lines]


@nox.session(tags=["ansible-test", "sanity"])
@nox.parametrize("python,line", line_params(list(LINES)))
def sanity(session: nox.Session, line: str) -> None:
    """ansible-test sanity --venv; no tests/sanity/ignore-*.txt allowed."""
    ignores = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("tests/sanity/ignore-*.txt"))
    if ignores:
        session.error(f"sanity ignore files are not allowed (fix the code instead): {', '.join(ignores)}")
    skips = [arg for test in LINES[line].sanity_skip for arg in ("--skip-test", test)]
    ansible_test(session, line, ["sanity", *skips])


@nox.session(tags=["ansible-test", "units"])
@nox.parametrize("python,line", line_params(list(LINES)))
def units(session: nox.Session, line: str) -> None:
    """ansible-test units --venv."""
    ansible_test(session, line, ["units"])


@nox.session(name="tooling-units", python=interpreter(TOOLS.python), tags=["units"])
def tooling_units(session: nox.Session) -> None:
    """pytest of the test tooling in tests/tooling (the emulator, scripts/lib), once: none of it runs under ansible-core.

    The collection's own unit tests (tests/unit) run on every line; these do not depend on the line, and running them
    five times cost a fifth of the suite.
    """
    env = tools_session(session)
    with session.chdir(env["COLLECTION_DIR"]):
        session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "tests/tooling", *session.posargs, env=env)
    shutil.rmtree(env["WORK_DIR"])


@nox.session(tags=["ansible-test", "integration"])
@nox.parametrize("python,line", line_params([line for line, spec in LINES.items() if spec.integration]))
def integration(session: nox.Session, line: str) -> None:
    """ansible-test integration --venv (the targets start the emulator on loopback)."""
    ansible_test(session, line, ["integration", "--continue-on-error"])


def tools_session(session: nox.Session, *packages: str) -> dict[str, str]:
    """Install the tools line with the collection's requirements; the environment for a staged copy of the collection."""
    session.install(TOOLS.core, *RUNTIME_REQUIREMENTS, *packages)
    collection = stage(session)
    work = collection.parents[2]
    return {
        "COLLECTION_DIR": str(collection),
        "ANSIBLE_COLLECTIONS_PATH": str(work),
        "COLLECTIONS_PATH": str(work),
        "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
        "ANSIBLE_LOCAL_TEMP": str(work / "ansible-tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "WORK_DIR": str(work),
        "REPO_ROOT": str(ROOT),
        "VENV": session.virtualenv.location,
        "PATH": f"{session.virtualenv.location}/bin:{os.environ['PATH']}",  # for subprocess.run too
    }


CHECKS = sorted(p.name for p in (ROOT / "tests" / "checks").glob("*.sh"))


@nox.session(python=interpreter(TOOLS.python), tags=["checks"])
@nox.parametrize("script", [nox.param(name, id=name.removesuffix(".sh")) for name in CHECKS])
def check(session: nox.Session, script: str) -> None:
    """tests/checks/SCRIPT against the emulator (exit 0 pass, 77 skip, else fail)."""
    env = tools_session(session, "antsibull-docs", "sphinx", "sphinx-ansible-theme", "sphinx-rtd-theme", "sphinxcontrib-jquery")
    python = str(Path(session.virtualenv.location) / "bin" / "python")
    env |= {"AUDIT_PYTHON": python, "BENCH_PYTHON": python, "DEMO_VENV": session.virtualenv.location,
            "DEMO_COLLECTIONS_DIR": f"{env['WORK_DIR']}/demo-collections", "VENV_ROOT": f"{env['WORK_DIR']}/venvs"}
    path = ROOT / "tests" / "checks" / script
    if not os.access(path, os.X_OK):
        session.error(f"tests/checks/{script} is not executable (chmod +x; git update-index --chmod=+x)")
    session.log(f"tests/checks/{script}")
    rc = subprocess.run([str(path)], cwd=ROOT, env=dict(os.environ, **env), check=False).returncode
    shutil.rmtree(env["WORK_DIR"])
    if rc == 77:
        session.skip(f"tests/checks/{script} skipped itself")
    if rc:
        session.error(f"tests/checks/{script} exited with {rc}")


@nox.session(name="ansible-doc", python=interpreter(TOOLS.python), tags=["docs"])
def ansible_doc(session: nox.Session) -> None:
    """ansible-doc renders the module, lookup and role docs without warnings, and --json carries them."""
    env = dict(os.environ, **tools_session(session))
    for kind, name in (("module", "sip_registration_info"), ("lookup", "sip_registrations"), ("role", "sip_registration_audit")):
        text = subprocess.run(["ansible-doc", "-t", kind, f"{FQCN}.{name}"], env=env, capture_output=True, text=True, check=False)
        print(*text.stdout.splitlines()[:12], f"... ({len(text.stdout.splitlines())} lines)", text.stderr, sep="\n")
        if text.returncode or not text.stdout.strip() or any(w in text.stdout + text.stderr for w in ("[WARNING]", "[ERROR]", "[DEPRECATION WARNING]")):
            session.error(f"ansible-doc -t {kind} {FQCN}.{name}: exit {text.returncode}, a warning or no output")
        data = subprocess.run(["ansible-doc", "-t", kind, "--json", f"{FQCN}.{name}"], env=env, capture_output=True, text=True, check=False)
        entry = next(iter((json.loads(data.stdout or "{}") or {}).values()), None)
        if not entry or not (entry.get("doc") or entry.get("entry_points")):
            session.error(f"ansible-doc -t {kind} --json {FQCN}.{name} returned no documentation")
    shutil.rmtree(env["WORK_DIR"])


@nox.session(name="changelog-lint", python=interpreter(TOOLS.python), tags=["changelog"])
def changelog_lint(session: nox.Session) -> None:
    """antsibull-changelog lint (the fragments) and lint-changelog-yaml (the release history)."""
    session.install("antsibull-changelog", "-c", CONSTRAINTS)
    session.run("antsibull-changelog", "lint")
    session.run("antsibull-changelog", "lint-changelog-yaml", "changelogs/changelog.yaml")


@nox.session(name="changelog-fragments", python=False, tags=["changelog"])
def changelog_fragments(session: nox.Session) -> None:
    """A change under plugins/ or roles/ comes with a changelog fragment (the rule: CONTRIBUTING.md)."""
    session.run(sys.executable, str(ROOT / "scripts" / "lib" / "changelog_fragments.py"), str(ROOT), external=True)


# What must never be in the built collection (galaxy.yml build_ignore keeps it out).
FORBIDDEN = re.compile(r"^(tests/output/|\.venv|\.nox/|\.ci/|\.git/|\.ansible/|collections/|benchmarks/results/|.*__pycache__/|.*\.pyc$"
                       r"|tests/integration/inventory$|.*\.tar\.gz$|importer_result\.json$|noxfile\.py$|antsibull-nox\.toml$)")


def build(session: nox.Session, env: dict[str, str]) -> Path:
    """ansible-galaxy collection build of the staged copy; the tarball."""
    dist = Path(env["WORK_DIR"]) / "dist"
    with session.chdir(env["COLLECTION_DIR"]):
        session.run("ansible-galaxy", "collection", "build", "--output-path", str(dist), env=env)
    return next(dist.glob("*.tar.gz"))


@nox.session(name="artifact-check", python=interpreter(TOOLS.python), tags=["build"])
def artifact_check(session: nox.Session) -> None:
    """The built tarball holds nothing that build_ignore should keep out, and galaxy-importer has nothing to say about it."""
    env = tools_session(session, "galaxy-importer")
    tarball = build(session, env)
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    bad = [name for name in names if FORBIDDEN.match(name)]
    session.log(f"{tarball.name}: {len(names)} entries")
    if bad:
        session.error("files that must not be in the artifact (add them to build_ignore in galaxy.yml): " + ", ".join(bad[:50]))
    out = Path(env["WORK_DIR"]) / "importer"
    out.mkdir()
    with session.chdir(out):  # it writes importer_result.json into the working directory
        log = session.run("python", "-m", "galaxy_importer.main", str(tarball), silent=True,
                          env=dict(env, GALAXY_IMPORTER_CONFIG=str(ROOT / "scripts" / "lib" / "galaxy-importer.cfg")))
    print(log)
    problems = [line for line in log.splitlines() if line.startswith(("WARNING:", "ERROR:", "CRITICAL:"))]
    if "Importer processing completed successfully" not in log or problems:
        session.error("galaxy-importer did not complete cleanly (Galaxy would show these to users): " + "; ".join(problems))
    shutil.rmtree(env["WORK_DIR"])


@nox.session(name="ee-builder", python=interpreter(TOOLS.python), tags=["build"])
def ee_builder(session: nox.Session) -> None:
    """ansible-builder reads the collection's dependencies and writes the build context of an EE that installs the tarball."""
    env = tools_session(session, "ansible-builder")
    tarball = build(session, env)
    work = Path(env["WORK_DIR"])
    session.run("ansible-builder", "introspect", "--sanitize", "--write-pip", str(work / "ee-pip.txt"), env["ANSIBLE_COLLECTIONS_PATH"], env=env)
    introspected = (work / "ee-pip.txt").read_text(encoding="utf-8").lower()
    wanted = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    names = [req.split(">")[0].split("=")[0].split("<")[0].split("[")[0].strip().lower() for req in wanted if req]
    missing = [name for name in names if name not in introspected]
    if missing:
        session.error(f"ansible-builder introspect does not list {', '.join(missing)} (check meta/execution-environment.yml)")
    ee = work / "ee"
    ee.mkdir()
    shutil.copy2(tarball, ee)
    (ee / "requirements.yml").write_text(f"---\ncollections:\n  - name: collections/{tarball.name}\n    type: file\n", encoding="utf-8")
    (ee / "execution-environment.yml").write_text(f"""---
version: 3
images:
  base_image:
    name: quay.io/fedora/fedora-minimal:40
dependencies:
  python_interpreter:
    package_system: python3.11
    python_path: /usr/bin/python3.11
  ansible_core:
    package_pip: {TOOLS.core}
  ansible_runner:
    package_pip: ansible-runner
  galaxy: requirements.yml
  python: {ROOT / "requirements.txt"}
additional_build_files:
  - src: {tarball.name}
    dest: collections
""", encoding="utf-8")
    with session.chdir(ee):
        session.run("ansible-builder", "create", "--file", "execution-environment.yml", "--context", "context", "--output-filename", "Containerfile", "-v", "2")
    if not (ee / "context" / "Containerfile").is_file():
        session.error("ansible-builder create wrote no Containerfile")
    shutil.rmtree(work)


@nox.session(python=False, tags=["checks"])
def demo(session: nox.Session) -> None:
    """./scripts/demo exactly as the README says (it makes .venv/ansible-2.19 itself), into temporary report and collection dirs."""
    work = Path(tempfile.mkdtemp(prefix="vx-demo-"))
    env = {"DEMO_REPORT_DIR": str(work / "reports"), "DEMO_COLLECTIONS_DIR": str(work / "collections")}
    session.run(str(ROOT / "scripts" / "demo"), env=env, external=True)
    reports = sorted(p.name for p in (work / "reports").glob("sip_registration_audit.*"))
    session.log(f"reports: {', '.join(reports)}")
    if not {"sip_registration_audit.json", "sip_registration_audit.html", "sip_registration_audit.junit.xml", "sip_registration_audit.md"} <= set(reports):
        session.error("the demo did not write every report")
    shutil.rmtree(work)
