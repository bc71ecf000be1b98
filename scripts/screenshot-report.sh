#!/usr/bin/env bash
# Opens an HTML report in headless Chromium, fails on any console error, uncaught exception or
# failed resource load, and saves a screenshot.
#
#   scripts/screenshot-report.sh REPORT.html OUT.png [--width PIXELS] [--height PIXELS]
#
# Without --height the whole page is captured (up to 16384 pixels high); with it, the top of the
# page in a window of that height. Needs Chromium (Debian: apt-get install -y chromium; or set
# CHROMIUM=/path/to/chrome) and Node.js 18 or later. No npm packages: the script speaks the Chrome
# DevTools Protocol over --remote-debugging-pipe.
#
# Exit codes: 0 screenshot saved and no errors; 1 the page logged errors (the screenshot is still
# saved) or the browser failed; 2 bad usage.
set -euo pipefail

usage() {
  echo "usage: $0 REPORT.html OUT.png [--width PIXELS] [--height PIXELS]" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
report="$1"
out="$2"
shift 2
width=1280
height=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --width) [[ $# -ge 2 ]] || usage; width="$2"; shift 2 ;;
    --height) [[ $# -ge 2 ]] || usage; height="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ "$width" =~ ^[0-9]+$ && "$height" =~ ^[0-9]+$ ]] || usage
[[ -f "$report" ]] || { echo "$0: $report: no such file" >&2; exit 2; }

chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [[ -z "$chromium" ]]; then
  echo "$0: Chromium not found; install it (apt-get install -y chromium) or set CHROMIUM" >&2
  exit 1
fi
command -v node > /dev/null || { echo "$0: node (Node.js 18 or later) not found" >&2; exit 1; }

url="file://$(readlink -f "$report")"
out_abs="$(readlink -f "$(dirname "$out")")/$(basename "$out")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

node - "$chromium" "$profile" "$url" "$out_abs" "$width" "$height" <<'NODE'
const { spawn } = require('child_process');
const fs = require('fs');
const [chromium, profile, url, out, widthArg, heightArg] = process.argv.slice(2);
const width = Number(widthArg);
const fixedHeight = Number(heightArg);

const browser = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions', '--hide-scrollbars', '--mute-audio',
  `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let browserLog = '';
browser.stderr.on('data', (d) => { browserLog += d; });

const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];
let nextId = 1;
const pending = new Map();
const listeners = [];
let buffer = Buffer.alloc(0);
fromBrowser.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  let end;
  while ((end = buffer.indexOf(0)) >= 0) {
    const message = JSON.parse(buffer.subarray(0, end).toString('utf8'));
    buffer = buffer.subarray(end + 1);
    if (message.id !== undefined && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) reject(new Error(message.error.message)); else resolve(message.result);
    } else if (message.method) {
      for (const listener of listeners) listener(message);
    }
  }
});

function send(method, params = {}, sessionId) {
  const id = nextId++;
  const message = { id, method, params };
  if (sessionId) message.sessionId = sessionId;
  toBrowser.write(JSON.stringify(message) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

function waitFor(method, sessionId, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}`)), timeoutMs);
    listeners.push((m) => {
      if (m.method === method && m.sessionId === sessionId) { clearTimeout(timer); resolve(m.params); }
    });
  });
}

const errors = [];
function describeArgs(args) {
  return (args || []).map((a) => (a.value !== undefined ? String(a.value) : a.description || a.type)).join(' ');
}

(async () => {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  listeners.push((m) => {
    if (m.sessionId !== sessionId) return;
    if (m.method === 'Runtime.consoleAPICalled' && (m.params.type === 'error' || m.params.type === 'assert')) {
      errors.push(`console.${m.params.type}: ${describeArgs(m.params.args)}`);
    } else if (m.method === 'Runtime.exceptionThrown') {
      const d = m.params.exceptionDetails;
      errors.push(`uncaught exception: ${(d.exception && d.exception.description) || d.text}`);
    } else if (m.method === 'Log.entryAdded' && m.params.entry.level === 'error') {
      errors.push(`${m.params.entry.source}: ${m.params.entry.text}${m.params.entry.url ? ' (' + m.params.entry.url + ')' : ''}`);
    } else if (m.method === 'Network.loadingFailed' && !m.params.canceled) {
      errors.push(`failed to load a resource: ${m.params.errorText}`);
    }
  });
  await send('Runtime.enable', {}, sessionId);
  await send('Log.enable', {}, sessionId);
  await send('Network.enable', {}, sessionId);
  await send('Page.enable', {}, sessionId);
  await send('Emulation.setDeviceMetricsOverride',
    { width, height: fixedHeight || 900, deviceScaleFactor: 1, mobile: false }, sessionId);
  const loaded = waitFor('Page.loadEventFired', sessionId, 60000);
  const navigation = await send('Page.navigate', { url }, sessionId);
  if (navigation.errorText) throw new Error(`cannot open ${url}: ${navigation.errorText}`);
  await loaded;
  // images are data URIs; give layout and decoding a moment to settle
  await send('Runtime.evaluate', {
    expression: 'Promise.all(Array.from(document.images).map(i => i.decode().catch(() => '
      + '{ console.error("image not decodable: " + i.alt); })))',
    awaitPromise: true,
  }, sessionId);
  let height = fixedHeight;
  if (!height) {
    const metrics = await send('Page.getLayoutMetrics', {}, sessionId);
    const size = metrics.cssContentSize || metrics.contentSize;
    height = Math.min(16384, Math.ceil(size.height));
    await send('Emulation.setDeviceMetricsOverride',
      { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
  }
  const shot = await send('Page.captureScreenshot',
    { format: 'png', clip: { x: 0, y: 0, width, height, scale: 1 }, captureBeyondViewport: true }, sessionId);
  fs.writeFileSync(out, Buffer.from(shot.data, 'base64'));
  await send('Browser.close').catch(() => {});
  console.log(`screenshot: ${out} (${width} x ${height})`);
  if (errors.length > 0) {
    console.error(`${errors.length} error(s) in ${url}:`);
    for (const e of errors) console.error(`  ${e}`);
    process.exitCode = 1;
  }
})().catch((e) => {
  console.error(`screenshot failed: ${e.message}`);
  if (browserLog.trim()) console.error(browserLog.trim().split('\n').slice(-10).join('\n'));
  process.exitCode = 1;
}).finally(() => {
  setTimeout(() => { browser.kill('SIGKILL'); process.exit(); }, 200);
});
NODE
