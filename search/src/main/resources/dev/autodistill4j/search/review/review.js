// The review page. Every name that comes from the dataset (file names, class names, notes) is put into the page
// with textContent or as an attribute value, never parsed as HTML, so a hostile name stays text.
'use strict';

const S = {summary: null, view: null, items: [], total: 0, focus: 0, selected: new Set(), filter: '', busy: false,
  pickerMatches: [], pickerActive: 0};
const $ = id => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function fmt(x) { return x === null || x === undefined ? '–' : Number(x).toFixed(3); }
function className(c) { return c === null || c === undefined ? 'unlabeled' : c; }

async function api(path, body) {
  const init = body ? {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)} : {};
  const r = await fetch(path, init);
  let j;
  try { j = await r.json(); } catch (e) { throw new Error('HTTP ' + r.status); }
  if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status));
  return j;
}

function say(text) { $('status').textContent = text || ''; }

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  return {view: p.get('view'), q: p.get('q') || ''};
}

function writeHash() {
  const p = new URLSearchParams();
  if (S.view) p.set('view', S.view);
  if (S.filter) p.set('q', S.filter);
  history.replaceState(null, '', '#' + p.toString());
}

async function loadSummary() {
  S.summary = await api('/api/summary');
  $('dataset').textContent = S.summary.dataset;
  renderViews();
  renderCounts();
}

function renderViews() {
  const ul = $('views');
  const rows = [];
  let first = true;
  for (const v of S.summary.views) {
    const li = el('li', !v.name.startsWith('class:') && first ? 'sep' : '');
    if (!v.name.startsWith('class:')) first = false;
    const b = el('button', v.name === S.view ? 'current' : '');
    b.type = 'button';
    b.dataset.view = v.name;
    b.title = v.title;
    b.append(el('span', '', v.title), el('span', 'count', v.count));
    b.addEventListener('click', () => openView(v.name));
    li.append(b);
    rows.push(li);
  }
  ul.replaceChildren(...rows);
}

function renderCounts() {
  const t = $('counts');
  const head = el('tr');
  head.append(el('th', '', 'class'), el('th', '', 'train'), el('th', '', 'valid'), el('th', '', 'test'));
  const rows = [head];
  for (const c of S.summary.classes) {
    const tr = el('tr');
    const th = el('th', '', c.name);
    th.title = c.name;
    tr.append(th, el('td', '', c.splits.train), el('td', '', c.splits.valid), el('td', '', c.splits.test));
    rows.push(tr);
  }
  const tail = el('tr');
  tail.append(el('th', '', 'unlabeled / unreadable'), el('td', '', S.summary.unlabeled),
    el('td', '', S.summary.unreadable), el('td', '', ''));
  rows.push(tail);
  t.replaceChildren(...rows);
}

function renderHistogram(bins, title) {
  const max = Math.max(1, ...bins);
  $('histTitle').textContent = title;
  $('hist').replaceChildren(...bins.map((n, i) => {
    const d = el('div');
    d.style.height = Math.round(100 * n / max) + '%';
    d.title = (i / 10).toFixed(1) + '–' + ((i + 1) / 10).toFixed(1) + ': ' + n;
    return d;
  }));
}

async function openView(name, keepFocus) {
  S.view = name;
  if (!keepFocus) { S.focus = 0; S.selected.clear(); }
  writeHash();
  await loadView();
}

async function loadView() {
  document.body.dataset.state = 'loading';
  const p = new URLSearchParams({name: S.view, q: S.filter, limit: '500'});
  const v = await api('/api/view?' + p.toString());
  S.items = v.items;
  S.total = v.total;
  S.focus = Math.max(0, Math.min(S.focus, S.items.length - 1));
  $('viewTitle').textContent = v.title;
  $('viewInfo').textContent = v.needsIndex
    ? 'This view needs embeddings: index the dataset (autodistill4j index --images DATASET --index IDX) and '
      + 'start review with --index IDX.'
    : v.total + (v.total === 1 ? ' image' : ' images') + (S.filter ? ' matching the filter' : '')
      + (v.name.startsWith('class:') ? ', lowest confidence first' : '');
  $('more').textContent = v.total > S.items.length ? 'showing the first ' + S.items.length + '; filter to see others' : '';
  renderHistogram(v.histogram, '(' + v.title + ')');
  renderViews();
  renderGrid();
  document.body.dataset.state = 'done';
}

