// Build the reports' plotly.js: the trace types they draw, nothing else.
//
// Run by tools/build-plotly.sh inside a temporary folder where `npm ci` installed the root
// package-lock.json (plotly.js at the version the locked Python plotly ships, esbuild and
// plotly.js's esbuild plugins). It follows plotly.js's own custom-bundle task
// (`npm run custom-bundle -- --traces bar,heatmap,scatter,scattergeo`, see CUSTOM_BUNDLE.md
// in the plotly.js package): lib/index.js without the other traces' requires (calendars
// kept), bundled with the settings of plotly.js's esbuild-config.js (an IIFE named Plotly,
// CSS inlined, NODE_DEBUG off, target es2016), attribute descriptions left out (what the
// task's compress_attributes step does), minified, with plotly.js's licence header.
//
// Usage: node plotly_bundle.mjs OUT.js TRACE[,TRACE...]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.join(process.cwd(), 'package.json'));
const esbuild = require('esbuild');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { environmentPlugin } = require('esbuild-plugin-environment');

const [out, traceArg] = process.argv.slice(2);
if (!out || !traceArg) {
    console.error('usage: node plotly_bundle.mjs OUT.js TRACE[,TRACE...]');
    process.exit(2);
}
const root = path.dirname(require.resolve('plotly.js/package.json'));
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const wanted = new Set(['scatter', ...traceArg.split(',')]); // scatter is in every bundle

// The partial index: lib/index.js without the requires of the traces not wanted.
const full = fs.readFileSync(path.join(root, 'lib', 'index.js'), 'utf8');
const listed = [...full.matchAll(/require\('\.\/([a-z0-9]+)'\)/g)].map((m) => m[1]);
const unknown = [...wanted].filter((t) => t !== 'scatter' && !listed.includes(t));
if (unknown.length) {
    console.error(`not plotly.js ${version} trace types: ${unknown.join(', ')}`);
    process.exit(2);
}
const partial = full
    .split('\n')
    .filter((line) => {
        const m = line.match(/^\s*require\('\.\/([a-z0-9]+)'\),\s*$/);
        return !m || m[1] === 'calendars' || wanted.has(m[1]);
    })
    .join('\n');
const index = path.join(root, 'lib', 'index-hope.js');
fs.writeFileSync(index, partial);

// Attribute descriptions feed plotly.js's schema and docs, never a drawn chart: a
// `description:` whose value is only string literals (joined with `+`, or an array of them
// with `.join(...)`) becomes ''; any other value is left as it is.
function skipSpace(text, i) {
    for (;;) {
        while (i < text.length && /\s/.test(text[i])) i++;
        if (text.startsWith('//', i)) i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
        else if (text.startsWith('/*', i)) i = text.indexOf('*/', i) + 2;
        else return i;
    }
}
function stringEnd(text, i) {
    const quote = text[i];
    if (!`'"\``.includes(quote)) return -1;
    for (let j = i + 1; j < text.length; j++) {
        if (text[j] === '\\') j++;
        else if (quote === '`' && text.startsWith('${', j)) return -1;
        else if (text[j] === quote) return j + 1;
        else if (text[j] === '\n' && quote !== '`') return -1;
    }
    return -1;
}
function literalsEnd(text, i) {
    // string ('+' string)* | '[' strings ']' '.join(' string ')'
    i = skipSpace(text, i);
    if (text[i] === '[') {
        i = skipSpace(text, i + 1);
        while (text[i] !== ']') {
            const end = stringEnd(text, i);
            if (end < 0) return -1;
            i = skipSpace(text, end);
            if (text[i] === '+') { i = skipSpace(text, i + 1); continue; }
            if (text[i] === ',') i = skipSpace(text, i + 1);
        }
        i = skipSpace(text, i + 1);
        const join = text.slice(i).match(/^\.join\(\s*('[^']*'|"[^"]*")?\s*\)/);
        return join ? i + join[0].length : -1;
    }
    let end = stringEnd(text, i);
    if (end < 0) return -1;
    for (;;) {
        const next = skipSpace(text, end);
        if (text[next] !== '+') return end;
        const after = stringEnd(text, skipSpace(text, next + 1));
        if (after < 0) return -1;
        end = after;
    }
}
function dropDescriptions(source) {
    let out = '';
    let last = 0;
    for (const match of source.matchAll(/\bdescription:/g)) {
        if (match.index < last) continue;
        const from = match.index + match[0].length;
        const end = literalsEnd(source, from);
        if (end < 0) continue;
        const next = source[skipSpace(source, end)];
        if (next !== ',' && next !== '}') continue;
        out += source.slice(last, from) + " ''";
        last = end;
    }
    return out + source.slice(last);
}
const noDescriptions = {
    name: 'no-descriptions',
    setup(build) {
        build.onLoad({ filter: /[\\/]src[\\/].*attributes\.js$/ }, async (args) => {
            const source = await fs.promises.readFile(args.path, 'utf8');
            return { contents: dropDescriptions(source), loader: 'js' };
        });
    },
};

await esbuild.build({
    entryPoints: [index],
    outfile: out,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    plugins: [noDescriptions, InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
    alias: { stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'warning',
});
// The licence header of plotly.js's own bundles, naming this build.
const official = fs.readFileSync(path.join(root, 'dist', 'plotly.min.js'), 'utf8').slice(0, 400);
const copyright = (official.match(/\* Copyright [^\n]*/) || ['* Copyright Plotly, Inc.'])[0];
const header =
    `/**\n* plotly.js v${version} (the HOPE reports' build: ${[...wanted].sort().join(', ')}; minified)\n` +
    `${copyright}\n* All rights reserved.\n* Licensed under the MIT license\n*/\n`;
fs.writeFileSync(out, header + fs.readFileSync(out, 'utf8'));
console.log(`${out}: plotly.js ${version} with ${[...wanted].sort().join(', ')}`);
