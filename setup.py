"""The wheel carries models/ (the serialized spaCy assets and trained components) inside the package,
as pipeline/models, while the checkout keeps it as the top-level folder the project's layout names."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithModels(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:  # an editable install reads models/ where it is
            shutil.copytree(
                Path(__file__).parent / "models", Path(self.build_lib) / "pipeline" / "models", dirs_exist_ok=True
            )


setup(cmdclass={"build_py": BuildWithModels})