function card(item, i) {
  const f = el('figure', 'card');
  f.dataset.id = item.id;
  f.dataset.index = String(i);
  if (item.review) f.classList.add(item.review.action === 'accept' ? 'accepted' : item.review.action === 'move' ? 'moved' : 'undone');
  if (S.selected.has(item.id)) f.classList.add('selected');
  if (item.thumb) {
    const img = el('img');
    img.alt = '';
    img.loading = 'lazy';
    img.title = item.file;
    img.src = item.thumb;
    f.append(img);
  }
  const cap = el('figcaption');
  const name = el('div', 'name', item.name);
  name.title = item.name;
  cap.append(name);
  if (item.error) {
    cap.append(el('div', 'error', item.error));
  } else {
    const cls = el('div', 'cls', className(item['class']) + (item.split ? ' · ' + item.split : ''));
    cls.title = className(item['class']);
    cap.append(cls, el('div', 'conf', 'p ' + fmt(item.confidence) + ' · model: ' + className(item.modelClass)));
    if (item.runnerUp !== null) {
      cap.append(el('div', 'runner', 'runner-up ' + item.runnerUp + ' ' + fmt(item.runnerUpScore)),
        el('div', 'margin', 'margin ' + fmt(item.margin)));
    }
  }
  if (item.note) cap.append(el('div', 'note', item.note));
  if (item.review) {
    const r = item.review;
    const what = r.action === 'accept' ? 'accepted' : r.action === 'move' ? 'moved from ' + className(r.from) : 'undone';
    cap.append(el('div', 'review', what + ' by ' + r.who));
  }
  f.append(cap);
  f.addEventListener('click', () => { S.focus = i; showFocus(); });
  return f;
}

function renderGrid() {
  $('grid').replaceChildren(...S.items.map(card));
  showFocus();
}

function cards() { return [...$('grid').children]; }

function showFocus() {
  cards().forEach((c, i) => c.classList.toggle('focus', i === S.focus));
  const c = cards()[S.focus];
  if (c) c.scrollIntoView({block: 'nearest'});
}

function columns() {
  const cs = cards();
  if (cs.length < 2) return 1;
  const top = cs[0].offsetTop;
  let n = 0;
  while (n < cs.length && cs[n].offsetTop === top) n++;
  return Math.max(1, n);
}

function move(delta) {
  if (!S.items.length) return;
  S.focus = Math.max(0, Math.min(S.items.length - 1, S.focus + delta));
  showFocus();
}

function targets() {
  if (S.selected.size) return S.items.filter(i => S.selected.has(i.id));
  const f = S.items[S.focus];
  return f && !f.error ? [f] : [];
}

/** Runs one change at a time, then shows the dataset as it is now; errors go to the status line. */
async function change(work) {
  if (S.busy) return;
  S.busy = true;
  try {
    await work();
    await loadSummary();
    await loadView();
  } catch (e) {
    say(e.message);
  } finally {
    S.busy = false;
  }
}

function act(action, to) {
  const items = targets();
  if (!items.length) return;
  return change(async () => {
    const body = {action, items: items.map(i => ({id: i.id, sha256: i.sha256, 'class': i['class']}))};
    if (to !== undefined) body.to = to;
    const res = await api('/api/correct', body);
    const problems = res.results.filter(r => r.status !== 'applied').map(r => r.message);
    const applied = res.results.length - problems.length;
    say((applied ? applied + (action === 'accept' ? ' accepted' : ' moved to ' + className(to)) : '')
      + (problems.length ? (applied ? '; ' : '') + problems.join('; ') : ''));
    const single = items.length === 1 && !S.selected.size;
    S.selected.clear();
    if (single && action === 'accept') S.focus++;
  });
}

function undo() {
  return change(async () => {
    const r = await api('/api/undo', {n: 1});
    say('undid ' + r.undone + ' decision');
  });
}

