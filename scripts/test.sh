#!/usr/bin/env bash
# Runs every test: the Swift tests (the storage tests on SQLite and on PostgreSQL, the web tool's
# tests on both; the PDFs checked by pdfua, pdfinfo, pdffonts, Ghostscript, ffprobe), the full pack
# with the slides' video in every language, the HSDS export against HSDS 3.0's JSON schemas, the browser tests in headless
# Chromium with axe-core (the communicator's pages, the public directory on a phone), and two
# tmv serve processes sharing one PostgreSQL database.
# Run from anywhere after scripts/setup.sh (or on CI after .ci/run installs the packages):
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TMV_TEST_POSTGRES:-}" ]; then
  eval "$(bash scripts/postgres-for-tests.sh start)"
  trap 'bash scripts/postgres-for-tests.sh stop' EXIT
fi
if [ -z "${TMV_TEST_POSTGRES:-}" ]; then
  echo "test.sh: no PostgreSQL server (install Debian's postgresql and run as root, or set TMV_TEST_POSTGRES)" >&2
  exit 1
fi
export TMV_TEST_POSTGRES

echo "==> Python packages for the tests (selenium, axe-core, jsonschema, pdfua)"
packages=$(grep -v '^#' scripts/python-packages.txt | tr '\n' ' ')
# shellcheck disable=SC2086
python3 -m pip install --quiet --disable-pip-version-check $packages 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages $packages
# axe-core 4 (WCAG 2.1 rules): only the script file of this package is used, not Playwright.
python3 -m pip install --quiet --disable-pip-version-check --no-deps axe-playwright-python 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check --no-deps --break-system-packages axe-playwright-python \
  || echo "test.sh: axe-core 4 is not available; the browser test uses axe-core 3.1" >&2

echo "==> Building everything once (debug)"
swift build --build-tests

echo "==> Swift tests (storage on SQLite and PostgreSQL)"
swift test --skip-build

echo "==> The web tool's tests again, on PostgreSQL"
TMV_WEB_TESTS_DATABASE=postgres swift test --skip-build --filter WebToolTests

echo "==> The HSDS 3 export, validated against HSDS 3.0's JSON schemas (Tests/OpenData)"
hsds=$(mktemp -d)
.build/debug/tmv export --hsds "$hsds/export" --include-fictional --data "$hsds/data"
python3 Tests/OpenData/validate_hsds.py --self-test > /dev/null
python3 Tests/OpenData/validate_hsds.py "$hsds/export" --strict --allow-property x_tmv_channels
rm -rf "$hsds"

echo "==> The API's description (WebPages/openapi.yaml) against the OpenAPI 3 specification"
python3 -c 'import sys, yaml; from openapi_spec_validator import validate; validate(yaml.safe_load(open("WebPages/openapi.yaml"))); print("WebPages/openapi.yaml: valid OpenAPI")'

echo "==> The sample municipality's full pack: pdf, png and the slides' video in all eleven languages"
python3 Tests/Print/check_full_pack.py --binary .build/debug/tmv

echo "==> Browser tests (headless Chromium, axe-core)"
python3 Tests/Browser/communicator_flow.py --binary .build/debug/tmv
python3 Tests/Browser/public_directory.py --binary .build/debug/tmv
python3 Tests/Browser/agency_flow.py --binary .build/debug/tmv

echo "==> Two tmv serve processes on one PostgreSQL database"
python3 Tests/Browser/two_instances.py --binary .build/debug/tmv
echo "==> All tests passed"
