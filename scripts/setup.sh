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
echo "==> Checking the translations"
$tmv translations check
echo "==> Building Exempelkommun's pack: every document in every language"
$tmv pack --municipality Resources/profiles/exempelkommun/profile.yaml --formats pdf --output Output
echo
echo "Done. The pack is in Output/0000/ and Output/exempelkommun-0000.zip."
echo "Try: $tmv render --document poster-victim --language ar --format png \\"
echo "       --municipality Resources/profiles/exempelkommun/profile.yaml --output Output/poster-ar.png"
