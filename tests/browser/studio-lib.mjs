// What the studio's browser test, its screenshot and bench/studio_latency.mjs
// share: finding playwright-core and Chromium, starting and stopping
// `narrate studio`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const kRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const kChromium = process.env.CHROMIUM || '/usr/bin/chromium';
export const kSampleBook = path.join(kRoot, 'samples/the-lamplighter-of-vask.md');
export const kSkip = 77;
const kStartMs = 30000;

// Missing prerequisites: a skip (77) on a developer's machine, a failure in CI.
export function skipOrFail(why) {
  const hint = 'scripts/install-deps.sh installs it';
  if (process.env.CI === 'true') {
    console.error(`FAILED: ${why} (CI=true: the browser test must run; ${hint})`);
    process.exit(1);
  }
  console.log(`SKIPPED: ${why} (${hint})`);
  process.exit(kSkip);
}

export async function loadPlaywright() {
  const entry = path.join(kRoot, 'node_modules/playwright-core/index.mjs');
  if (!fs.existsSync(entry)) skipOrFail('node_modules/playwright-core is missing (npm ci)');
  if (!fs.existsSync(kChromium)) skipOrFail(`no Chromium at ${kChromium} (Debian package chromium)`);
  return import(pathToFileURL(entry).href);
}

// Debian's Chromium: no sandbox (CI runs as root), audio without a gesture,
// nothing fetched from the internet by the browser itself.
export function launchChromium(playwright) {
  return playwright.chromium.launch({ executablePath: kChromium, args: ['--no-sandbox',
    '--autoplay-policy=no-user-gesture-required', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'] });
}

// Starts `narrate studio BOOK --no-browser --port 0` in `folder` (the build's
// output and the user-wide lexicon's place go there); resolves to
// {child, url, token, port, output()} once it printed its "Studio: URL" line.
export function startStudio(binary, book, folder, extra = []) {
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(folder, 'config') };
  // It runs in `folder`: a relative path to it is made absolute (a bare name is looked up on PATH).
  const program = binary.includes('/') ? path.resolve(binary) : binary;
  const child = spawn(program, ['studio', book, '--no-browser', '--port', '0', ...extra],
    { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no Studio line in ${kStartMs} ms:\n${output}`)),
      kStartMs);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/^Studio: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/m);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, url: match[1], port: Number(match[2]), token: match[3], output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => reject(error));
    child.on('exit', (code) => reject(new Error(`narrate studio exited (${code}):\n${output}`)));
  });
}

// SIGINT, then the exit code (130 interrupted, or 0); SIGKILL after 10 s.
export function stopStudio(child) {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.removeAllListeners('exit');
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code === null ? signal : code);
    });
    child.kill('SIGINT');
  });
}
