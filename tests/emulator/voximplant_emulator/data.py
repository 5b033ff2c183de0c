"""Deterministic SIPRegistration data sets and their mutation (inserts interleaved, deletes)."""
from __future__ import annotations

import bisect
import datetime as dt
import random
import time
from dataclasses import dataclass, field
from typing import Any

# A fixed "now" keeps the data set identical from run to run: 2025-06-15 15:06:40 UTC.
REFERENCE_TS = 1_750_000_000
DAY = 86_400

PROXIES = (
    "sip.telco-one.example",
    "sip.telco-one.example:5080",
    "pbx.acme.example",
    "sip.carrier.example.net",
    "192.0.2.10",
    "voip.provider.example.org:5061",
)
OUTBOUND_PROXIES = ("sbc.acme.example", "outbound.telco-one.example:5060", "198.51.100.7")
FAILURES = (
    (401, "Unauthorized"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (408, "Request Timeout"),
    (503, "Service Unavailable"),
)
PRICES = ("0.00", "0.50", "1.00", "1.50", "2.99", "10.00")
LATIN_NAMES = (
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
    "ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor", "walter",
)
NON_ASCII_NAMES = ("иван", "мария", "оператор", "пётр", "светлана", "дежурный", "müller", "josé")
APP_WORDS = ("callcenter", "ivr", "crm", "sales", "support", "alerts")
RULE_WORDS = ("inbound", "fallback", "night", "vip")
USER_WORDS = ("operator", "agent", "supervisor", "bot")


@dataclass
class Catalog:
    """The applications of an account with their rules and users."""

    apps: list[dict[str, Any]]


def build_catalog(rng: random.Random, account_id: int) -> Catalog:
    """A small set of applications, each with 2-3 rules and 2-4 users (globally unique ids)."""
    apps: list[dict[str, Any]] = []
    next_rule = rng.randint(1000, 5000)
    next_user = rng.randint(100_000, 500_000)
    words = rng.sample(APP_WORDS, 4)
    app_id = rng.randint(10_000, 90_000)
    for word in words:
        app_id += rng.randint(1, 50)
        rules = []
        for rule_word in rng.sample(RULE_WORDS, rng.randint(2, 3)):
            next_rule += rng.randint(1, 9)
            rules.append({"rule_id": next_rule, "rule_name": rule_word})
        users = []
        for index, user_word in enumerate(rng.sample(USER_WORDS, rng.randint(2, 4)), start=1):
            next_user += rng.randint(1, 20)
            users.append({"user_id": next_user, "user_name": f"{user_word}{index}"})
        apps.append({
            "application_id": app_id,
            "application_name": f"{word}.emu{account_id}.voximplant.com",
            "rules": rules,
            "users": users,
        })
    return Catalog(apps=apps)


def _fmt_ts(ts: int) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in UTC."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts))


def _renewal_for_day(day: int) -> str:
    ref = dt.datetime.fromtimestamp(REFERENCE_TS, tz=dt.timezone.utc).date()
    candidate = dt.date(ref.year, ref.month, day)
    if candidate <= ref:
        year, month = (ref.year + 1, 1) if ref.month == 12 else (ref.year, ref.month + 1)
        candidate = dt.date(year, month, day)
    return candidate.isoformat()


# Renewal date by day of month of the purchase (days 29-31 renew on the 28th).
_RENEWALS = {day: _renewal_for_day(min(day, 28)) for day in range(1, 32)}


def _next_renewal(purchase_ts: int) -> str:
    """The next monthly anniversary of the purchase after the reference time, ``YYYY-MM-DD``."""
    return _RENEWALS[time.gmtime(purchase_ts).tm_mday]


def make_record(rng: random.Random, rid: int, catalog: Catalog, names: list[str]) -> dict[str, Any]:
    """One SIPRegistration with the API's field names and types."""
    roll = rng.random()
    if names and roll < 0.04:
        username = rng.choice(names)              # the same user name on another proxy
    elif roll < 0.07:
        username = f"{rng.choice(NON_ASCII_NAMES)}{rng.randint(1, 999)}"
    else:
        username = f"{rng.choice(LATIN_NAMES)}{rng.randint(1, 99_999)}"
    names.append(username)
    rec: dict[str, Any] = {
        "sip_registration_id": rid,
        "sip_username": username,
        "proxy": rng.choice(PROXIES),
    }
    if rng.random() < 0.7:
        rec["auth_user"] = username if rng.random() < 0.6 else f"auth{rng.randint(1000, 99_999)}"
    if rng.random() < 0.25:
        rec["outbound_proxy"] = rng.choice(OUTBOUND_PROXIES)
    state = rng.random()
    if state < 0.65:
        rec["successful"] = True
        rec["status_code"] = 200
    elif state < 0.85:
        code, message = rng.choice(FAILURES)
        rec["successful"] = False
        rec["status_code"] = code
        rec["error_message"] = message
    # else: registration in progress, no successful / status_code / error_message
    purchase_ts = REFERENCE_TS - rng.randint(DAY, 3 * 365 * DAY)
    rec["last_updated"] = max(purchase_ts, REFERENCE_TS - rng.randint(0, 30 * DAY))
    rec["deactivated"] = rng.random() < 0.08
    rec["next_subscription_renewal"] = _next_renewal(purchase_ts)
    rec["purchase_date"] = _fmt_ts(purchase_ts)
    rec["subscription_price"] = rng.choice(PRICES)
    rec["is_persistent"] = rng.random() < 0.75
    if rng.random() < 0.6:
        app = rng.choice(catalog.apps)
        rec["application_id"] = app["application_id"]
        rec["application_name"] = app["application_name"]
        binding = rng.random()
        if binding < 0.5:
            rec.update(rng.choice(app["rules"]))
        elif binding < 0.85:
            rec.update(rng.choice(app["users"]))
    return rec


@dataclass
class AccountData:
    """The data set of one account: pristine copy, current list (sorted by id), mutation state."""

    account_id: int
    seed: int
    catalog: Catalog
    original: list[dict[str, Any]]
    records: list[dict[str, Any]] = field(default_factory=list)
    mutations: int = 0
    retired: set[int] = field(default_factory=set)

    def reset(self) -> None:
        """Back to the generated data set (records are never changed in place)."""
        self.records = list(self.original)
        self.mutations = 0
        self.retired = set()


def generate_account(seed: int, account_id: int, count: int) -> AccountData:
    """The deterministic data set of ``count`` records for (seed, account)."""
    rng = random.Random(f"voximplant-emulator:{seed}:{account_id}")
    catalog = build_catalog(rng, account_id)
    names: list[str] = []
    records = []
    rid = rng.randint(1000, 9000)
    for _index in range(count):
        records.append(make_record(rng, rid, catalog, names))
        rid += rng.randint(2, 9)   # gaps leave room for interleaved inserts
    data = AccountData(account_id=account_id, seed=seed, catalog=catalog, original=records)
    data.reset()
    return data


def _free_id_below(ids: list[int], index: int, taken: set[int]) -> int | None:
    """A free id strictly between ids[index-1] and ids[index], searching upwards from ``index``."""
    for pos in range(index, len(ids)):
        low = ids[pos - 1] + 1 if pos > 0 else max(1, ids[pos] - 10)
        for candidate in range(ids[pos] - 1, low - 1, -1):
            if candidate not in taken:
                return candidate
    return None


def mutate(data: AccountData, insert: int, delete: int) -> dict[str, list[int]]:
    """Delete ``delete`` records spread over the list, then insert ``insert`` new ones.

    Inserted ids are interleaved: the i-th goes just below the record at quantile i/insert of the
    list, so the first one always lands before every existing record but the first, shifting the
    offsets of all later pages.
    """
    data.mutations += 1
    records = list(data.records)
    deleted: list[int] = []
    if delete > 0 and records:
        n = min(delete, len(records))
        for pos in sorted({int((i + 0.5) * len(records) / n) for i in range(n)}, reverse=True):
            deleted.append(records.pop(pos)["sip_registration_id"])
        deleted.sort()
        data.retired.update(deleted)
    inserted = _insert(data, records, max(0, insert))
    data.records = records
    return {"inserted": inserted, "deleted": deleted}


def _insert(data: AccountData, records: list[dict[str, Any]], total: int) -> list[int]:
    """Insert ``total`` new records into ``records`` (kept sorted); return their ids."""
    rng = random.Random(f"voximplant-emulator:{data.seed}:{data.account_id}:mutation:{data.mutations}")
    names = [r["sip_username"] for r in records[:200]]
    ids = [r["sip_registration_id"] for r in records]
    taken = set(ids) | data.retired     # an id is never handed out twice
    inserted: list[int] = []
    for i in range(total):
        rid = _free_id_below(ids, int(i * len(ids) / total), taken) if ids else None
        if rid is None:
            rid = max(taken, default=999) + 1
        pos = bisect.bisect_left(ids, rid)
        ids.insert(pos, rid)
        records.insert(pos, make_record(rng, rid, data.catalog, names))
        taken.add(rid)
        inserted.append(rid)
    return sorted(inserted)


def update(data: AccountData, sip_registration_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    """Replace one record by a copy with ``fields`` set (a value of None removes the field); KeyError if absent."""
    for pos, record in enumerate(data.records):
        if record["sip_registration_id"] == sip_registration_id:
            changed = {key: value for key, value in record.items() if key not in fields}
            changed.update({key: value for key, value in fields.items() if value is not None})
            records = list(data.records)
            records[pos] = changed      # a new object: records are never changed in place
            data.records = records
            data.mutations += 1
            return changed
    raise KeyError(sip_registration_id)
