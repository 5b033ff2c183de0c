"""Lay out an ansible-runner private data directory as AWX does for a job with a custom credential (test helper).

Usage: render_injectors.py CREDENTIAL_TYPE_DIR PRIVATE_DATA_DIR INPUTS_JSON EXTRA_VARS_JSON

Reads inputs.yml and injectors.yml from CREDENTIAL_TYPE_DIR and renders the injectors the way AWX does: Jinja in a
sandbox, the credential's inputs as variables (inputs left empty are absent), `tower.filename` the path of the
private file that holds the rendered `file` template. Writes that file (mode 0600) into PRIVATE_DATA_DIR,
env/envvars (exactly the injected environment) and env/extravars (the injected extra variables, then
EXTRA_VARS_JSON: what a job template adds). Prints the injected environment as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from typing import Any, Dict

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

ALLOWED_INJECTORS = {"file", "env", "extra_vars"}


def _check_definition(inputs: Dict[str, Any], injectors: Dict[str, Any], given: Dict[str, Any]) -> None:
    """What AWX validates when the credential type and the credential are saved."""
    unknown = set(injectors) - ALLOWED_INJECTORS
    if unknown:
        sys.exit(f"injectors.yml: unknown injector kinds {sorted(unknown)}")
    for name in injectors.get("env", {}):
        if name.startswith("ANSIBLE_"):
            sys.exit(f"injectors.yml: AWX refuses the environment variable {name} (ANSIBLE_ names are reserved)")
    fields = {field["id"]: field for field in inputs["fields"]}
    for required in inputs.get("required", []):
        if not given.get(required):
            sys.exit(f"the credential lacks the required input {required}")
    for name in given:
        if name not in fields:
            sys.exit(f"the credential has an input {name} that inputs.yml does not define")


def main() -> None:
    type_dir, private_data_dir, inputs_json, extra_vars_json = sys.argv[1:5]
    with open(os.path.join(type_dir, "inputs.yml"), encoding="utf-8") as handle:
        inputs = yaml.safe_load(handle)
    with open(os.path.join(type_dir, "injectors.yml"), encoding="utf-8") as handle:
        injectors = yaml.safe_load(handle)
    given = {name: value for name, value in json.loads(inputs_json).items() if value not in ("", None)}
    _check_definition(inputs, injectors, given)

    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    namespace: Dict[str, Any] = dict(given)
    file_injector = injectors.get("file", {})
    if file_injector:
        if set(file_injector) != {"template"}:
            sys.exit("this helper renders one file (file: {template: ...})")
        descriptor, path = tempfile.mkstemp(prefix="awx_credential_", dir=private_data_dir)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(env.from_string(file_injector["template"]).render(**namespace))
        os.chmod(path, 0o600)
        namespace["tower"] = {"filename": path}

    injected_env = {name: env.from_string(template).render(**namespace) for name, template in injectors.get("env", {}).items()}
    extra_vars = {name: env.from_string(template).render(**namespace) for name, template in injectors.get("extra_vars", {}).items()}
    extra_vars.update(json.loads(extra_vars_json))

    os.makedirs(os.path.join(private_data_dir, "env"), exist_ok=True)
    for name, content in (("envvars", injected_env), ("extravars", extra_vars)):
        path = os.path.join(private_data_dir, "env", name)
        with open(path, "w", encoding="utf-8") as handle:
            yaml.safe_dump(content, handle, default_flow_style=False)
        os.chmod(path, 0o600)
    print(json.dumps(injected_env))


if __name__ == "__main__":
    main()
