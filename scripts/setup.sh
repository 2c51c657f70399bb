#!/usr/bin/env bash
# Installs what ropscreen needs on a fresh Debian machine of this project's kind
# (Swift 6.3 is already there): libtorch, OpenCV, SQLite, DCMTK (the DIMSE listener) and CharLS (JPEG-LS) from Debian, OpenBLAS so
# that libtorch does not fall back to the slow reference BLAS, and, with
# --test, what the tests add: Python packages for the interoperability test,
# headless Chromium with selenium for the browser tests, PostgreSQL for the
# store's second backend (scripts/postgres.sh starts a private one), Orthanc
# with its DICOMweb plugin for the PACS integration test, and a virtual
# environment .venv with the pinned pydicom and fhir.resources of
# scripts/requirements-test.txt for the DICOM and FHIR tests and schemathesis
# for the property-based API test; with
# --bench, what the service benchmark adds: wrk, and Flask, PyTorch, OpenCV and
# NumPy for Debian's python3, which the reference server runs on; with --federated
# (and with --test), Flower and the other pinned packages of federated/requirements.txt
# in .venv, and iproute2, OpenSSL, ssh-keygen and tshark (dumpcap) for scripts/federation.sh.
set -euo pipefail

# Installs those of the named Debian packages that are not installed yet.
install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_missing libtorch-dev libopencv-dev libopenblas0-pthread libsqlite3-dev libdcmtk-dev libcharls-dev

# Debian installs OpenBLAS as an alternative of libblas.so.3; make sure it is the one selected.
for alt in libblas.so.3-x86_64-linux-gnu liblapack.so.3-x86_64-linux-gnu; do
  target=$(update-alternatives --list "$alt" 2>/dev/null | grep openblas-pthread | head -n1 || true)
  [ -n "$target" ] && update-alternatives --set "$alt" "$target" >/dev/null
done

if [ "${1:-}" = "--test" ]; then
  # The web viewer's browser test: headless Chromium and its driver from Debian, selenium from PyPI.
  install_missing chromium chromium-driver postgresql nginx-light
  python3 -c 'import numpy, safetensors, selenium' 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check numpy safetensors selenium
  # The PACS integration test: Orthanc and its DICOMweb plugin, started by the test itself (not as a system service).
  install_missing orthanc orthanc-dicomweb
  # DCMTK's storescu (and dcmcjpls) and OpenJPEG's opj_compress make and send the test objects of the DIMSE listener.
  install_missing dcmtk libopenjp2-tools
  repo="$(cd "$(dirname "$0")/.." && pwd)"
  [ -x "$repo/.venv/bin/python" ] || python3 -m venv "$repo/.venv"
  "$repo/.venv/bin/python" -m pip install -q --disable-pip-version-check -r "$repo/scripts/requirements-test.txt"
fi

if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--federated" ]; then
  # Federated training: Flower (SuperLink, SuperNodes, the apps in federated/) never on the request path.
  install_missing iproute2 openssl openssh-client tshark
  repo="$(cd "$(dirname "$0")/.." && pwd)"
  [ -x "$repo/.venv/bin/python" ] || python3 -m venv "$repo/.venv"
  "$repo/.venv/bin/python" -m pip install -q --disable-pip-version-check -r "$repo/federated/requirements.txt"
fi

if [ "${1:-}" = "--bench" ]; then
  install_missing wrk python3-torch python3-flask python3-opencv python3-numpy
fi
