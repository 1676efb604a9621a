#!/bin/bash
# Installs this bundle into the Python environment whose `python3` is first on PATH: the CKAN
# extensions pinned in requirements.txt and every package of the bundle (ckanext-*/), each
# WITH its runtime dependencies, all constrained by CKAN's own pinned requirements so that
# nothing CKAN pinned is upgraded.
#
#   usage: install-bundle.sh CKAN_REQUIREMENTS_FILE
#
# Run from the folder that holds requirements.txt and the ckanext-*/ packages (the script
# sits beside them). docker/ckan/Dockerfile runs it in the image with CKAN's requirements.txt
# (/srv/app/src/ckan/requirements.txt); tests/deploy/test_image_install.py runs the very same
# script in a clean virtualenv with the requirements.txt of the same CKAN release.
#
# The packages are installed one by one from their own pyproject.toml (each is a normal CKAN
# extension), not through the root setup.py that merges them for development installs.
set -euo pipefail
requirements="${1:?usage: install-bundle.sh CKAN_REQUIREMENTS_FILE}"
[ -f "$requirements" ] || { echo "install-bundle.sh: $requirements not found" >&2; exit 2; }
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# pip refuses extras in a constraints file: "sqlalchemy[mypy]==1.4.52" -> "sqlalchemy==1.4.52".
constraints="$(mktemp)"
trap 'rm -f "$constraints"' EXIT
sed -e 's/\[[^]]*\]//' "$requirements" > "$constraints"

packages=()
for pyproject in "$src"/ckanext-*/pyproject.toml; do
  [ -f "$pyproject" ] && packages+=("$(dirname "$pyproject")")
done
[ ${#packages[@]} -gt 0 ] || { echo "install-bundle.sh: no ckanext-*/pyproject.toml under $src" >&2; exit 2; }

python3 -m pip install --disable-pip-version-check -c "$constraints" \
  -r "$src/requirements.txt" "${packages[@]}"
# Fail here, not at start-up, when an installed distribution lacks a dependency.
python3 -m pip check
