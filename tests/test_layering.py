"""The core, the models and the services import without Qt."""

from __future__ import annotations

import subprocess
import sys

BLOCK_QT = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("PySide6 is blocked in this test")
        return None
sys.meta_path.insert(0, BlockQt())
import pkgutil, importlib
import app.core, app.models, app.services
for package in (app.core, app.models, app.services):
    for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
import app.cli.parser
assert not any(name.startswith("PySide6") for name in sys.modules), "PySide6 was imported"
print("ok")
"""


def test_core_models_services_and_cli_import_without_pyside6():
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_block_really_blocks():
    probe = BLOCK_QT.replace("import app.core, app.models, app.services", "import PySide6")
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "PySide6 is blocked" in result.stderr
