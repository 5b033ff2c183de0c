# -*- coding: utf-8 -*-
# Offline stand-in for the get-pip.py bootstrap script that ansible-test downloads.
#
# ansible-test (--venv) bootstraps pip in every virtual environment it creates by
# running ~/.ansible/test/cache/get_pip_<X_Y>.py; when that file is missing it tries to
# download it from a host these machines cannot reach.  noxfile.py (ansible_test_home) copies this
# file there.  It does what get-pip.py does -- "pip install <args>" -- but runs the pip
# wheel that ships with the interpreter's own ensurepip, so nothing but the package
# index (for the requested pip version) is needed.
#
# Called by ansible-test as: python get_pip_X_Y.py [pip options] pip==X.Y [--no-setuptools] [--no-wheel]
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import glob
import os
import sys

# get-pip.py options that "pip install" does not know
GET_PIP_ONLY_OPTIONS = ('--no-setuptools', '--no-wheel')


def bundled_pip_wheel() -> str:
    """Return the path of the newest pip wheel bundled with this interpreter."""
    candidates = []
    try:
        import ensurepip
        candidates.extend(glob.glob(os.path.join(os.path.dirname(ensurepip.__file__), '_bundled', 'pip-*.whl')))
    except ImportError:
        pass
    # Debian/Ubuntu system Pythons keep the wheels outside the standard library
    candidates.extend(glob.glob('/usr/share/python-wheels/pip-*.whl'))
    if not candidates:
        sys.exit('get_pip shim: no bundled pip wheel found (is ensurepip available for %s?)' % sys.executable)

    def version_key(path: str):
        version = os.path.basename(path).split('-')[1]
        return tuple(int(p) if p.isdigit() else 0 for p in version.split('.'))

    return max(candidates, key=version_key)


def main() -> None:
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    sys.path.insert(0, bundled_pip_wheel())
    from pip._internal.cli.main import main as pip_main  # pylint: disable=import-outside-toplevel

    sys.exit(pip_main(['install', '--disable-pip-version-check', '--no-warn-script-location'] + args))


if __name__ == '__main__':
    main()
