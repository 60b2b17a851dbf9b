// narrate studio: the page script. Vanilla JavaScript, no build step; it talks
// only to the HTTP API in studio/API.md (same origin, token as ?token= and the
// cookie the server sets). The server's CSP is default-src 'self', so nothing
// here is inline and trial speech is played through Web Audio (blob: and data:
// URLs are not 'self').
//
// Char ranges from the API are code points into the written paragraph text;
// the page keeps them as data-s / data-e on each word's span.
'use strict';

const state = {
  token: new URLSearchParams(location.search).get('token') || '',
  book: null,
  chapter: null,  // GET /api/chapters/{n}
  lexicon: {version: '', entries: []},
  stale: [],
  names: [],
  nameIndex: 0,
  cast: {file: null, characters: []},  // GET /api/cast
  chooser: null,                       // {paragraph, start}: the quotation being corrected
  speakersVersion: 0,                  // grows with each correction: audio asked for anew
  at: {chapter: 0, paragraph: 0},  // the selected paragraph (1-based)
  loaded: null,                    // {chapter, paragraph} whose audio is in the player
  timings: new Map(),              // "c/p@version" → timings
  timedWords: null,                // the playing paragraph's timed words
  spans: [],                       // for each of them, the spans of the written text
  currentWord: -1,
  raf: 0,
  editor: {word: '', sentence: '', active: '', checks: {}, seq: {}, timers: {}},
  undo: [],
  progressVersion: -1,
  buildState: 'idle',
  audioContext: null,
  trialSource: null,
};

const $ = (selector) => document.querySelector(selector);
const player = () => $('#player');
const kWays = ['respelling', 'ipa', 'espeak'];
const kValidateDelayMs = 200;
const kLexiconPollMs = 4000;

