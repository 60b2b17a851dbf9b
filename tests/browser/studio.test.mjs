// The studio in a real browser: Debian's Chromium driven by playwright-core
// (package.json pins it; `npm ci` installs it; no browser is downloaded).
//
//   node tests/browser/studio.test.mjs NARRATE_BINARY
//
// It starts `narrate studio` on a temporary copy of the sample book, plays a
// paragraph (the audio's duration > 0, currentTime advances, a word is
// highlighted), fixes a name with a respelling typed into the page, hears it,
// saves it (the lexicon file on disk has the entry, the word's phonemes
// changed), builds from the page (the chapter MP3s pass ffprobe), and stops
// the server with SIGINT. Exit 0 passed, 1 failed, 77 skipped: only when
// Chromium or node_modules/playwright-core is missing, and never when CI=true.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { kRoot, kSampleBook, launchChromium, loadPlaywright, startStudio, stopStudio }
  from './studio-lib.mjs';

const kRespelling = 'KWAH-zee-ul';  // far from any English reading of a name
const kBuildMs = 60000;

function log(message) {
  console.log(`[studio browser test] ${message}`);
}

// ---- calls the page's own origin makes ----------------------------------

// fetch() from inside the page (same origin, the token's cookie).
async function inPage(page, method, apiPath, body) {
  return page.evaluate(async ([m, p, b]) => {
    const init = { method: m, headers: { 'Content-Type': 'application/json' } };
    if (b !== null) init.body = JSON.stringify(b);
    const response = await fetch(p, init);
    return { status: response.status, body: await response.text() };
  }, [method, apiPath, body === undefined ? null : body]);
}

async function phonemesOf(page, word) {
  const answer = await inPage(page, 'POST', '/api/phonemes', { text: word });
  assert.equal(answer.status, 200, `POST /api/phonemes: ${answer.body}`);
  return JSON.parse(answer.body).phonemes;
}

// ---- the steps -----------------------------------------------------------

async function checkBook(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  const titles = await page.locator('button.chapter .title').allTextContents();
  assert.equal(titles.length, 3, `chapters: ${titles.join(' | ')}`);
  assert.match(titles[0], /The Harbour Lamps/);
  assert.match(titles[2], /The Night of the Fog/);
  const first = await page.locator('article.paragraph[data-paragraph="1"] .text').textContent();
  assert.match(first, /^Every evening at a quarter past six, Oriel Tamsk climbed/);
  // The names may still be being found when the chapter first comes (a loaded machine, ASan):
  // the page marks them once /api/names has them.
  await page.waitForSelector('mark.name.suggested', { timeout: 30000 });
  const suggested = await page.locator('mark.name.suggested').count();
  assert.ok(suggested > 0, 'no name is marked as likely mispronounced');
  log(`book: ${titles.length} chapters, ${suggested} names marked in chapter 1`);
}

// One click plays paragraph 1: the audio has a duration, its time advances, a
// word is highlighted; a seek (a Range request) moves the highlight on.
async function playParagraph(page) {
  const audioResponse = page.waitForResponse((r) => r.url().includes('/api/audio/1/1.wav'));
  await page.click('article.paragraph[data-paragraph="1"] .play-paragraph');
  const response = await audioResponse;
  assert.ok([200, 206].includes(response.status()), `audio: HTTP ${response.status()}`);
  assert.equal(response.headers()['accept-ranges'], 'bytes');
  await page.waitForFunction(() => {
    const audio = document.querySelector('#player');
    return audio.readyState >= 1 && Number.isFinite(audio.duration) && audio.duration > 0;
  }, null, { timeout: 20000 });
  const at = () => page.$eval('#player', (audio) => audio.currentTime);
  const first = await at();
  await page.waitForFunction((t) => document.querySelector('#player').currentTime > t + 0.3,
    first, { timeout: 10000 });
  const spoken = await page.waitForSelector('article[data-paragraph="1"] .word.current',
    { timeout: 10000 });
  const word = await spoken.textContent();
  const start = Number(await spoken.getAttribute('data-s'));
  const duration = await page.$eval('#player', (audio) => audio.duration);
  log(`played: duration ${duration.toFixed(2)} s, currentTime ${first.toFixed(2)} → ${(await at())
    .toFixed(2)} s, highlighted "${word}" (code point ${start})`);
  await seekOn(page, duration, start);
  await page.click('#play');  // pause
  await page.waitForFunction(() => document.querySelector('#player').paused);
}

