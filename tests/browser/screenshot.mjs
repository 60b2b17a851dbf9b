// Redraws docs/studio.png: the studio on the sample book in headless Chromium
// at 1280x900, a paragraph paused mid-word (the word highlighted, its phonemes
// shown) and the editor open on a name with a respelling typed.
//
//   node tests/browser/screenshot.mjs [NARRATE_BINARY] [OUT.png]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { kRoot, kSampleBook, launchChromium, loadPlaywright, startStudio, stopStudio }
  from './studio-lib.mjs';

const binary = process.argv[2] || path.join(kRoot, 'build/cli/narrate');
const out = process.argv[3] || path.join(kRoot, 'docs/studio.png');
const kName = 'Bastien';
const kRespelling = 'BAS-tee-en';
const kPauseAtSeconds = 2.2;

async function pose(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await page.check('#show-spoken');
  await page.click('article.paragraph[data-paragraph="1"] .play-paragraph');
  await page.waitForFunction((t) => document.querySelector('#player').currentTime > t,
    kPauseAtSeconds, { timeout: 20000 });
  await page.click('#play');
  await page.waitForSelector('article[data-paragraph="1"] .word.current');
  const name = page.locator(`article[data-paragraph="1"] mark.name[data-word="${kName}"] .word`);
  const target = (await name.count()) ? name.first()
    : page.locator('article[data-paragraph="1"] mark.name .word').first();
  await target.click();
  await page.locator('#respelling').pressSequentially(kRespelling, { delay: 10 });
  await page.waitForSelector('#respelling-check[data-valid="true"]', { timeout: 10000 });
  await page.waitForFunction(() => document.querySelector('#trial-phonemes').textContent !== '');
  await page.locator('#respelling').blur();
  await page.mouse.move(120, 880);  // over nothing: no hover mark in the picture
  await page.evaluate(() => document.querySelector('#reader').scrollTo(0, 0));
}

// 128 colours (ffmpeg's palette filters): a third of the size, the text as sharp.
function shrink(file) {
  const smaller = `${file}.tmp.png`;
  const result = spawnSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', file, '-vf',
    'split[a][b];[a]palettegen=max_colors=128:reserve_transparent=0[p];[b][p]paletteuse=dither=none',
    '-pred', 'mixed', smaller]);
  if (result.status === 0) fs.renameSync(smaller, file);
  else fs.rmSync(smaller, { force: true });
}

async function main() {
  const playwright = await loadPlaywright();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'narrate-studio-shot-'));
  const book = path.join(folder, path.basename(kSampleBook));
  fs.copyFileSync(kSampleBook, book);
  const studio = await startStudio(binary, book, folder);
  const browser = await launchChromium(playwright);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(studio.url);
    await pose(page);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    shrink(out);
    console.log(`${out}: ${fs.statSync(out).size} bytes`);
  } finally {
    await browser.close();
    await stopStudio(studio.child);
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.stack || error);
  process.exit(1);
});
