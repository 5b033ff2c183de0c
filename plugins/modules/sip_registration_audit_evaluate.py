#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: sip_registration_audit_evaluate
short_description: Evaluate the SIP registration audit's checks (the engine of the audit role)
version_added: 1.1.0
description:
  - The engine of the role P(voximplant.management.sip_registration_audit#role).
    Most users run the role, which passes its variables here and renders the reports; this action is for playbooks
    that want the evaluation without the reports.
  - Validates the whole configuration first (built-in check settings, custom checks, severities, waivers), then lists
    the registrations by running M(voximplant.management.sip_registration_info) once with the connection options and
    O(filters), or takes O(registrations), evaluates every check, returns the evaluation and, when the role asks for it
    (O(report_formats)), renders the role's templates into the reports on the controller.
  - The registrations are not returned; use the module or the P(voximplant.management.sip_registrations#lookup) lookup for them.
  - Failing checks do not fail the task; read RV(audit.passed).
  - Expired and unused waivers and failing checks of severity V(warning) are reported as Ansible warnings too.
author:
  - Voximplant collection maintainers (@voximplant)
extends_documentation_fragment:
  - voximplant.management.connection
  - voximplant.management.attributes
  - voximplant.management.attributes.info_module
options:
  connection:
    description:
      - Connection options of M(voximplant.management.sip_registration_info) as one dict, under the same names (the options
        documented below); each one set here overrides that option given directly in the task or by C(module_defaults).
        The role passes O(voximplant.management.sip_registration_audit#role:main:sip_registration_audit_connection) here.
      - Checked before any request. An unknown name fails with the closest valid one, a wrong value names
        O(option_prefix) + V(connection) and the option. Ignored with O(registrations).
    type: dict
    default: {}
    version_added: 1.1.0
  filters:
    description:
      - Filters of M(voximplant.management.sip_registration_info) (same names, types and meaning); the audit covers the
        registrations they select. Ignored with O(registrations).
      - Checked before any request, as O(connection) is.
    type: dict
    default: {}
  registrations:
    description:
      - Audit these registration dicts (the API's field names) instead of listing them; no request is made.
    type: list
    elements: dict
  checks:
    description:
      - Settings of the built-in checks, by check name; see the role's O(voximplant.management.sip_registration_audit#role:main:sip_registration_audit_checks).
      - Every check also takes C(enabled) (default V(true)) and C(severity) (V(error), the default, or V(warning)).
    type: dict
    default: {}
  custom_checks:
    description:
      - Checks written by the user; see the role's O(voximplant.management.sip_registration_audit#role:main:sip_registration_audit_custom_checks).
    type: list
    elements: dict
    default: []
  waivers:
    description:
      - Time-limited exemptions; see the role's O(voximplant.management.sip_registration_audit#role:main:sip_registration_audit_waivers).
    type: list
    elements: dict
    default: []
  max_offenders:
    description: Offenders listed per check in RV(audit.checks[].offenders); RV(audit.checks[].violations) is always complete.
    type: int
    default: 20
  today:
    description:
      - The date (C(YYYY-MM-DD)) waivers are judged on. The default is today in UTC. For reproducible runs and tests.
    type: str
  accounts:
    description:
      - Audit several accounts, a list of C(label), C(connection) (connection options over the task's own) and C(filters)
        (default O(filters)); see the role's O(voximplant.management.sip_registration_audit#role:main:sip_registration_audit_accounts).
      - Each account is listed by the collection's core in the controller's Python, up to four at once; the result has
        RV(audit.accounts) beside the total. Cannot be combined with O(registrations).
    type: list
    elements: dict
    version_added: 1.1.0
  prometheus_path:
    description:
      - Where the V(prometheus) report goes (for example the node_exporter textfile collector's directory + C(/voximplant_sip.prom));
        default O(report_dir)/O(report_basename)C(.prom).
    type: path
    version_added: 1.1.0
  prometheus_mode:
    description:
      - File mode of the V(prometheus) report, octal; the file is created as a private temporary file in the same directory,
        given this mode, then renamed over the path (the collector never reads half a file). Never writable by others.
    type: str
    default: "0644"
    version_added: 1.1.0
  baseline:
    description:
      - Path of the JSON report of an earlier run; the result then has RV(audit.changes) since it and the check
        C(baseline_unchanged) runs. See the role's O(voximplant.management.sip_registration_audit#role:main:sip_registration_audit_baseline).
      - Read (bounded, a regular file, validated) before any request.
    type: path
    version_added: 1.1.0
  baseline_missing_ok:
    description:
      - A missing or unreadable O(baseline) skips C(baseline_unchanged) with the reason instead of failing.
    type: bool
    default: false
    version_added: 1.1.0
  option_prefix:
    description: Put before the option names in error messages (the role sets V(sip_registration_audit_)).
    type: str
    default: ""
  report_formats:
    description:
      - The reports to write on the controller, rendered from the templates of the role (so this works inside the role only).
      - Not written in check mode.
    type: list
    elements: str
    choices: [markdown, html, junit, json, prometheus]
    default: []
  report_dir:
    description: The directory of the reports; created when missing. Relative to the current directory of C(ansible-playbook).
    type: path
    default: .
  report_basename:
    description: File name of the reports without the extension.
    type: str
    default: sip_registration_audit
attributes:
  action:
    description: Runs on the controller as an action plugin.
    support: full
notes:
  - Put connection options in C(module_defaults) of C(group/voximplant.management.voximplant), in the task, or in O(connection);
    an option set in the task overrides the group's value of that option only, and one set in O(connection) overrides both.
seealso:
  - module: voximplant.management.sip_registration_info
"""

EXAMPLES = r"""
- name: Evaluate two policies without writing reports
  voximplant.management.sip_registration_audit_evaluate:
    credentials_file: /etc/voximplant/credentials.json
    checks:
      bound_to_application:
        enabled: false
      not_deactivated:
        severity: warning
    custom_checks:
      - name: pbx_on_pbx_proxies
        title: PBX registrations use the PBX proxies
        select: {application_name: [pbx]}
        require: {proxy: [sip1.example.com, sip2.example.com]}
    waivers:
      - check: pbx_on_pbx_proxies
        sip_username: lab-trunk
        reason: Lab trunk, moves in January (TICKET-42)
        expires: "2027-01-31"
  register: audit

- name: Fail on an error-severity finding
  ansible.builtin.assert:
    that: audit.audit.passed
    fail_msg: "Failed checks: {{ audit.audit.failed_checks | join(', ') }}"
"""

RETURN = r"""
audit:
  description:
    - The whole result; the role sets it as the fact C(sip_registration_audit_result) and writes it as the JSON report.
    - The JSON report also has C(snapshot), one entry per audited registration (C(sip_registration_id), C(sip_username) and
      the watched fields, V(null) when absent, and C(account) with O(accounts)), the baseline of a later run. It is not in
      this result (at 20,000 registrations it would cost Ansible more than the whole audit).
  returned: success
  type: dict
  contains:
    passed:
      description: V(false) exactly when an enabled check of severity V(error) has violations (after waivers).
      type: bool
      sample: false
    failed_checks:
      description: Names of the enabled error-severity checks that have violations.
      type: list
      elements: str
      sample: [not_deactivated]
    warnings:
      description:
        - Names of the enabled warning-severity checks that have violations. Ansible also shows one warning line per such
          check and per expired or unused waiver.
      type: list
      elements: str
      sample: [bound_to_application]
    checks:
      description: One entry per check, the built-in checks first (in their fixed order), then the custom checks in the order given.
      type: list
      elements: dict
      contains:
        name:
          description: The check's name.
          type: str
          sample: not_deactivated
        title:
          description: A one-line title.
          type: str
        description:
          description: What the check requires, with its settings.
          type: str
        enabled:
          description: Whether the check ran.
          type: bool
        severity:
          description: V(error) or V(warning).
          type: str
        skipped:
          description: Disabled, or nothing to check (for example no required usernames).
          type: bool
        skip_reason:
          description: Why it was skipped; empty otherwise.
          type: str
        status:
          description: V(passed), V(failed) (error severity, violations), V(warning) (warning severity, violations) or V(skipped).
          type: str
        passed:
          description: No violations (true when skipped).
          type: bool
        message:
          description: One sentence with the counts, exclusions, waivers.
          type: str
        checked:
          description: Registrations (or required usernames) the check looked at.
          type: int
        excluded:
          description: Registrations ignored through C(exclude_sip_usernames).
          type: int
        violations:
          description: Offenders that no waiver in force covers; always complete.
          type: int
        offenders:
          description: The first O(max_offenders) violations.
          type: list
          elements: dict
          contains:
            sip_registration_id:
              description: The registration; V(null) for a required username that has none.
              type: int
            sip_username:
              description: Its SIP user name.
              type: str
            detail:
              description: Why it offends, for example V(failed (403 Forbidden)) or V(proxy is sip3.example.com, not one of sip1.example.com).
              type: str
        offenders_truncated:
          description: More violations than RV(audit.checks[].offenders) lists.
          type: bool
        waived:
          description: Offenders taken out by a waiver in force.
          type: list
          elements: dict
          contains:
            sip_registration_id:
              description: The registration.
              type: int
            sip_username:
              description: Its SIP user name.
              type: str
            reason:
              description: The waiver's reason.
              type: str
            expires:
              description: The waiver's last day, C(YYYY-MM-DD), UTC.
              type: str
        expired_waivers:
          description: Waivers of this check whose last day has passed; they did not apply. Same fields as the waiver was given with.
          type: list
          elements: dict
          contains:
            sip_registration_id:
              description: The waiver's registration, or V(null) when it names a username.
              type: int
            sip_username:
              description: The waiver's username, or V(null) when it names a registration.
              type: str
            reason:
              description: The waiver's reason.
              type: str
            expires:
              description: The waiver's last day.
              type: str
        unused_waivers:
          description: Waivers in force that matched no offender (stale exemptions). Same fields as RV(audit.checks[].expired_waivers).
          type: list
          elements: dict
    summary:
      description:
        - The summary of M(voximplant.management.sip_registration_info) over the audited registrations, plus C(monthly_cost)
          (the exact sum of C(subscription_price), a decimal string) and C(monthly_cost_unpriced) (registrations whose price
          is missing or not a decimal number, not in the sum).
      type: dict
    breakdown:
      description:
        - The registrations by status for the chart; each registration in exactly one category (deactivated, else in
          progress, else successful, else failed by status code). Entries have C(category), C(label), C(count), C(color).
      type: list
      elements: dict
    waivers_evaluated_on:
      description: The UTC date the waivers were judged on.
      type: str
      sample: "2026-12-01"
    changes:
      description:
        - Since the baseline, V(null) without one. C(added) and C(removed) are lists of C(sip_registration_id), C(sip_username);
          C(changed) is a list of C(sip_registration_id), C(sip_username), C(fields) (field name to V([old, new])).
      type: dict
      version_added: 1.1.0
    baseline:
      description: The baseline used, C(path) and C(generated) (when its report was made), or C(skip_reason) without one.
      type: dict
      version_added: 1.1.0
    lines:
      description: One line per check, C(PASS), C(FAIL), C(WARN) or C(SKIP), its name and its message.
      type: list
      elements: str
    filters:
      description: The filters the listing used (V({}) with O(registrations)).
      type: dict
    source:
      description: V(api) when the registrations were listed, else the option they were given in (O(option_prefix) + V(registrations)).
      type: str
    duration:
      description: Seconds the listing took.
      type: float
    generated:
      description: When the evaluation was made, UTC, C(YYYY-MM-DDTHH:MM:SSZ).
      type: str
    accounts:
      description:
        - With O(accounts) only, one entry per account, C(label), C(passed), C(failed_checks), C(warnings), C(summary), C(breakdown),
          C(checks), C(changes) and C(lines), evaluated over that account's registrations alone. The top level is the total over
          every account; its C(passed) is V(false) when a check of severity V(error) fails in the total or in any account.
      returned: with O(accounts)
      type: list
      elements: dict
      version_added: 1.1.0
    reports:
      description: The reports written, format (V(markdown), V(html), V(junit), V(json), V(prometheus)) to absolute path.
      type: dict
"""
