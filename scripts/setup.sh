#!/usr/bin/env bash
# Installs what Tillsammans needs on Debian 12, builds it (release), checks the shipped data and
# the sample municipality, seeds the web tool's embedded database with Exempelkommun and a sample
# account, and starts the web tool. Run from anywhere: bash scripts/setup.sh
# (PORT=8081 bash scripts/setup.sh to use another port; Ctrl-C stops the web tool.)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=$(grep -v '^#' scripts/debian-packages.txt | tr '\n' ' ')
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "==> Installing Debian packages: $packages"
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $packages >/dev/null

echo "==> Building tmv (release; the first build takes about 2 minutes)"
swift build -c release --product tmv
echo "==> Building the web tool, tmv-web (release; the first build takes about 20 minutes on 2 cores)"
swift build -c release --product tmv-web

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
echo "    The pack is in Output/0000/ and Output/exempelkommun-0000.zip."
echo "==> A print shop's poster (PDF/X-4, CMYK, 3 mm bleed, crop marks); the first makes the FOGRA39 profile (about 20 s)"
mkdir -p Output/print
$tmv render --document poster-victim --language sv --format pdf --print pdfx --crop-marks \
     --municipality Resources/profiles/exempelkommun/profile.yaml --output Output/print/poster-victim-sv-pdfx.pdf

echo "==> Seeding the web tool's database (Output/web-data) with Exempelkommun and a sample account"
data=Output/web-data
account=redaktor@exempelkommun.example
mkdir -p "$data"
if ! $tmv users list --data "$data" | grep -q "^$account "; then
  password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16)
  echo "$password" | $tmv users add "$account" --role municipal-editor --municipality 0000 --password-stdin --data "$data"
  (umask 077; echo "$password" > "$data/sample-account.txt")
fi
password=$(cat "$data/sample-account.txt" 2>/dev/null || echo "(see $data/sample-account.txt)")
port=${PORT:-8080}
echo
echo "The web tool starts now. The public directory (what the posters' QR codes can lead to) is at"
echo "    http://127.0.0.1:$port/"
echo "and the communicators' tool at http://127.0.0.1:$port/verktyg/ : sign in there as"
echo "    e-mail:   $account"
echo "    password: $password"
echo "(Ctrl-C stops it; start it again with: $tmv serve --data $data --port $port --show-fictional)"
echo "The command line: $tmv render --document poster-victim --language ar --format png \\"
echo "       --municipality Resources/profiles/exempelkommun/profile.yaml --output Output/poster-ar.png"
echo
# The sample municipality is fictional: --show-fictional lets its public page be seen here.
exec $tmv serve --data "$data" --port "$port" --show-fictional
