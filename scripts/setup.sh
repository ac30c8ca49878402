#!/usr/bin/env bash
# Installs what Tillsammans needs on Debian 12, builds it, and checks the shipped data and the
# sample municipality. Run from anywhere: bash scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

packages=$(grep -v '^#' scripts/debian-packages.txt | tr '\n' ' ')
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "==> Installing Debian packages: $packages"
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null

echo "==> Building tmv (release)"
swift build -c release --product tmv

tmv=.build/release/tmv
echo "==> Checking the helpline catalogue"
$tmv catalogue validate
echo "==> Checking the languages and their fonts"
$tmv languages check
echo "==> Checking the sample municipality, Exempelkommun"
$tmv municipality validate Resources/profiles/exempelkommun/profile.yaml
$tmv municipality show Resources/profiles/exempelkommun/profile.yaml
echo "==> Rendering Exempelkommun's posters and brochure in Swedish"
mkdir -p Output/exempelkommun
for document in poster-victim poster-relative poster-perpetrator brochure-children; do
  $tmv render --document "$document" --language sv \
    --municipality Resources/profiles/exempelkommun/profile.yaml \
    --format pdf --output "Output/exempelkommun/$document.pdf"
done
echo
echo "Done. The PDFs are in Output/exempelkommun/. Try: $tmv catalogue list --language en"
