#!/bin/sh
# Build hopelib/assets/plotly-hope.min.js, the plotly.js the partner reports inline: only the
# trace types they draw (bar, heatmap, scatter, scattergeo), from the plotly.js release the
# locked Python plotly ships. Reproducible: `npm ci` of the root package-lock.json in a
# temporary folder outside the repository (nothing of plotly.js's code is kept but the built
# bundle and its MIT licence), then tools/plotly_bundle.mjs there.
#   sh tools/build-plotly.sh            (PYTHON=.venv/bin/python by default)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
traces=bar,heatmap,scattergeo
wanted=$("$python" -c 'from plotly.offline import get_plotlyjs_version; print(get_plotlyjs_version())')
pinned=$(node -p "require('$here/package.json').devDependencies['plotly.js']")
if [ "$wanted" != "$pinned" ]; then
    echo "package.json pins plotly.js $pinned but Python plotly ships plotly.js $wanted:" >&2
    echo "set devDependencies[\"plotly.js\"] to $wanted, run npm install --package-lock-only, then this again" >&2
    exit 1
fi
# A fixed folder: plotly.js's inlined CSS is keyed by a hash of its file's path, so the same
# path gives the same bytes on every machine.
work=/tmp/hope-plotly-build
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
(cd "$work" && node "$here/tools/plotly_bundle.mjs" "$work/plotly-hope.min.js" "$traces")
cp "$work/plotly-hope.min.js" "$here/hopelib/assets/plotly-hope.min.js"
cp "$work/node_modules/plotly.js/LICENSE" "$here/hopelib/assets/LICENSE-plotly.js.txt"
ls -l "$here/hopelib/assets/plotly-hope.min.js"