// ---- the API -------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// "/api/book" → "/api/book?token=T"
function apiUrl(path, params = {}) {
  const query = new URLSearchParams(params);
  if (state.token) query.set('token', state.token);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function api(method, path, body) {
  const init = {method, credentials: 'same-origin', headers: {}};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(apiUrl(path), init);
  if (!response.ok) throw new ApiError(response.status, await errorOf(response));
  return response;
}

// {"error": "no such chapter"} → "no such chapter"
async function errorOf(response) {
  const text = await response.text();
  try {
    return JSON.parse(text).error || text;
  } catch {
    return text || `HTTP ${response.status}`;
  }
}

const getJson = async (path) => (await api('GET', path)).json();
const sendJson = async (method, path, body) => (await api(method, path, body)).json();
const word = (w) => encodeURIComponent(w);

// ---- small helpers -------------------------------------------------------

function status(message, kind = 'info') {
  const line = $('#status');
  line.textContent = message;
  line.dataset.kind = kind;
}

function failed(error) { status(error instanceof Error ? error.message : String(error), 'error'); }

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// 83.4 → "1:23"
function clock(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '–:––';
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

// [1, 2, 3] → "chapters 1, 2, 3"; [4] → "chapter 4"
function chapterList(numbers) {
  return `chapter${numbers.length === 1 ? '' : 's'} ${numbers.join(', ')}`;
}

// "Oriel’s" → "Oriel" (the lexicon derives possessives itself)
function baseWord(text) { return text.replace(/['’]s$/u, ''); }

// Text fields take every key; buttons, checkboxes and links take space themselves.
function isTextEntry(target) {
  if (target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName)) return true;
  return target.tagName === 'INPUT' && !['checkbox', 'radio', 'button'].includes(target.type);
}

function takesSpace(target) {
  return isTextEntry(target) ||
      ['BUTTON', 'INPUT', 'A', 'AUDIO', 'SUMMARY'].includes(target.tagName);
}

// ---- words and names in a paragraph --------------------------------------

// "Oriel lit it." → [{s: 0, e: 5, text: "Oriel"}, {s: 10, e: 12, text: "it"}]... in code points
function wordRanges(text) {
  const ranges = [];
  let offset = 0;
  for (const piece of segments(text)) {
    const length = Array.from(piece.segment).length;
    if (piece.isWordLike) ranges.push({s: offset, e: offset + length, text: piece.segment});
    offset += length;
  }
  return ranges;
}

function segments(text) {
  if (typeof Intl.Segmenter === 'function') {
    const language = (state.book && state.book.language) || undefined;
    return new Intl.Segmenter(language, {granularity: 'word'}).segment(text);
  }
  return Array.from(
      text.matchAll(/[\p{L}\p{N}\p{M}'’]+|[^\p{L}\p{N}\p{M}'’]+/gu),
      (m) => ({segment: m[0], isWordLike: /[\p{L}\p{N}]/u.test(m[0])}));
}

// The text cut at every word, name and quotation boundary: [{s, e, word, name, quote}]
// (code points).
function pieces(text, names, quotations = []) {
  const points = Array.from(text);
  const words = wordRanges(text);
  const cuts = new Set([0, points.length]);
  for (const w of words) cuts.add(w.s).add(w.e);
  for (const n of names) cuts.add(n.start).add(n.end);
  for (const q of quotations) cuts.add(q.start).add(q.end);
  const sorted = [...cuts].filter((c) => c >= 0 && c <= points.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [s, e] = [sorted[i], sorted[i + 1]];
    out.push({
      s,
      e,
      text: points.slice(s, e).join(''),
      word: words.find((w) => w.s <= s && e <= w.e) || null,
      name: names.find((n) => n.start <= s && e <= n.end) || null,
      quote: quotations.find((q) => q.start <= s && e <= q.end) || null
    });
  }
  return out;
}

function pieceNode(piece) {
  if (!piece.word) return document.createTextNode(piece.text);
  const span = element('span', 'word', piece.text);
  span.dataset.s = piece.s;
  span.dataset.e = piece.e;
  span.dataset.word = piece.name ? piece.name.word : baseWord(piece.word.text);
  return span;
}

function nameNode(name) {
  const mark = element('mark', `name ${name.kind}`);
  mark.dataset.word = name.word;
  mark.title = name.kind === 'lexicon' ? 'in the lexicon' : 'likely mispronounced: check it';
  mark.tabIndex = 0;  // names are reached with Tab; Enter opens the editor
  mark.setAttribute('role', 'button');
  return mark;
}

// ---- who speaks each quotation --------------------------------------------

function characterOf(id) { return state.cast.characters.find((c) => c.id === id) || null; }

// "Kirk" for kirk (its first name), "?" for none.
function speakerName(id) {
  const character = characterOf(id);
  if (!character) return id ? id : '?';
  return character.names[0] || character.id;
}

// A hue per character, in the cast's order; none (grey) for the dialogue voice.
function speakerHue(id) {
  const index = state.cast.characters.findIndex((c) => c.id === id);
  return index < 0 ? null : (index * 137 + 200) % 360;
}

function quoteNode(quote) {
  const span = element('span', quote.speaker ? 'quote' : 'quote unknown');
  span.dataset.start = quote.start;
  const label = element('button', 'speaker', speakerName(quote.speaker));
  label.type = 'button';
  label.dataset.start = quote.start;
  label.dataset.speaker = quote.speaker || '';
  const who = quote.speaker ? `spoken by ${speakerName(quote.speaker)}` : 'speaker unknown';
  label.title = `${who}${quote.rule ? ` (${quote.rule})` : ''}: click to change`;
  const hue = speakerHue(quote.speaker);
  if (hue !== null) span.style.setProperty('--speaker-hue', String(hue));
  if (state.cast.file) span.append(label);  // without a cast every quotation is the narrator's
  return span;
}

// The written text with word spans, names wrapped in <mark class="name KIND">
// and quotations in <span class="quote"> led by their speaker's label.
function renderText(target, paragraph) {
  target.replaceChildren();
  let mark = null, quote = null;
  const parts = pieces(paragraph.text, paragraph.names || [], paragraph.quotations || []);
  for (const piece of parts) {
    if (!piece.quote)
      quote = null;
    else if (!quote || quote.dataset.start !== String(piece.quote.start)) {
      quote = quoteNode(piece.quote);
      target.append(quote);
      mark = null;
    }
    const into = quote || target;
    if (!piece.name)
      mark = null;
    else if (!mark || mark.dataset.start !== String(piece.name.start) || mark.parentNode !== into) {
      mark = nameNode(piece.name);
      mark.dataset.start = piece.name.start;
      into.append(mark);
    }
    (mark || into).append(pieceNode(piece));
  }
}

async function loadCast() {
  state.cast = await getJson('/api/cast');
}

function openChooser(label) {
  const article = label.closest('article.paragraph');
  const paragraph = Number(article.dataset.paragraph);
  state.chooser = {paragraph, start: Number(label.dataset.start)};
  const list = $('#speaker-list');
  const choices = state.cast.characters.map((c) => ({id: c.id, text: c.names[0] || c.id}));
  choices.push({id: null, text: 'nobody (dialogue voice)'});
  list.replaceChildren(...choices.map((choice) => {
    const button = element('button', 'speaker-choice', choice.text);
    button.type = 'button';
    button.dataset.speaker = choice.id || '';
    if ((choice.id || '') === label.dataset.speaker) button.classList.add('current');
    const item = element('li');
    item.append(button);
    return item;
  }));
  const chooser = $('#speaker-chooser');
  const box = label.getBoundingClientRect();
  chooser.style.left = `${Math.round(box.left + window.scrollX)}px`;
  chooser.style.top = `${Math.round(box.bottom + window.scrollY + 4)}px`;
  chooser.hidden = false;
  const first = chooser.querySelector('button.speaker-choice');
  if (first) first.focus();
}

function closeChooser() {
  $('#speaker-chooser').hidden = true;
  state.chooser = null;
}

// Saves who speaks the quotation, shows the chapter's speakers as they are
// now (turn-taking may change others) and plays the paragraph in its new voice.
async function chooseSpeaker(id) {
  const {paragraph, start} = state.chooser;
  closeChooser();
  const chapter = state.chapter.number;
  const answer =
      await sendJson('PUT', `/api/speakers/${chapter}/${paragraph}/${start}`, {speaker: id});
  if (!state.chapter || state.chapter.number !== answer.chapter) return;
  for (const p of answer.paragraphs) {
    const data = paragraphData(p.index);
    if (!data) continue;
    data.quotations = p.quotations;
    renderText(paragraphElement(p.index).querySelector('.text'), data);
  }
  state.timings.clear();
  state.speakersVersion += 1;
  status(`Saved: spoken by ${id ? speakerName(id) : 'nobody (the dialogue voice)'}.`);
  await playParagraph(paragraph);
}

// The sentence of `text` around code point `at`.
function sentenceAt(text, at) {
  const unit = Array.from(text).slice(0, at).join('').length;
  if (typeof Intl.Segmenter !== 'function') return text;
  const language = (state.book && state.book.language) || undefined;
  for (const s of new Intl.Segmenter(language, {granularity: 'sentence'}).segment(text)) {
    if (unit >= s.index && unit < s.index + s.segment.length) return s.segment.trim();
  }
  return text;
}

// ---- the book and its chapters -------------------------------------------

async function loadBook() {
  state.book = await getJson('/api/book');
  const {title, author, voice} = state.book;
  $('#book-title').textContent = title || 'Untitled';
  $('#book-author').textContent = author ? `by ${author}` : '';
  $('#book-voice').textContent = voice ? `· voice ${voice}` : '';
  document.title = `${title || 'Untitled'} — narrate studio`;
  renderChapterList();
}

function renderChapterList() {
  const list = $('#chapter-list');
  list.replaceChildren(...state.book.chapters.map((chapter) => {
    const button = element('button', 'chapter');
    button.type = 'button';
    button.dataset.chapter = chapter.number;
    button.append(
        element('span', 'num', String(chapter.number)),
        element('span', 'title', chapter.title || `Chapter ${chapter.number}`),
        element('span', 'count', `${chapter.paragraphs} ¶`));
    const item = element('li');
    item.append(button);
    return item;
  }));
  markStaleChapters();
}

async function openChapter(number, paragraph = 1) {
  if (!state.chapter || state.chapter.number !== number) {
    stopPlayback();
    state.chapter = await getJson(`/api/chapters/${number}`);
    renderChapter();
    if (state.chapter.names_ready === false) markWhenNamed(number);
  }
  select(number, Math.min(Math.max(paragraph, 1), state.chapter.paragraphs.length || 1));
}

// The book's names were still being found when the chapter came: /api/names
// waits for them, then the chapter's names are marked anew.
async function markWhenNamed(number) {
  await loadNames();
  if (state.chapter && state.chapter.number === number) await refreshChapter();
}

function renderChapter() {
  const chapter = state.chapter;
  $('#chapter-title').textContent = chapter.title || `Chapter ${chapter.number}`;
  $('#paragraphs').replaceChildren(...chapter.paragraphs.map(paragraphNode));
  for (const button of document.querySelectorAll('button.chapter')) {
    const current = Number(button.dataset.chapter) === chapter.number;
    button.classList.toggle('current', current);
    if (current)
      button.setAttribute('aria-current', 'true');
    else
      button.removeAttribute('aria-current');
  }
}

function paragraphNode(paragraph) {
  const article = element('article', 'paragraph');
  article.dataset.chapter = state.chapter.number;
  article.dataset.paragraph = paragraph.index;
  const play = element('button', 'play-paragraph', '▶');
  play.type = 'button';
  play.title = `Play paragraph ${paragraph.index}`;
  play.setAttribute('aria-label', `Play paragraph ${paragraph.index}`);
  const text = element('p', 'text');
  renderText(text, paragraph);
  const spoken = element('p', 'spoken', paragraph.spoken || '');
  const phonemes = element('div', 'phonemes');
  const show = element('button', 'show-phonemes', 'Show phonemes');
  show.type = 'button';
  phonemes.append(show);
  article.append(play, text, spoken, phonemes);
  return article;
}

function paragraphElement(number) { return $(`#paragraphs article[data-paragraph="${number}"]`); }

function paragraphData(number) {
  return state.chapter && state.chapter.paragraphs.find((p) => p.index === number);
}

// Marks the paragraph as the one play/next/prev act on; keeps it in view.
function select(chapter, paragraph) {
  state.at = {chapter, paragraph};
  for (const node of document.querySelectorAll('article.paragraph.selected')) {
    node.classList.remove('selected');
  }
  const node = paragraphElement(paragraph);
  if (node) {
    node.classList.add('selected');
    node.scrollIntoView({block: 'nearest'});
  }
  history.replaceState(null, '', `${location.search}#chapter=${chapter}&paragraph=${paragraph}`);
  updateNow();
  if (document.body.classList.contains('show-spoken')) showPhonemes(paragraph);
}

// After a lexicon change: the names marked anew, the place and playback kept.
async function refreshChapter() {
  if (!state.chapter) return;
  state.chapter = await getJson(`/api/chapters/${state.chapter.number}`);
  for (const paragraph of state.chapter.paragraphs) {
    const node = paragraphElement(paragraph.index);
    if (!node) continue;
    renderText(node.querySelector('.text'), paragraph);
    node.querySelector('.spoken').textContent = paragraph.spoken || '';
  }
  state.timings.clear();
  clearHighlight();
  if (state.loaded && state.timedWords) mapSpans(state.loaded.paragraph, state.timedWords);
}

// ---- playback and the spoken word ----------------------------------------

function timingsKey(chapter, paragraph) {
  return `${chapter}/${paragraph}@${state.lexicon.version}/${state.speakersVersion}`;
}

async function loadTimings(chapter, paragraph) {
  const key = timingsKey(chapter, paragraph);
  if (!state.timings.has(key)) {
    const path = `/api/timings/${chapter}/${paragraph}`;
    state.timings.set(key, getJson(path).catch((error) => {
      state.timings.delete(key);
      throw error;
    }));
  }
  return state.timings.get(key);
}

async function playParagraph(paragraph) {
  const chapter = state.chapter.number;
  select(chapter, paragraph);
  const audio = player();
  audio.src = apiUrl(`/api/audio/${chapter}/${paragraph}.wav`,
                     {v: state.lexicon.version, s: state.speakersVersion});
  state.loaded = {chapter, paragraph};
  clearHighlight();
  state.spans = [];
  state.timedWords = null;
  loadTimings(chapter, paragraph)
      .then((timings) => attachTimings(timings, chapter, paragraph))
      .catch(failed);
  try {
    await audio.play();
  } catch (error) {
    if (error.name !== 'AbortError') failed(error);
  }
}

// For each timed word, the spans of the written text it was spoken from.
function attachTimings(timings, chapter, paragraph) {
  if (!isLoaded(chapter, paragraph)) return;
  mapSpans(paragraph, timings.words);
  renderPhonemes(paragraphElement(paragraph), timings);
}

function mapSpans(paragraph, words) {
  const spans = Array.from(paragraphElement(paragraph).querySelectorAll('.text .word'));
  state.spans = words.map(
      (w) => spans.filter(
          (span) => Number(span.dataset.s) < w.char_end && Number(span.dataset.e) > w.char_start));
  state.timedWords = words;
}

function isLoaded(chapter, paragraph) {
  return state.loaded && state.loaded.chapter === chapter && state.loaded.paragraph === paragraph;
}

// The word spoken at `seconds`: the last one started, unless it ended a while ago.
function wordAt(words, seconds) {
  let low = 0;
  let high = words.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (words[middle].start <= seconds) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found >= 0 && seconds <= words[found].end + 0.25 ? found : -1;
}

function highlight(seconds) {
  const index = state.timedWords && state.spans.length ? wordAt(state.timedWords, seconds) : -1;
  if (index === state.currentWord) return;
  clearHighlight();
  state.currentWord = index;
  if (index < 0) return;
  for (const span of state.spans[index] || []) span.classList.add('current');
  const token = document.querySelectorAll('.paragraph.playing .ph')[index];
  if (token) token.classList.add('current');
}

function clearHighlight() {
  for (const node of document.querySelectorAll('.current:is(.word, .ph)')) {
    node.classList.remove('current');
  }
  state.currentWord = -1;
}

function tick() {
  highlight(player().currentTime);
  updateNow();
  state.raf = player().paused ? 0 : requestAnimationFrame(tick);
}

function onPlay() {
  document.body.dataset.playing = 'true';
  $('#play').textContent = '❚❚ Pause';
  const node = state.loaded && paragraphElement(state.loaded.paragraph);
  if (node) node.classList.add('playing');
  cancelAnimationFrame(state.raf);
  state.raf = requestAnimationFrame(tick);
}

function onPause() {
  delete document.body.dataset.playing;
  $('#play').textContent = '▶ Play';
  cancelAnimationFrame(state.raf);
  state.raf = 0;
}

function onEnded() {
  onPause();
  clearHighlight();
  for (const node of document.querySelectorAll('.paragraph.playing')) {
    node.classList.remove('playing');
  }
  const next = state.loaded && state.loaded.paragraph + 1;
  if ($('#continuous').checked && paragraphData(next)) playParagraph(next);
}

function stopPlayback() {
  const audio = player();
  audio.pause();
  audio.removeAttribute('src');
  audio.load();
  state.loaded = null;
  clearHighlight();
  for (const node of document.querySelectorAll('.paragraph.playing')) {
    node.classList.remove('playing');
  }
}

// The play button and space: pause, resume, or play the selected paragraph.
function togglePlay(paragraph = state.at.paragraph) {
  const audio = player();
  if (!state.chapter || !paragraph) return;
  if (isLoaded(state.chapter.number, paragraph) && !audio.ended) {
    if (audio.paused)
      audio.play().catch(failed);
    else
      audio.pause();
    return;
  }
  for (const node of document.querySelectorAll('.paragraph.playing')) {
    node.classList.remove('playing');
  }
  playParagraph(paragraph);
}

// Next (+1) or previous (-1) paragraph; playing on when playing.
function step(delta) {
  if (!state.chapter) return;
  const target = state.at.paragraph + delta;
  if (!paragraphData(target)) return;
  const wasPlaying = !player().paused;
  if (wasPlaying) {
    for (const node of document.querySelectorAll('.paragraph.playing')) {
      node.classList.remove('playing');
    }
    playParagraph(target);
  } else {
    select(state.chapter.number, target);
  }
}

function updateNow() {
  if (!state.chapter) return;
  const count = state.chapter.paragraphs.length;
  let text = `¶ ${state.at.paragraph} of ${count}`;
  const audio = player();
  if (isLoaded(state.chapter.number, state.at.paragraph)) {
    text += ` · ${clock(audio.currentTime)} / ${clock(audio.duration)}`;
  }
  $('#now').textContent = text;
}

// ---- the spoken form and phonemes ----------------------------------------

// Each spoken word over its phonemes; the word being spoken stays marked.
function renderPhonemes(node, timings) {
  const box = node.querySelector('.phonemes');
  if (box.timings === timings) return;
  box.timings = timings;
  const playing = isLoaded(state.chapter.number, Number(node.dataset.paragraph));
  box.replaceChildren(...timings.words.map((w, index) => {
    const token = element('span', w.exact === false ? 'ph inexact' : 'ph');
    token.classList.toggle('current', playing && index === state.currentWord);
    const phonemes = (w.phonemes || '').replace(/\s+/gu, '');  // "o@ r i: ; @L" → "o@ri:;@L"
    token.append(element('span', 'ph-word', w.word), element('span', 'ph-phonemes', phonemes));
    return token;
  }));
}

async function showPhonemes(paragraph) {
  if (!state.chapter) return;
  const chapter = state.chapter.number;
  try {
    const timings = await loadTimings(chapter, paragraph);
    const node = paragraphElement(paragraph);
    if (node && state.chapter.number === chapter) renderPhonemes(node, timings);
  } catch (error) {
    failed(error);
  }
}

function toggleSpoken() {
  const on = $('#show-spoken').checked;
  document.body.classList.toggle('show-spoken', on);
  if (on && state.at.paragraph) showPhonemes(state.at.paragraph);
}

// ---- trial speech (Web Audio: CSP allows no blob: media) -----------------

async function playWav(buffer) {
  state.audioContext = state.audioContext || new AudioContext();
  const context = state.audioContext;
  if (context.state === 'suspended') await context.resume();
  const audio = await context.decodeAudioData(buffer);
  stopTrial();
  player().pause();
  const source = context.createBufferSource();
  source.buffer = audio;
  source.connect(context.destination);
  source.onended = () => {
    if (state.trialSource === source) document.body.dataset.trial = 'ended';
  };
  state.trialSource = source;
  document.body.dataset.trial = 'playing';
  source.start();
  return audio.duration;
}

function stopTrial() {
  if (!state.trialSource) return;
  state.trialSource.onended = null;
  try {
    state.trialSource.stop();
  } catch {
    // already stopped
  }
  state.trialSource = null;
}

// Speaks `text`, with `trial` ({word: pronunciation}) winning over the lexicon.
async function say(text, trial) {
  const body = trial ? {text, lexicon: trial} : {text};
  const response = await api('POST', '/api/say', body);
  const seconds = await playWav(await response.arrayBuffer());
  status(`Playing ${seconds.toFixed(1)} s: “${text.length > 60 ? `${text.slice(0, 60)}…` : text}”`);
}

// ---- the pronunciation editor --------------------------------------------

function entryFor(w) {
  const lower = w.toLowerCase();
  const matches = state.lexicon.entries.filter(
      (e) => (e.case_sensitive ? e.word === w : e.word.toLowerCase() === lower));
  return matches.length ? matches[matches.length - 1] : null;
}

// "/ˈɔːriəl/" → "ipa", "[['o@ri@l]]" → "espeak", "OR-ee-el" → "respelling"
function kindOf(pronunciation) {
  if (/^\/.*\/$/u.test(pronunciation)) return 'ipa';
  if (/^\[\[.*\]\]$/u.test(pronunciation)) return 'espeak';
  return 'respelling';
}

// What a field's text is in the lexicon file: "ˈɔːriəl" in the IPA field → "/ˈɔːriəl/".
function asLexiconForm(way, raw) {
  const text = raw.trim();
  if (!text) return '';
  if (way === 'ipa' && !/^\/.*\/$/u.test(text)) return `/${text.replace(/^\/|\/$/gu, '')}/`;
  if (way === 'espeak' && !/^\[\[.*\]\]$/u.test(text)) {
    return `[[${text.replace(/^\[\[|\]\]$/gu, '')}]]`;
  }
  return text;
}

async function openEditor(w, sentence) {
  const editor = state.editor;
  Object.assign(editor, {word: w, sentence: sentence || w, active: '', checks: {}});
  $('#editor').hidden = false;
  $('#word').value = w;
  $('#sentence').textContent = sentence ? `In: ${sentence}` : '';
  $('#saved').textContent = '';
  $('#trial-phonemes').textContent = '';
  for (const way of kWays) {
    $(`#${way}`).value = '';
    showCheck(way, null);
  }
  const entry = entryFor(w);
  if (entry) fillFrom(entry.pronunciation);
  markActive();
  await showCurrent(w);
  $(entry ? `#${kindOf(entry.pronunciation)}` : '#respelling').focus();
}

function fillFrom(pronunciation) {
  const way = kindOf(pronunciation);
  $(`#${way}`).value = pronunciation;
  state.editor.active = way;
  validate(way);
}

// The lexicon's entry, else eSpeak's own reading.
async function showCurrent(w) {
  const target = $('#current-pron');
  const entry = entryFor(w);
  target.dataset.source = entry ? 'lexicon' : 'espeak';
  if (entry) {
    target.textContent = `${entry.pronunciation} (${entry.file}, line ${entry.line})`;
    $('#remove').disabled = !entry.editable;
    return;
  }
  $('#remove').disabled = true;
  target.textContent = '…';
  try {
    const {phonemes} = await sendJson('POST', '/api/phonemes', {text: w});
    if (state.editor.word === w) target.textContent = `eSpeak's guess [[${phonemes}]]`;
  } catch (error) {
    target.textContent = '';
    failed(error);
  }
}

function markActive() {
  for (const box of document.querySelectorAll('#editor .way')) {
    box.classList.toggle('active', box.dataset.kind === state.editor.active);
  }
}

function onWayInput(way) {
  const editor = state.editor;
  if ($(`#${way}`).value.trim())
    editor.active = way;
  else if (editor.active === way)
    editor.active = kWays.find((k) => $(`#${k}`).value.trim()) || '';
  markActive();
  showTrialPhonemes();
  clearTimeout(editor.timers[way]);
  editor.timers[way] = setTimeout(() => validate(way), kValidateDelayMs);
}

async function validate(way) {
  const editor = state.editor;
  const pronunciation = asLexiconForm(way, $(`#${way}`).value);
  editor.seq[way] = (editor.seq[way] || 0) + 1;
  const seq = editor.seq[way];
  if (!pronunciation) {
    delete editor.checks[way];
    showCheck(way, null);
    return;
  }
  try {
    const check = await sendJson('POST', '/api/pronunciation', {pronunciation});
    if (editor.seq[way] !== seq) return;
    editor.checks[way] = {...check, pronunciation};
    showCheck(way, editor.checks[way]);
    if (way === editor.active) showTrialPhonemes();
  } catch (error) {
    failed(error);
  }
}

function showCheck(way, check) {
  const line = $(`#${way}-check`);
  const input = $(`#${way}`);
  if (!check) {
    line.textContent = '';
    delete line.dataset.valid;
    input.removeAttribute('aria-invalid');
    return;
  }
  line.dataset.valid = String(check.valid);
  input.setAttribute('aria-invalid', String(!check.valid));
  if (!check.valid)
    line.textContent = `✗ ${check.error || 'not a pronunciation'}`;
  else if (check.kind !== way)
    line.textContent = `✓ read as ${check.kind} → ${check.espeak}`;
  else
    line.textContent = `✓ ${check.kind === 'espeak' ? 'eSpeak' : check.kind} → ${check.espeak}`;
}

// The active field's pronunciation: {value} when valid, {error} when not, {} when empty.
function trial() {
  const editor = state.editor;
  if (!editor.active) return {};
  const pronunciation = asLexiconForm(editor.active, $(`#${editor.active}`).value);
  const check = editor.checks[editor.active];
  if (!pronunciation) return {};
  if (!check || check.pronunciation !== pronunciation) return {pending: pronunciation};
  return check.valid ? {value: pronunciation} : {error: check.error};
}

// The field's check, waited for when it is still in flight.
async function settledTrial() {
  let t = trial();
  if (t.pending) {
    clearTimeout(state.editor.timers[state.editor.active]);
    await validate(state.editor.active);
    t = trial();
  }
  return t;
}

function editorWord() { return $('#word').value.trim(); }

async function showTrialPhonemes() {
  const w = editorWord();
  const t = trial();
  $('#trial-phonemes').textContent = '';
  if (!w || !t.value) return;
  try {
    const {phonemes} = await sendJson('POST', '/api/phonemes', {text: w, lexicon: {[w]: t.value}});
    if (trial().value === t.value) $('#trial-phonemes').textContent = `Will say [[${phonemes}]]`;
  } catch (error) {
    failed(error);
  }
}

async function hear(text) {
  const w = editorWord();
  const t = await settledTrial();
  if (t.error) return status(`Not a pronunciation yet: ${t.error}`, 'error');
  try {
    await say(text, t.value && w ? {[w]: t.value} : undefined);
  } catch (error) {
    failed(error);
  }
  return undefined;
}

async function save() {
  const w = editorWord();
  const t = await settledTrial();
  if (!w) return status('Type the word first.', 'error');
  if (!t.value)
    return status(t.error ? `Cannot save: ${t.error}` : 'Write a pronunciation first.', 'error');
  const entry = entryFor(w);
  const body = {pronunciation: t.value, case_sensitive: entry ? entry.case_sensitive : false};
  await applyChange(() => sendJson('PUT', `/api/lexicon/${word(w)}`, body), w, true);
  return undefined;
}

async function removeEntry() {
  const w = editorWord();
  await applyChange(() => sendJson('DELETE', `/api/lexicon/${word(w)}`), w, true);
}

async function undo() {
  const last = state.undo.pop();
  if (!last) return;
  const request = last.before ?
      () => sendJson(
          'PUT', `/api/lexicon/${word(last.word)}`,
          {pronunciation: last.before.pronunciation, case_sensitive: last.before.case_sensitive}) :
      () => sendJson('DELETE', `/api/lexicon/${word(last.word)}`);
  await applyChange(request, last.word, false);
}

// Runs a lexicon edit, then shows what it changed and marks the text anew.
async function applyChange(request, w, undoable) {
  let change;
  try {
    change = await request();
  } catch (error) {
    return failed(error);
  }
  if (undoable) state.undo.push({word: w, before: change.before || null});
  showChange(w, change, undoable);
  state.lexicon.version = '';
  await refreshAll();
  if (!$('#editor').hidden && state.editor.word.toLowerCase() === w.toLowerCase()) {
    await showCurrent(w);
  }
  return undefined;
}

function showChange(w, change, undoable) {
  const what = change.after ?
      `Saved “${w}” as ${change.after.pronunciation} in ${change.after.file}.` :
      `Removed “${w}” from the lexicon.`;
  const changed = change.chapters && change.chapters.length ?
      ` It changes ${chapterList(change.chapters)}.` :
      ' It changes no chapter.';
  const stale = change.stale_chapters && change.stale_chapters.length ?
      ` Needs re-rendering: ${chapterList(change.stale_chapters)}.` :
      '';
  $('#saved').textContent = `${undoable ? '' : 'Undone. '}${what}${changed}${stale}`;
  $('#saved').dataset.stale = (change.stale_chapters || []).join(',');
  state.stale = change.stale_chapters || state.stale;
  markStaleChapters();
  updateUndo();
}

function updateUndo() {
  const last = state.undo[state.undo.length - 1];
  $('#undo').disabled = !last;
  $('#undo').textContent = last ? `Undo (${last.word})` : 'Undo';
}

function closeEditor() {
  $('#editor').hidden = true;
  stopTrial();
}

// A click on a word of the text: the editor for it, with its sentence.
function onTextClick(event) {
  const span = event.target.closest('.word');
  if (!span) return;
  const article = span.closest('article.paragraph');
  const paragraph = paragraphData(Number(article.dataset.paragraph));
  select(state.chapter.number, paragraph.index);
  openEditor(span.dataset.word, sentenceAt(paragraph.text, Number(span.dataset.s)));
}

// ---- names to check ------------------------------------------------------

function visibleNames() {
  return $('#show-kept').checked ? state.names : state.names.filter((n) => !n.kept);
}

async function loadNames() {
  const {names} = await getJson('/api/names');
  const current = visibleNames()[state.nameIndex];
  state.names = names;
  const index = current ? visibleNames().findIndex((n) => n.word === current.word) : 0;
  state.nameIndex = Math.max(index, 0);
  renderName();
}

function renderName() {
  const names = visibleNames();
  state.nameIndex = Math.min(state.nameIndex, Math.max(names.length - 1, 0));
  const name = names[state.nameIndex];
  const card = $('#name-card');
  card.dataset.empty = String(!name);
  $('#name-position').textContent = name ?
      `${state.nameIndex + 1} of ${names.length}, most frequent first` :
      'No names to check.';
  $('#name-word').textContent =
      name ? `${name.word} — ${name.count}×${name.kept ? ' (kept)' : ''}` : '';
  $('#name-word').dataset.word = name ? name.word : '';
  renderSentence($('#name-sentence'), name);
  $('#name-phonemes').textContent = name ? `eSpeak's guess [[${name.phonemes}]]` : '';
  for (const id of ['#name-hear', '#name-keep', '#name-fix']) $(id).disabled = !name;
  $('#name-prev').disabled = !name || state.nameIndex === 0;
  $('#name-next').disabled = !name || state.nameIndex >= names.length - 1;
  $('#name-keep').textContent = name && name.kept ? 'Check again' : 'Keep as is';
}

// The sentence with the name in it marked.
function renderSentence(target, name) {
  target.replaceChildren();
  if (!name) return;
  const at = name.sentence.toLowerCase().indexOf(name.word.toLowerCase());
  if (at < 0) return void target.append(name.sentence);
  target.append(
      name.sentence.slice(0, at),
      element('mark', 'name suggested', name.sentence.slice(at, at + name.word.length)),
      name.sentence.slice(at + name.word.length));
  target.append(element('span', 'where', ` (chapter ${name.chapter}, ¶ ${name.paragraph})`));
}

function stepName(delta) {
  state.nameIndex += delta;
  renderName();
}

async function keepName() {
  const name = visibleNames()[state.nameIndex];
  if (!name) return;
  try {
    const answer = await sendJson('PUT', `/api/names/${word(name.word)}/kept`, {kept: !name.kept});
    name.kept = answer.kept;
    status(
        answer.kept ? `Kept “${name.word}” as eSpeak says it.` :
                      `“${name.word}” is to check again.`);
    renderName();
    await refreshChapter();
  } catch (error) {
    failed(error);
  }
}

async function fixName() {
  const name = visibleNames()[state.nameIndex];
  if (!name) return;
  try {
    await openChapter(name.chapter, name.paragraph);
    await openEditor(name.word, name.sentence);
  } catch (error) {
    failed(error);
  }
}

async function hearName() {
  const name = visibleNames()[state.nameIndex];
  if (name) await say(name.word).catch(failed);
}

// ---- the build -----------------------------------------------------------

async function refreshStatus() {
  const answer = await getJson('/api/status');
  state.stale = answer.stale_chapters || [];
  markStaleChapters();
  if (answer.build) showProgress(answer.build);
}

function markStaleChapters() {
  const stale = new Set(state.stale);
  for (const button of document.querySelectorAll('button.chapter')) {
    button.classList.toggle('stale', stale.has(Number(button.dataset.chapter)));
  }
  const line = $('#stale');
  line.textContent = state.stale.length ? `Needs re-rendering: ${chapterList(state.stale)}` :
                                          'All chapters up to date';
  line.dataset.chapters = state.stale.join(',');
  if (state.buildState !== 'running') {
    $('#build').textContent = state.stale.length ? `Build ${state.stale.length} ▸` : 'Build';
  }
}

function progressText(p) {
  const done = `${p.chapters_done} of ${p.chapters_total} chapters`;
  switch (p.state) {
    case 'running':
      return `Building: ${done}, ${clock(p.elapsed_seconds)} so far, ETA ${clock(p.eta_seconds)}`;
    case 'done':
      return `Built ${done} in ${clock(p.elapsed_seconds)}${p.message ? `: ${p.message}` : ''}`;
    case 'failed':
      return `Build failed: ${p.message || 'no reason given'}`;
    case 'cancelled':
      return `Build cancelled after ${done}`;
    default:
      return '';
  }
}

function showProgress(p) {
  if (p.version !== undefined && p.version < state.progressVersion) return;
  state.progressVersion = p.version === undefined ? state.progressVersion : p.version;
  const previous = state.buildState;
  state.buildState = p.state;
  const bar = $('#progress');
  bar.max = Math.max(p.chapters_total, 1);
  bar.value = p.state === 'done' ? bar.max : p.chapters_done;
  bar.dataset.state = p.state;
  bar.dataset.done = p.chapters_done;
  bar.dataset.total = p.chapters_total;
  $('#progress-text').textContent = progressText(p);
  $('#build').disabled = p.state === 'running';
  $('#cancel-build').hidden = p.state !== 'running';
  if (previous === 'running' && p.state !== 'running') refreshStatus().catch(failed);
}

async function startBuild() {
  try {
    const answer = await sendJson('POST', '/api/build');
    showProgress(answer.build);
  } catch (error) {
    if (error.status === 409)
      status('A build is already running.', 'error');
    else
      failed(error);
  }
}

async function cancelBuild() {
  try {
    showProgress((await sendJson('DELETE', '/api/build')).build);
  } catch (error) {
    failed(error);
  }
}

function listenForProgress() {
  const events = new EventSource(apiUrl('/api/events'));
  events.addEventListener('build', (event) => showProgress(JSON.parse(event.data)));
  events.addEventListener('open', () => {
    document.body.dataset.events = 'open';
  });
  events.addEventListener('error', () => {
    document.body.dataset.events = 'reconnecting';
  });
}

// ---- the lexicon, and edits other programs make --------------------------

async function loadLexicon() {
  const lexicon = await getJson('/api/lexicon');
  const changed = lexicon.version !== state.lexicon.version;
  state.lexicon = lexicon;
  return changed;
}

async function refreshAll() {
  await loadLexicon();
  await Promise.all([refreshChapter(), loadNames(), refreshStatus()]);
}

async function pollLexicon() {
  if (document.hidden) return;
  try {
    const before = state.lexicon.version;
    if (await loadLexicon() && before) {
      await Promise.all([refreshChapter(), loadNames(), refreshStatus()]);
      if (!$('#editor').hidden) await showCurrent(state.editor.word);
      status('The lexicon file changed on disk: the text is marked anew.');
    }
  } catch (error) {
    failed(error);
  }
}

// ---- wiring --------------------------------------------------------------

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
  const name = event.target.closest && event.target.closest('mark.name');
  if (name && (event.key === 'Enter' || event.key === ' ')) {
    event.preventDefault();
    name.querySelector('.word').click();
  } else if (event.key === 'Escape') {
    closeChooser();
    closeEditor();
  }
  else if (event.key === 'j')
    step(1);
  else if (event.key === 'k')
    step(-1);
  else if (event.key === ' ' && !takesSpace(event.target)) {
    event.preventDefault();
    togglePlay();
  }
}

function onParagraphsClick(event) {
  const article = event.target.closest('article.paragraph');
  if (!article) return;
  const paragraph = Number(article.dataset.paragraph);
  if (event.target.closest('.play-paragraph')) return togglePlay(paragraph);
  if (event.target.closest('.show-phonemes')) return showPhonemes(paragraph);
  const label = event.target.closest('button.speaker');
  if (label) return openChooser(label);
  if (event.target.closest('.word')) return onTextClick(event);
  select(state.chapter.number, paragraph);
  return undefined;
}

function wire() {
  $('#chapter-list').addEventListener('click', (event) => {
    const button = event.target.closest('button.chapter');
    if (button) openChapter(Number(button.dataset.chapter)).catch(failed);
  });
  $('#paragraphs').addEventListener('click', onParagraphsClick);
  $('#play').addEventListener('click', () => togglePlay());
  $('#prev').addEventListener('click', () => step(-1));
  $('#next').addEventListener('click', () => step(1));
  $('#show-spoken').addEventListener('change', toggleSpoken);
  const audio = player();
  audio.addEventListener('play', onPlay);
  audio.addEventListener('pause', onPause);
  audio.addEventListener('ended', onEnded);
  audio.addEventListener('timeupdate', () => highlight(audio.currentTime));
  audio.addEventListener('error', () => {
    if (audio.getAttribute('src')) status('The paragraph could not be played.', 'error');
  });
  wireEditor();
  wireNames();
  $('#speaker-list').addEventListener('click', (event) => {
    const button = event.target.closest('button.speaker-choice');
    if (button) chooseSpeaker(button.dataset.speaker || null).catch(failed);
  });
  $('#close-chooser').addEventListener('click', closeChooser);
  document.addEventListener('click', (event) => {  // a click elsewhere closes the chooser
    if (state.chooser && !event.target.closest('#speaker-chooser, button.speaker')) closeChooser();
  });
  $('#build').addEventListener('click', startBuild);
  $('#cancel-build').addEventListener('click', cancelBuild);
  document.addEventListener('keydown', onKey);
}

function wireEditor() {
  for (const way of kWays) $(`#${way}`).addEventListener('input', () => onWayInput(way));
  $('#word').addEventListener('change', () => {
    state.editor.word = editorWord();
    showCurrent(state.editor.word);
  });
  $('#hear-word').addEventListener('click', () => hear(editorWord()));
  $('#hear-sentence').addEventListener('click', () => hear(state.editor.sentence));
  $('#save').addEventListener('click', save);
  $('#remove').addEventListener('click', removeEntry);
  $('#undo').addEventListener('click', undo);
  $('#close-editor').addEventListener('click', closeEditor);
}

function wireNames() {
  $('#name-prev').addEventListener('click', () => stepName(-1));
  $('#name-next').addEventListener('click', () => stepName(1));
  $('#name-hear').addEventListener('click', hearName);
  $('#name-keep').addEventListener('click', keepName);
  $('#name-fix').addEventListener('click', fixName);
  $('#show-kept').addEventListener('change', renderName);
}

// "#chapter=3&paragraph=14" → {chapter: 3, paragraph: 14}
function placeFromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  return {
    chapter: Number(params.get('chapter')) || 0,
    paragraph: Number(params.get('paragraph')) || 1
  };
}

async function start() {
  wire();
  try {
    await Promise.all([loadBook(), loadLexicon(), loadCast()]);
    const place = placeFromHash();
    const known = state.book.chapters.some((c) => c.number === place.chapter);
    const first = state.book.chapters[0];
    if (first) await openChapter(known ? place.chapter : first.number, place.paragraph);
    await Promise.all([loadNames(), refreshStatus()]);
    listenForProgress();
    setInterval(pollLexicon, kLexiconPollMs);
    document.body.dataset.ready = 'true';
  } catch (error) {
    failed(error);
  }
}

start();
