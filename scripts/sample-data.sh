#!/usr/bin/env bash
# sample-data.sh — fetches real input for lcl-stream into data/sample/ (git-ignored).
#
#   data/sample/gimp-help.warc.gz   a crawl of Debian's gimp-help-en HTML manual (pages + images),
#                                   made with wget --page-requisites --warc-file from a loopback server
#   data/sample/gimp-help-en/       the unpacked package (the manual as an HTML folder)
#   data/sample/fashion-mnist/      Debian's dataset-fashion-mnist, for later evaluation
#
# Idempotent: each step is skipped when its output is already complete. Nothing is installed on
# the system: packages are fetched with `apt-get download` and unpacked with `dpkg -x`.
# Needs: apt-get (or the .deb files placed by hand, see below), dpkg (or ar + tar), wget, python3.
set -euo pipefail

die() { echo "sample-data: $*" >&2; exit 1; }
say() { echo "sample-data: $*" >&2; }

ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/data/sample"
DEBS="$OUT/debs"
mkdir -p "$DEBS"

# fetch_deb PACKAGE — leaves PACKAGE_*.deb in $DEBS (downloads only when missing).
fetch_deb() {
  local pkg="$1"
  if compgen -G "$DEBS/${pkg}_*.deb" >/dev/null; then return 0; fi
  if ! command -v apt-get >/dev/null 2>&1; then
    die "apt-get is not available, so $pkg cannot be fetched automatically.
  Download the .deb by hand from https://packages.debian.org/bookworm/all/$pkg/download
  (any Debian mirror works), save it as $DEBS/${pkg}_<version>_all.deb, and run this script again."
  fi
  say "downloading $pkg with apt-get download (no system install)…"
  if ! (cd "$DEBS" && apt-get download "$pkg" 2>&1 | grep -v 'Download is performed unsandboxed' >&2); then
    die "apt-get download $pkg failed. Refresh the package lists (apt-get update, as root) and retry,
  or download https://packages.debian.org/bookworm/all/$pkg/download into $DEBS/ and run this script again."
  fi
  compgen -G "$DEBS/${pkg}_*.deb" >/dev/null || die "apt-get download $pkg left no .deb in $DEBS; run apt-get update and retry."
}

# unpack_deb PACKAGE DIR — extracts the package's files under DIR (once; marked by DIR/.unpacked).
unpack_deb() {
  local pkg="$1" dir="$2" deb
  [ -f "$dir/.unpacked" ] && return 0
  deb="$(ls "$DEBS/${pkg}"_*.deb | head -n 1)"
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  if command -v dpkg >/dev/null 2>&1; then
    dpkg -x "$deb" "$dir.tmp"
  elif command -v ar >/dev/null 2>&1; then
    # A .deb is an ar archive holding data.tar.{xz,zst,gz}.
    local member; member="$(ar t "$deb" | grep '^data\.tar')"
    ar p "$deb" "$member" | tar -xa -f - -C "$dir.tmp" 2>/dev/null \
      || ar p "$deb" "$member" | tar -xJ -f - -C "$dir.tmp" \
      || die "could not unpack $deb; install dpkg (apt-get install dpkg) or binutils + xz-utils."
  else
    die "neither dpkg nor ar is available to unpack $deb; install dpkg or binutils."
  fi
  touch "$dir.tmp/.unpacked"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

crawl_gimp_help() {
  local warc="$OUT/gimp-help.warc.gz"
  if [ -s "$warc" ]; then say "$warc exists; skipping the crawl"; return 0; fi
  command -v wget >/dev/null 2>&1 || die "wget is needed for the crawl; install it (apt-get install wget)."
  command -v python3 >/dev/null 2>&1 || die "python3 is needed to serve the manual on loopback; install it (apt-get install python3)."
  local site="$OUT/gimp-help-en/usr/share/gimp/2.0/help/en"
  [ -f "$site/index.html" ] || die "$site/index.html is missing; delete $OUT/gimp-help-en and run this script again."

  local port; port="$(free_port)"
  python3 -m http.server --bind 127.0.0.1 --directory "$site" "$port" >"$OUT/http-server.log" 2>&1 &
  local server=$!
  # The server must go whatever happens to the crawl.
  trap "kill $server 2>/dev/null || true" EXIT
  for _ in $(seq 1 50); do
    wget -q -O /dev/null "http://127.0.0.1:$port/index.html" && break
    kill -0 "$server" 2>/dev/null || die "the loopback HTTP server did not start; see $OUT/http-server.log"
    sleep 0.2
  done

  say "crawling the manual from http://127.0.0.1:$port/ into $warc (a minute or two)…"
  local tmp="$OUT/gimp-help.partial"
  rm -rf "$OUT/mirror.tmp" "$tmp.warc.gz"
  # wget exits 8 when some link answers 404 (the manual has a few broken links): that is fine.
  set +e
  wget --recursive --level=3 --page-requisites --no-parent -e robots=off --no-verbose \
       --directory-prefix="$OUT/mirror.tmp" --warc-file="$tmp" \
       "http://127.0.0.1:$port/index.html" >"$OUT/wget.log" 2>&1
  local rc=$?
  set -e
  kill "$server" 2>/dev/null || true
  trap - EXIT
  rm -rf "$OUT/mirror.tmp"
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 8 ]; then
    die "wget failed with exit code $rc; see $OUT/wget.log"
  fi
  [ -s "$tmp.warc.gz" ] || die "wget wrote no WARC; see $OUT/wget.log"
  mv "$tmp.warc.gz" "$warc"
  say "wrote $warc ($(du -h "$warc" | cut -f1))"
}

fetch_deb gimp-help-en
unpack_deb gimp-help-en "$OUT/gimp-help-en"
crawl_gimp_help
fetch_deb dataset-fashion-mnist
unpack_deb dataset-fashion-mnist "$OUT/fashion-mnist"
say "done: $(find "$OUT/fashion-mnist" -type f ! -name .unpacked | wc -l) fashion-mnist files, $OUT/gimp-help.warc.gz"
