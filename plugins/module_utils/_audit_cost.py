# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The monthly cost of registrations, summed exactly. PRIVATE: not a public API of the collection.

`subscription_price` is a decimal string ("1.50"). Prices are parsed with decimal.Decimal and summed in a
context wide enough that no sum is ever rounded; a price that is not a plain decimal number is not counted
as 0: the caller gets it back as unpriced, so the summary and the monthly_cost check can say so.
"""

from __future__ import annotations

import decimal
import re
from typing import Any, List, Mapping, Optional, Sequence, Tuple

Record = Mapping[str, Any]

# Plain non-negative decimals only: no exponent, sign, NaN or Infinity (Decimal() would accept all of them).
_PRICE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
# Far more digits than any sum of prices needs; Inexact is trapped so a rounding can never go unnoticed.
_EXACT = decimal.Context(prec=200, traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow])


def parse_price(value: Any) -> Optional[decimal.Decimal]:
    """The price as a Decimal, or None when it is missing or not a plain decimal string (or integer)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str) or not _PRICE.match(value.strip()):
        return None
    return decimal.Decimal(value.strip())


def add_exactly(values: Sequence[decimal.Decimal]) -> decimal.Decimal:
    total = decimal.Decimal(0)
    for value in values:
        total = _EXACT.add(total, value)
    return total


def monthly_cost(records: Sequence[Record]) -> Tuple[decimal.Decimal, List[Record]]:
    """(the exact sum of the parsable prices, the records whose price is missing or unparsable)."""
    prices: List[decimal.Decimal] = []
    unpriced: List[Record] = []
    for record in records:
        price = parse_price(record.get("subscription_price"))
        if price is None:
            unpriced.append(record)
        else:
            prices.append(price)
    return add_exactly(prices), unpriced


def decimal_text(value: decimal.Decimal) -> str:
    """A decimal as plain text, never in exponent notation ("1500.00", not "1.5E+3")."""
    return format(value, "f")


def cost_summary(records: Sequence[Record]) -> dict:
    """The summary's cost fields: monthly_cost (decimal string) and monthly_cost_unpriced (registrations not in it)."""
    total, unpriced = monthly_cost(records)
    return {"monthly_cost": decimal_text(total), "monthly_cost_unpriced": len(unpriced)}
