"""The house rules a reviewer would otherwise check by hand: the linter configured in pyproject.toml
passes, the product never imports the lab and its modules import one another without a loop, and
the wheel (not only the editable install) carries what the pipeline loads."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at module level or inside a function, relative imports made
    absolute; `from package import name` counts as importing the module `package.name` where one exists."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _ancestors(name: str) -> set[str]:
    """The module itself and every package above it."""
    parts = name.split(".")
    return {".".join(parts[:end]) for end in range(1, len(parts) + 1)}


PIPELINE = {_module_name(path): path for path in sorted((ROOT / "pipeline").rglob("*.py"))}
PIPELINE_IMPORTS = {name: _imports(path) for name, path in PIPELINE.items()}


def test_the_product_never_imports_the_lab():
    wrong = sorted(
        f"{name} imports {module}"
        for name, modules in PIPELINE_IMPORTS.items()
        for module in modules
        if module == "lab" or module.startswith("lab.")
    )
    assert not wrong, "pipeline/ must not import the lab (lab/):\n" + "\n".join(wrong)


def test_no_import_loop_among_the_pipeline_modules():
    # A package is always initialised before its own modules, so a module naming its package
    # (`from . import sibling`) adds no edge that could loop.
    graph = {name: sorted(PIPELINE_IMPORTS[name] & PIPELINE.keys() - _ancestors(name)) for name in PIPELINE}
    done: set[str] = set()

    def loop_from(name: str, trail: list[str]) -> list[str] | None:
        if name in trail:
            return trail[trail.index(name) :] + [name]
        if name in done:
            return None
        for module in graph[name]:
            if found := loop_from(module, [*trail, name]):
                return found
        done.add(name)
        return None

    for name in graph:
        if loop := loop_from(name, []):
            pytest.fail("import loop: " + " -> ".join(loop))


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed: pip install -e '.[test]' brings it")
    result = subprocess.run([ruff, "check", "pipeline", "lab", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_as_the_formatter_writes_it():
    """One layout, the formatter's (`ruff format`), so that no change is about layout."""
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed: pip install -e '.[test]' brings it")
    result = subprocess.run([ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return next(folder.glob("*.whl"))


def test_the_wheel_carries_the_models_and_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for model in (ROOT / "models").iterdir():
        assert f"pipeline/models/{model.name}" in names, f"{model.name} is not in the wheel"
    for data in (ROOT / "pipeline" / "data").iterdir():
        assert f"pipeline/data/{data.name}" in names, f"{data.name} is not in the wheel"


def test_the_wheel_runs_the_main_job_on_the_samples(wheel, tmp_path):
    """Installed from the wheel alone (its dependencies are this environment's) and run outside the
    checkout, so nothing can be read from beside the package."""
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)], check=True
    )
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pipeline, sys; assert pipeline.__file__.startswith(sys.argv[1]); "
            "from pipeline.cli import main; main(sys.argv[2:])",
            str(target),
            "run",
            str(ROOT / "data" / "raw" / "samples"),
            "--out",
            str(tmp_path / "out"),
            "--quiet",
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "out" / "workbooks").is_dir()
