# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The differences between ansible-core lines that the plugins must not see. PRIVATE: not a public API of the collection.

ansible-core 2.17 and later record, in set_options(), where each option's value came from, and
get_option_and_origin() returns that. ansible-core 2.16's get_option_and_origin() reads the configuration
again without what set_options() was given: keyword arguments and variables look unset there, and an
environment variable looks like the source of an option the user set explicitly. On 2.16 the LookupBase
below records the origins the way later lines do; on later lines it is ansible-core's own LookupBase.
ansible-core 2.19 renders only strings marked trusted (trust_as_template); earlier lines render any string.
ansible-core 2.19's DataLoader reads a text file with get_text_file_contents(); earlier lines have only the private
_get_file_contents(), which returns the bytes (what their own template action uses).
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from ansible import constants as C
from ansible.plugins.lookup import LookupBase as _CoreLookupBase

try:
    from ansible.template import trust_as_template  # pylint: disable=unused-import  # re-exported
except ImportError:  # ansible-core < 2.19: every string is rendered, nothing to mark

    def trust_as_template(value: str) -> str:  # type: ignore[misc]
        return value


def read_text_file(loader: Any, path: str) -> str:
    """The text of a controller file through Ansible's DataLoader (vault-aware), on every line."""
    reader = getattr(loader, "get_text_file_contents", None)
    if reader is not None:
        return reader(path)
    content, _show_content = loader._get_file_contents(path)  # pylint: disable=protected-access  # ansible-core < 2.19
    return content.decode("utf-8") if isinstance(content, bytes) else content


class OriginRecordingLookupBase(_CoreLookupBase):
    """ansible-core 2.16's LookupBase with the origins of set_options() kept, as ansible-core 2.17+ does."""

    def set_options(self, task_keys: Optional[Dict[str, Any]] = None, var_options: Optional[Dict[str, Any]] = None,
                    direct: Optional[Dict[str, Any]] = None) -> None:
        super().set_options(task_keys=task_keys, var_options=var_options, direct=direct)
        # The same sources set_options() read, so value and origin agree.
        self._origins = {
            name: C.config.get_config_value_and_origin(name, plugin_type=self.plugin_type, plugin_name=self._load_name,
                                                       keys=task_keys, variables=var_options, direct=direct)[1]
            for name in self._options
        }

    def get_option_and_origin(self, option: str, hostvars: Optional[Dict[str, Any]] = None) -> Tuple[Any, str]:
        origins = getattr(self, "_origins", {})
        if option in origins:
            return self._options[option], origins[option]
        return super().get_option_and_origin(option, hostvars=hostvars)


class _Probe(_CoreLookupBase):
    def run(self, terms: Any, variables: Any = None, **kwargs: Any) -> Any:
        return []


def core_records_origins() -> bool:
    """True when ansible-core's plugins keep the origins of set_options() themselves (2.17 and later)."""
    return hasattr(_Probe(), "_origins")


LookupBase = _CoreLookupBase if core_records_origins() else OriginRecordingLookupBase
