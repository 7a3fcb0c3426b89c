#!/bin/sh
# Debian packages the test suite needs. Installed when running as root and missing; otherwise
# a note is printed and the tests that need them fail under CI=true (never skipped there).
set -eu
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
# poppler-utils (pdftotext, pdfinfo): the tests read the PDF reports' text and pages.
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
# Java runs the W3C Nu HTML checker (node_modules/vnu-jar) on a report.
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
# npm installs the Node tools (package-lock.json).
command -v npm >/dev/null 2>&1 || missing="$missing npm"
# PostgreSQL's server programs (initdb, pg_ctl): the store tests start a throw-away cluster.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "warning: missing Debian packages:$missing (install them: sudo apt-get install$missing)" >&2
fi