async function seekOn(page, duration, before) {
  await page.$eval('#player', (audio, t) => new Promise((resolve) => {
    audio.addEventListener('seeked', resolve, { once: true });
    audio.currentTime = t;
  }), duration * 0.7);
  const later = await page.waitForFunction((s) => {
    const span = document.querySelector('article[data-paragraph="1"] .word.current');
    return span && Number(span.dataset.s) > s + 50 ? span.textContent : false;
  }, before, { timeout: 10000 });
  log(`seeked to ${(duration * 0.7).toFixed(2)} s: highlighted "${await later.jsonValue()}"`);
}

async function nextWithKeyboard(page) {
  await page.locator('#play').blur();
  await page.keyboard.press('j');
  await page.waitForSelector('article.paragraph.selected[data-paragraph="2"]');
  await page.keyboard.press('k');
  await page.waitForSelector('article.paragraph.selected[data-paragraph="1"]');
}

// Continuous play: the end of paragraph 3 goes on to paragraph 4 by itself.
async function continuousPlay(page) {
  await page.check('#continuous');
  await page.click('article.paragraph[data-paragraph="3"] .play-paragraph');
  await page.waitForFunction(() => Number.isFinite(document.querySelector('#player').duration)
    && document.querySelector('#player').duration > 0.5, null, { timeout: 20000 });
  await page.$eval('#player', (audio) => { audio.currentTime = audio.duration - 0.3; });
  await page.waitForSelector('article.paragraph.playing[data-paragraph="4"]', { timeout: 15000 });
  assert.match(await page.$eval('#player', (audio) => audio.src), /\/api\/audio\/1\/4\.wav/);
  await page.click('#play');  // pause
  await page.uncheck('#continuous');
  log('continuous: paragraph 3 ended, paragraph 4 played');
}

// A paragraph nothing asked for yet (the last chapter's last: no read-ahead
// reaches it) streams as it is rendered: chunked, no length, the WAV's sizes
// unknown; Chromium plays it (duration Infinity until the end, currentTime
// advancing) and fires `ended`.
async function playStreamed(page) {
  const book = JSON.parse((await inPage(page, 'GET', '/api/book')).body);
  const last = book.chapters[book.chapters.length - 1];
  const url = `/api/audio/${last.number}/${last.paragraphs}.wav`;
  const responded = page.waitForResponse((r) => r.url().includes(url));
  const played = page.evaluate((src) => new Promise((resolve, reject) => {
    const audio = new Audio(src);
    const seen = { durations: [], times: [] };
    audio.addEventListener('timeupdate', () => {
      seen.durations.push(audio.duration);
      seen.times.push(audio.currentTime);
    });
    audio.addEventListener('ended', () => resolve({ ...seen, end: audio.currentTime }));
    audio.addEventListener('error', () => reject(new Error(`audio error ${audio.error?.code}`)));
    audio.playbackRate = 2;
    audio.play().catch(reject);
  }), url);
  const response = await responded;
  const headers = response.headers();
  assert.equal(response.status(), 200);
  assert.equal(headers['content-length'], undefined, 'a streamed paragraph has no length');
  assert.equal(headers['transfer-encoding'], 'chunked');
  const seen = await played;
  assert.ok(seen.times.some((t) => t > 0.3), `currentTime did not advance: ${seen.times}`);
  assert.ok(seen.end > 0.5, `ended at ${seen.end}`);
  log(`streamed ${url}: durations seen ${[...new Set(seen.durations)].join(', ')}; ended at ${
    seen.end.toFixed(2)} s`);
}

// The first one-word name suggested in paragraph 1 ("Oriel Tamsk" is one name too).
function firstName(page) {
  return page.locator('article[data-paragraph="1"] mark.name.suggested:not([data-word*=" "])')
    .first();
}

// Clicks the name, types a respelling, hears it.
async function fixName(page, word) {
  await firstName(page).locator('.word').first().click();
  await page.waitForSelector('#editor:not([hidden])');
  assert.equal(await page.inputValue('#word'), word);
  await page.waitForFunction(() => !/^…?$/.test(document.querySelector('#current-pron').textContent));
  await page.locator('#respelling').pressSequentially(kRespelling, { delay: 20 });
  await page.waitForSelector('#respelling-check[data-valid="true"]', { timeout: 10000 });
  const said = page.waitForResponse((r) => r.url().includes('/api/say') && r.status() === 200);
  await page.click('#hear-word');
  const response = await said;
  assert.match(response.headers()['content-type'], /audio\/(wav|x-wav|wave)/);
  assert.ok((await response.body()).length > 44, 'POST /api/say gave no audio');
  await page.waitForSelector('body[data-trial]');
  log(`fixed "${word}": ${await page.textContent('#respelling-check')}, heard it`);
}

