#!/usr/bin/env bash
# The test suite needs Debian's Chromium (end-to-end tests), Orthanc with its DICOMweb plugin (a real
# DICOMweb server), dicom3tools (dciodvfy validates the DICOM files we generate) and dcmtk (makes test encodings).
# As root with apt-get, missing packages are installed; otherwise this says what to install and stops.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v Orthanc >/dev/null 2>&1 || [ -x /usr/sbin/Orthanc ] || missing+=(orthanc)
[ -f /usr/share/orthanc/plugins/libOrthancDicomWeb.so ] || missing+=(orthanc-dicomweb)
command -v dciodvfy >/dev/null 2>&1 || missing+=(dicom3tools)
command -v dcmcjpeg >/dev/null 2>&1 || missing+=(dcmtk)
command -v plastimatch >/dev/null 2>&1 || missing+=(plastimatch)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing missing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts Orthanc as a service on install where it can; the tests run their own instances.
  if command -v service >/dev/null 2>&1; then service orthanc stop >/dev/null 2>&1 || true; fi
  exit 0
fi

echo "The test suite needs these Debian packages: ${missing[*]}" >&2
echo "Install them with:  sudo apt-get install ${missing[*]}" >&2
exit 1
