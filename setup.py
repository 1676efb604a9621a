"""The Busan portal bundle: installs ckanext-busan and ckanext-busan-governance in one
``pip install -e .`` and declares every CKAN plugin entry point of both.

The plugin lists and dependencies live once, in each package's own pyproject.toml (so each package is
also a normal stand-alone CKAN extension); this file merges them.
"""

from pathlib import Path

from setuptools import find_packages, setup

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as tomli or vendored by pip
    try:
        import tomli as tomllib
    except ModuleNotFoundError:
        from pip._vendor import tomli as tomllib

HERE = Path(__file__).parent
PACKAGE_DIRS = {
    "ckanext.busan": "ckanext-busan/ckanext/busan",
    "ckanext.busan_governance": "ckanext-busan-governance/ckanext/busan_governance",
}


def _packages():
    found = []
    for top, path in PACKAGE_DIRS.items():
        found.append(top)
        found += [f"{top}.{sub}" for sub in find_packages(HERE / path)]
    return found


def _projects():
    for path in PACKAGE_DIRS.values():
        yield tomllib.loads((HERE / path).parents[1].joinpath("pyproject.toml").read_text())["project"]


def _dependencies():
    return sorted({dep for project in _projects() for dep in project.get("dependencies", [])})


def _entry_points():
    merged: dict[str, set[str]] = {}
    for project in _projects():
        for group, points in project.get("entry-points", {}).items():
            merged.setdefault(group, set()).update(f"{k} = {v}" for k, v in points.items())
    return {group: sorted(points) for group, points in merged.items()}


setup(
    name="busan-data-portal",
    version="0.1.0",
    description="Busan data integration platform: a CKAN 2.11 extension bundle",
    python_requires=">=3.10",
    packages=_packages(),
    package_dir=PACKAGE_DIRS,
    include_package_data=True,
    package_data={
        "": [
            "*.ini",
            "*.mako",
            "*.html",
            "*.yaml",
            "*.yml",
            "*.csv",
            "*.json",
            "*.xml",
            "*.css",
            "*.js",
            "*.po",
            "*.mo",
            "*.svg",
            "*.png",
            "*.txt",
        ]
    },
    install_requires=_dependencies(),
    entry_points=_entry_points(),
)
