// Time to the first audio byte of a paragraph in the studio, beside
// `espeak-ng -w` on the same text. Not a test: it prints figures and exits 0
// unless something crashes; without the book it says so and exits 0.
//
//   node bench/studio_latency.mjs            # or: bench/studio_latency.sh
//
// It starts `narrate studio` on a novel, picks paragraphs of about 700
// characters, and for each one asks GET /api/audio/C/P.wav as the page's
// <audio> element does (Range: bytes=0-): cold (the first request for that
// paragraph: it is rendered), then warm (cached), then runs `espeak-ng -w` on
// the paragraph's text. It prints each and the medians.
//
// Environment:
//   NARRATE          the binary          (default: build/cli/narrate)
//   BENCH_BOOK       the novel           (default: ../shared/books/pg35.txt, The Time Machine)
//   BENCH_PARAGRAPHS paragraphs to time  (default: 11; at least 10)
//   BENCH_CHARS      target length       (default: 700; paragraphs within ±120 are taken)
//   BENCH_GAP_MS     pause before each   (default: 1000: the time between two clicks)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { kRoot, startStudio, stopStudio } from '../tests/browser/studio-lib.mjs';

const binary = process.env.NARRATE || path.join(kRoot, 'build/cli/narrate');
const book = process.env.BENCH_BOOK || path.join(kRoot, '../shared/books/pg35.txt');
const wanted = Math.max(Number(process.env.BENCH_PARAGRAPHS || 11), 10);
const targetChars = Number(process.env.BENCH_CHARS || 700);
const gapMs = Number(process.env.BENCH_GAP_MS || 1000);
const kSlackChars = 120;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// GET with the token; resolves to {status, firstByteMs, totalMs, bytes, body}.
function get(server, apiPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstByteMs = -1;
    const chunks = [];
    const url = `http://127.0.0.1:${server.port}${apiPath}?token=${server.token}`;
    http.get(url, { headers }, (response) => {
      response.on('data', (chunk) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - started;
        chunks.push(chunk);
      });
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: response.statusCode, firstByteMs, totalMs: performance.now() - started,
          bytes: body.length, body });
      });
    }).on('error', reject);
  });
}

async function getJson(server, apiPath) {
  const answer = await get(server, apiPath);
  if (answer.status !== 200) throw new Error(`GET ${apiPath}: ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body.toString('utf8'));
}

// Paragraphs of about targetChars code points, nearest first, from all chapters.
async function pickParagraphs(server) {
  const { chapters } = await getJson(server, '/api/book');
  const found = [];
  for (const chapter of chapters) {
    const { paragraphs } = await getJson(server, `/api/chapters/${chapter.number}`);
    for (const p of paragraphs) {
      const chars = Array.from(p.text).length;
      if (Math.abs(chars - targetChars) <= kSlackChars) {
        found.push({ chapter: chapter.number, paragraph: p.index, chars, text: p.text });
      }
    }
  }
  found.sort((a, b) => Math.abs(a.chars - targetChars) - Math.abs(b.chars - targetChars));
  return apart(found).slice(0, wanted);
}

// The session renders the two paragraphs after one asked for ahead of time: a
// paragraph within three after another one timed would not be cold.
function apart(paragraphs) {
  const taken = [];
  for (const p of paragraphs) {
    const near = taken.some((t) => t.chapter === p.chapter && Math.abs(t.paragraph - p.paragraph) <= 3);
    if (!near) taken.push(p);
  }
  return taken;
}

function espeakMs(text, folder) {
  const input = path.join(folder, 'paragraph.txt');
  fs.writeFileSync(input, text);
  const started = performance.now();
  const result = spawnSync('espeak-ng', ['-f', input, '-w', path.join(folder, 'out.wav')]);
  if (result.status !== 0) throw new Error(`espeak-ng failed: ${result.stderr}`);
  return performance.now() - started;
}

async function timeOne(server, p, folder) {
  const audioPath = `/api/audio/${p.chapter}/${p.paragraph}.wav`;
  const range = { Range: 'bytes=0-' };
  const cold = await get(server, audioPath, range);
  const warm = await get(server, audioPath, range);
  if (![200, 206].includes(cold.status) || cold.bytes <= 44) {
    throw new Error(`GET ${audioPath}: ${cold.status}, ${cold.bytes} bytes`);
  }
  return { ...p, cold, warm, espeak: espeakMs(p.text, folder) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value) => value.toFixed(1).padStart(9);

function report(rows, firstRequest) {
  console.log('chapter ¶    chars  cold 1st byte  cold whole  warm 1st byte  espeak-ng -w   (ms)');
  for (const r of rows) {
    console.log(`${String(r.chapter).padStart(7)} ${String(r.paragraph).padEnd(4)} ${String(r.chars)
      .padStart(5)}  ${ms(r.cold.firstByteMs)}     ${ms(r.cold.totalMs)}  ${ms(r.warm.firstByteMs)}`
      + `     ${ms(r.espeak)}`);
  }
  const cold = median(rows.map((r) => r.cold.firstByteMs));
  const espeak = median(rows.map((r) => r.espeak));
  console.log('-'.repeat(82));
  console.log(`median of ${rows.length}: first audio byte cold ${cold.toFixed(1)} ms, warm ${
    median(rows.map((r) => r.warm.firstByteMs)).toFixed(1)} ms; espeak-ng -w ${espeak.toFixed(1)} ms`);
  console.log(`first request of the run (the engine's worker starts): ${firstRequest.toFixed(1)} ms`);
  console.log(`cold first byte ≤ 100 ms (issue 16): ${cold <= 100 ? 'yes' : 'NO'}; `
    + `ratio cold/espeak-ng ${(cold / espeak).toFixed(2)}`);
}

async function main() {
  if (!fs.existsSync(book)) {
    console.log(`studio_latency: no book at ${book}: nothing measured`);
    return;
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'narrate-studio-bench-'));
  const copy = path.join(folder, path.basename(book));
  fs.copyFileSync(book, copy);
  const server = await startStudio(binary, copy, folder);
  try {
    const paragraphs = await pickParagraphs(server);
    if (paragraphs.length < 10) throw new Error(`only ${paragraphs.length} paragraphs near ${targetChars} chars`);
    // The engine's worker starts on first use: one paragraph outside the figures.
    const first = await timeOne(server, paragraphs.pop(), folder);
    const rows = [];
    for (const p of paragraphs) {
      await sleep(gapMs);  // a person's next click: the background renders have finished
      rows.push(await timeOne(server, p, folder));
    }
    console.log(`book: ${path.basename(book)}; ${os.cpus().length} cores; narrate: ${binary}`);
    report(rows, first.cold.firstByteMs);
  } finally {
    await stopStudio(server.child);
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`studio_latency: ${error.stack || error}`);
  process.exit(1);
});
