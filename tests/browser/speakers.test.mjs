// Who speaks each quotation, in a real browser (Debian's Chromium driven by
// playwright-core, as tests/browser/studio.test.mjs):
//
//   node tests/browser/speakers.test.mjs NARRATE_BINARY
//
// It starts `narrate studio BOOK --voices cast.toml` on a small book of its
// own with dialogue, sees the first quotation labelled with its speaker
// (Kirk), opens the chooser by clicking the label, chooses Spock, sees the
// label change (and the paragraph played in the new voice: its audio asked
// for again), finds the correction in the file beside the book, reloads the
// page and still sees Spock. Exit 0 passed, 1 failed, 77 skipped (only when
// Chromium or node_modules/playwright-core is missing, never when CI=true).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { kRoot, launchChromium, loadPlaywright, startStudio, stopStudio } from './studio-lib.mjs';

const kBook = [
  '# Chapter 1', '',
  '"Set a course for the nebula," said Kirk.', '',
  'Spock replied, "The nebula is dangerous, Captain."', '',
  'The bridge was quiet for a long while.', '',
].join('\n');

const kCast = [
  '[character.kirk]', 'names = ["Kirk", "the captain"]', 'gender = "male"', 'variant = "m1"', '',
  '[character.spock]', 'names = ["Spock"]', 'gender = "male"', 'variant = "m3"', 'pitch = 20', '',
].join('\n');

const kFirstLabel = 'article.paragraph[data-paragraph="1"] button.speaker';

function log(message) {
  console.log(`[speakers browser test] ${message}`);
}

async function labelText(page) {
  return (await page.locator(kFirstLabel).first().textContent()).trim();
}

async function checkLabels(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  await page.waitForSelector(kFirstLabel);
  assert.equal(await labelText(page), 'Kirk');
  const second = page.locator('article.paragraph[data-paragraph="2"] button.speaker').first();
  assert.equal((await second.textContent()).trim(), 'Spock');
  const narration =
    await page.locator('article.paragraph[data-paragraph="3"] button.speaker').count();
  assert.equal(narration, 0, 'a paragraph of narration has no speaker label');
  // The words keep their places: the label is not part of the quotation's text.
  const words = await page.locator('article.paragraph[data-paragraph="1"] .quote .word')
    .allTextContents();
  assert.deepEqual(words.slice(0, 3), ['Set', 'a', 'course']);
  log(`labels: paragraph 1 "${await labelText(page)}", `
    + `paragraph 2 "${await second.textContent()}"`);
}

async function changeSpeaker(page) {
  await page.click(kFirstLabel);
  await page.waitForSelector('#speaker-chooser:not([hidden])');
  const choices =
    (await page.locator('#speaker-list button').allTextContents()).map((t) => t.trim());
  assert.deepEqual(choices, ['Kirk', 'Spock', 'nobody (dialogue voice)']);
  const saved = page.waitForResponse((r) => r.url().includes('/api/speakers/1/1/1') &&
    r.request().method() === 'PUT');
  const played = page.waitForResponse((r) => r.url().includes('/api/audio/1/1.wav'));
  await page.click('#speaker-list button[data-speaker="spock"]');
  const response = await saved;
  assert.equal(response.status(), 200, await response.text());
  await page.waitForFunction((selector) =>
    document.querySelector(selector).textContent.trim() === 'Spock', kFirstLabel);
  assert.ok(await page.locator('#speaker-chooser').isHidden(), 'the chooser stays open');
  const audio = await played;
  assert.ok([200, 206].includes(audio.status()), `audio: HTTP ${audio.status()}`);
  log(`changed: paragraph 1 now "${await labelText(page)}", its audio asked for again`);
}

async function checkFileAndReload(page, folder) {
  const file = path.join(folder, 'book.md.speakers.toml');
  assert.ok(fs.existsSync(file), 'no corrections file beside the book');
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /who = "spock"/);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  await page.waitForSelector(kFirstLabel);
  assert.equal(await labelText(page), 'Spock');
  log('reloaded: still "Spock"; the corrections file says who = "spock"');
}

async function run(binary) {
  const playwright = await loadPlaywright();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'narrate-speakers-browser-'));
  const book = path.join(folder, 'book.md');
  fs.writeFileSync(book, kBook);
  fs.writeFileSync(path.join(folder, 'cast.toml'), kCast);
  let studio = null;
  let browser = null;
  const problems = [];
  try {
    studio = await startStudio(binary, book, folder, ['--voices', path.join(folder, 'cast.toml')]);
    browser = await launchChromium(playwright);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/favicon/.test(m.location().url)) {
        problems.push(`${m.text()} (${m.location().url})`);
      }
    });
    await page.goto(studio.url);
    await checkLabels(page);
    await changeSpeaker(page);
    await checkFileAndReload(page, folder);
    assert.deepEqual(problems, [], 'the page logged errors');
  } finally {
    if (browser) await browser.close();
    if (studio) await stopStudio(studio.child);
    fs.rmSync(folder, { recursive: true, force: true });
  }
  log('passed');
}

const binary =
  process.argv[2] || process.env.NARRATE_BINARY || path.join(kRoot, 'build/cli/narrate');
run(binary).then(() => process.exit(0), (error) => {
  console.error(`FAILED: ${error.stack || error}`);
  process.exit(1);
});