async function save(page, word, folder) {
  await page.click('#save');
  await page.waitForFunction(() => /^Saved/.test(document.querySelector('#saved').textContent),
    null, { timeout: 20000 });
  const lexicon = fs.readFileSync(path.join(folder, 'the-lamplighter-of-vask.lexicon'), 'utf8');
  const line = lexicon.split('\n').find((l) => l.startsWith(`${word}\t`) || l.startsWith(`${word} `));
  assert.ok(line && line.includes(kRespelling), `the lexicon file has no "${word}" entry:\n${lexicon}`);
  const stale = await page.getAttribute('#saved', 'data-stale');
  assert.ok(stale.split(',').includes('1'), `chapter 1 is not to be re-rendered: "${stale}"`);
  await page.waitForSelector(`article[data-paragraph="1"] mark.name.lexicon[data-word="${word}"]`);
  log(`saved: "${line.trim()}"; ${await page.textContent('#saved')}`);
}

async function build(page, folder) {
  await page.click('#build');
  await page.waitForSelector('#progress[data-state="done"]', { timeout: kBuildMs });
  const text = await page.textContent('#progress-text');
  const done = await page.getAttribute('#progress', 'data-done');
  const total = await page.getAttribute('#progress', 'data-total');
  assert.equal(done, total, text);
  const mp3s = findFiles(folder, '.mp3');
  assert.ok(mp3s.length >= 3, `the build wrote ${mp3s.length} MP3s: ${text}`);
  const probed = mp3s.map(probe);
  for (const p of probed) assert.ok(p.duration > 0 && p.title, JSON.stringify(p));
  assert.ok(probed.some((p) => /Harbour Lamps/.test(p.title)), JSON.stringify(probed));
  log(`built: ${text}; ${probed.map((p) => `"${p.title}" ${p.duration.toFixed(1)} s`).join(', ')}`);
}

function findFiles(folder, ending) {
  return fs.readdirSync(folder, { recursive: true })
    .filter((name) => name.endsWith(ending)).map((name) => path.join(folder, name));
}

function probe(file) {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:format_tags=title',
    '-of', 'json', file], { encoding: 'utf8' });
  assert.equal(result.status, 0, `ffprobe ${file}: ${result.stderr}`);
  const format = JSON.parse(result.stdout).format || {};
  return { file: path.basename(file), duration: Number(format.duration), title: (format.tags || {}).title };
}

// ---- main ----------------------------------------------------------------

async function run(binary) {
  const playwright = await loadPlaywright();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'narrate-studio-browser-'));
  const book = path.join(folder, path.basename(kSampleBook));
  fs.copyFileSync(kSampleBook, book);
  const started = Date.now();
  let studio = null;
  let browser = null;
  const problems = [];
  try {
    studio = await startStudio(binary, book, folder);
    log(`server: ${studio.url.replace(/token=.*/, 'token=…')}`);
    browser = await launchChromium(playwright);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/favicon/.test(m.location().url)) {
        problems.push(`${m.text()} (${m.location().url})`);
      }
    });
    await page.goto(studio.url);
    await checkBook(page);
    await playParagraph(page);
    await nextWithKeyboard(page);
    await continuousPlay(page);
    await playStreamed(page);
    const word = await firstName(page).getAttribute('data-word');
    const old = await phonemesOf(page, word);
    await fixName(page, word);
    await save(page, word, folder);
    const now = await phonemesOf(page, word);
    assert.notEqual(now, old, `the phonemes of "${word}" did not change`);
    log(`phonemes of "${word}": [[${old}]] → [[${now}]]`);
    await build(page, folder);
    assert.deepEqual(problems, [], 'the page logged errors');
  } finally {
    if (browser) await browser.close();
    if (studio) {
      const code = await stopStudio(studio.child);
      log(`server stopped by SIGINT: exit ${code}`);
      assert.ok(code === 130 || code === 0, `narrate studio exited ${code} on SIGINT:\n${studio.output()}`);
    }
    fs.rmSync(folder, { recursive: true, force: true });
  }
  log(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const binary = process.argv[2] || process.env.NARRATE_BINARY || path.join(kRoot, 'build/cli/narrate');
run(binary).then(() => process.exit(0), (error) => {
  console.error(`FAILED: ${error.stack || error}`);
  process.exit(1);
});