function openPicker() {
  if (!targets().length) return;
  $('pickerCount').textContent = S.selected.size ? S.selected.size + ' images' : targets()[0].name;
  $('picker').hidden = false;
  $('pickerInput').value = '';
  filterPicker();
  $('pickerInput').focus();
}

function closePicker() {
  $('picker').hidden = true;
  $('pickerInput').blur();
}

function filterPicker() {
  const q = $('pickerInput').value.toLowerCase();
  const names = S.summary.classes.map(c => c.name);
  const starts = names.filter(n => n.toLowerCase().startsWith(q));
  const contains = names.filter(n => !n.toLowerCase().startsWith(q) && n.toLowerCase().includes(q));
  S.pickerMatches = starts.concat(contains);
  S.pickerActive = 0;
  renderPicker();
}

function renderPicker() {
  $('pickerList').replaceChildren(...S.pickerMatches.map((n, i) => {
    const li = el('li', i === S.pickerActive ? 'active' : '', n);
    li.setAttribute('role', 'option');
    li.addEventListener('mousedown', ev => { ev.preventDefault(); choose(n); });
    return li;
  }));
}

function choose(name) {
  closePicker();
  if (name !== undefined) act('move', name);
}

function pickerKey(ev) {
  if (ev.key === 'Escape') { closePicker(); ev.preventDefault(); }
  else if (ev.key === 'ArrowDown') { S.pickerActive = Math.min(S.pickerMatches.length - 1, S.pickerActive + 1); renderPicker(); ev.preventDefault(); }
  else if (ev.key === 'ArrowUp') { S.pickerActive = Math.max(0, S.pickerActive - 1); renderPicker(); ev.preventDefault(); }
  else if (ev.key === 'Enter') { ev.preventDefault(); if (S.pickerMatches.length) choose(S.pickerMatches[S.pickerActive]); }
}

function nextView(delta) {
  const names = S.summary.views.map(v => v.name);
  const i = names.indexOf(S.view);
  openView(names[(i + delta + names.length) % names.length]);
}

function gridKey(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const keys = {
    ArrowRight: () => move(1), l: () => move(1), ArrowLeft: () => move(-1), h: () => move(-1),
    ArrowDown: () => move(columns()), j: () => move(columns()), ArrowUp: () => move(-columns()), k: () => move(-columns()),
    a: () => act('accept'), u: () => act('unlabel'), m: openPicker, c: openPicker, s: () => move(1), n: () => move(1),
    x: toggle, ' ': toggle, Escape: () => { S.selected.clear(); renderGrid(); }, z: undo,
    '[': () => nextView(-1), ']': () => nextView(1), '/': () => $('filter').focus()
  };
  const f = keys[ev.key];
  if (f) { ev.preventDefault(); f(); }
}

function toggle() {
  const it = S.items[S.focus];
  if (!it || it.error) return;
  if (S.selected.has(it.id)) S.selected.delete(it.id); else S.selected.add(it.id);
  cards()[S.focus].classList.toggle('selected', S.selected.has(it.id));
  say(S.selected.size ? S.selected.size + ' selected' : '');
}

let filterTimer = null;
function filterChanged() {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    S.filter = $('filter').value.trim();
    S.focus = 0;
    writeHash();
    loadView().catch(e => say(e.message));
  }, 150);
}

document.addEventListener('keydown', ev => {
  if (!$('picker').hidden) return pickerKey(ev);
  if (ev.target === $('filter')) {
    if (ev.key === 'Enter' || ev.key === 'Escape') { ev.preventDefault(); $('filter').blur(); }
    return;
  }
  gridKey(ev);
});

async function start() {
  $('filter').addEventListener('input', filterChanged);
  $('pickerInput').addEventListener('input', filterPicker);
  $('pickerInput').addEventListener('blur', () => { if (!$('picker').hidden) closePicker(); });
  const h = readHash();
  S.filter = h.q;
  $('filter').value = h.q;
  try {
    await loadSummary();
    const names = S.summary.views.map(v => v.name);
    const firstWithImages = S.summary.views.find(v => v.count > 0);
    await openView(names.includes(h.view) ? h.view : (firstWithImages || S.summary.views[0]).name, true);
  } catch (e) {
    say(e.message);
    document.body.dataset.state = 'error';
  }
}

start();
