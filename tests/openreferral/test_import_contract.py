"""Open data cannot reach personal data: the import contract in pyproject.toml holds (it also runs in make
lint and make test), and it would catch a module that broke it."""

from __future__ import annotations

import logging
import os
import sys
import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

from abcd.config import REPO_ROOT


def _lint(root: Path) -> int:
    cwd = os.getcwd()
    os.chdir(root)
    sys.path.insert(0, str(root))
    # import-linter configures logging and so disables every logger that exists (the app's access log
    # among them): give them back as they were, for the tests that run after this one.
    loggers = [logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    disabled = {logger: logger.disabled for logger in loggers}
    try:
        return lint_imports(config_filename=str(root / "pyproject.toml"), no_cache=True, no_logo=True)
    finally:
        sys.path.remove(str(root))
        os.chdir(cwd)
        for logger, was in disabled.items():
            logger.disabled = was


def test_open_data_never_imports_people_links_or_groups() -> None:
    assert _lint(REPO_ROOT) == 0


def _tree(root: Path, leak: str) -> Path:
    """A miniature abcd: the open data packages, people, and the network models the contract allows."""
    files = {
        "__init__.py": "",
        "api/__init__.py": "",
        "api/services.py": "from abcd.network import models  # noqa\n",
        "network/__init__.py": "",
        "network/models.py": "",
        "openreferral/__init__.py": "",
        "openreferral/views.py": leak,
        "people/__init__.py": "",
        "people/models.py": "",
    }
    contract = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
    for forbidden in contract["forbidden_modules"]:
        files.setdefault(forbidden.removeprefix("abcd.").replace(".", "/") + "/__init__.py", "")
    for name, text in files.items():
        path = root / "abcd" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "pyproject.toml").write_text(_first_contract_only((REPO_ROOT / "pyproject.toml").read_text()))
    return root


def _first_contract_only(pyproject: str) -> str:
    """The settings with the open-data contract alone: the others name modules the miniature does not have."""
    marker = "[[tool.importlinter.contracts]]"
    first = pyproject.index(marker)
    second = pyproject.find(marker, first + len(marker))
    if second == -1:
        return pyproject
    return pyproject[:second]  # the import contracts are the file's last tables


def test_the_contract_catches_an_import_of_people(tmp_path: Path) -> None:
    saved = {name: module for name, module in sys.modules.items() if name == "abcd" or name.startswith("abcd.")}
    try:
        for name in saved:
            del sys.modules[name]
        assert _lint(_tree(tmp_path / "clean", "from abcd.api import services  # noqa\n")) == 0
        for name in [n for n in sys.modules if n == "abcd" or n.startswith("abcd.")]:
            del sys.modules[name]
        assert _lint(_tree(tmp_path / "leak", "from abcd.people import models  # noqa\n")) == 1
    finally:
        for name in [n for n in sys.modules if n == "abcd" or n.startswith("abcd.")]:
            del sys.modules[name]
        sys.modules.update(saved)
