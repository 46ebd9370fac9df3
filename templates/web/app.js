// The readout web page: builds an export request from the form, follows the job, shows the files, a PDF
// preview, the SSML script with its speakers, and the alt-text report. Plain JS, no dependencies.
const $ = (selector) => document.querySelector(selector);

const state = { apiKey: '', job: undefined, objectUrls: [] };

function headers(extra = {}) {
  return state.apiKey ? { ...extra, Authorization: `Bearer ${state.apiKey}` } : extra;
}

async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: headers(init.headers) });
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    try {
      const problem = await res.json();
      if (problem.detail) detail = problem.detail;
    } catch {
      // not a problem+json body
    }
    throw new Error(detail);
  }
  return res;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'className') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function showError(message) {
  $('#error').textContent = message;
}

/** Formats and option choices come from the service's own OpenAPI document (the writer registry). */
async function loadChoices() {
  const doc = await (await fetch('/openapi.json')).json();
  const formats = doc.paths['/v1/convert/{format}'].parameters[0].schema.enum;
  const schemas = doc.components.schemas;
  const box = $('#format-choices');
  for (const format of formats) {
    const input = el('input', { type: 'checkbox', name: 'formats', value: format });
    if (['pdf', 'ssml'].includes(format) || (!formats.includes('pdf') && format === 'html'))
      input.checked = true;
    box.append(el('label', {}, input, ` ${format.toUpperCase()}`));
  }
  const paper = schemas.PdfOptions?.properties?.paper;
  if (paper?.enum) {
    for (const value of paper.enum) {
      $('#paper').append(
        el('option', { value, text: value === 'a4' ? 'A4' : value[0].toUpperCase() + value.slice(1) }),
      );
    }
    if (paper.default) $('#paper').value = paper.default;
    $('#paper-option').hidden = false;
  }
  const engines = schemas.SsmlOptions?.properties?.engines?.items?.enum;
  if (engines) {
    $('#ssml-engine').append(el('option', { value: '', text: 'All engines' }));
    for (const value of engines) $('#ssml-engine').append(el('option', { value, text: value }));
    $('#engine-option').hidden = false;
  }
}

function selectedFormats() {
  return [...document.querySelectorAll('input[name="formats"]:checked')].map((i) => i.value);
}

function writerOptions(formats) {
  const options = {};
  if (formats.includes('pdf') && !$('#paper-option').hidden) options.pdf = { paper: $('#paper').value };
  if (formats.includes('ssml') && $('#ssml-engine').value) {
    // w3c is always kept: the page reads the speakers' voices from its manifest.
    options.ssml = { engines: [...new Set(['w3c', $('#ssml-engine').value])] };
  }
  return options;
}

async function submit(event) {
  event.preventDefault();
  showError('');
  state.apiKey = $('#api-key').value.trim();
  const formats = selectedFormats();
  if (!formats.length) {
    showError('Choose at least one format.');
    return;
  }
  const source = document.querySelector('input[name="source"]:checked').value;
  const options = writerOptions(formats);
  let init;
  if (source === 'file') {
    const file = $('#article-file').files[0];
    if (!file) {
      showError('Choose a file to upload.');
      $('#article-file').focus();
      return;
    }
    const form = new FormData();
    form.append('file', file);
    form.append('formats', formats.join(','));
    form.append('options', JSON.stringify(options));
    init = { method: 'POST', body: form };
  } else {
    const value = source === 'url' ? $('#article-url').value.trim() : $('#article-text').value;
    if (!value.trim()) {
      showError(
        source === 'url' ? 'Enter the web address of the article.' : 'Paste the article text or HTML.',
      );
      (source === 'url' ? $('#article-url') : $('#article-text')).focus();
      return;
    }
    const field = source === 'url' ? 'url' : /^\s*</.test(value) ? 'html' : 'text';
    init = {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ [field]: value, formats, options }),
    };
  }
  $('#submit').disabled = true;
  try {
    const created = await (await api('/v1/exports', init)).json();
    $('#results').hidden = true;
    $('#progress-section').hidden = false;
    await follow(created.id);
  } catch (error) {
    showError(error.message);
  } finally {
    $('#submit').disabled = false;
  }
}

function renderProgress(job) {
  $('#status').textContent = `Export ${job.status}.`;
  const list = $('#progress');
  list.replaceChildren(
    ...Object.entries(job.progress).map(([format, s]) =>
      el('li', { className: `state-${s}`, text: `${format.toUpperCase()}: ${s}` }),
    ),
  );
}

async function follow(id) {
  for (;;) {
    const job = await (await api(`/v1/exports/${id}`)).json();
    renderProgress(job);
    if (job.status === 'done') return showResults(job);
    if (job.status === 'failed') throw new Error(job.error?.message ?? 'The export failed.');
    await new Promise((resolve) => setTimeout(resolve, 600));
  }
}

function forget() {
  for (const url of state.objectUrls) URL.revokeObjectURL(url);
  state.objectUrls = [];
}

async function blobUrl(href) {
  const url = URL.createObjectURL(await (await api(href)).blob());
  state.objectUrls.push(url);
  return url;
}

/** Links work as they are; with an API key they fetch with it and save the file. */
function downloadLink(href, name, text) {
  const a = el('a', { href, download: name.split('/').pop(), text });
  a.addEventListener('click', async (event) => {
    if (!state.apiKey) return;
    event.preventDefault();
    try {
      const tmp = el('a', { href: await blobUrl(href), download: a.download });
      tmp.click();
    } catch (error) {
      showError(error.message);
    }
  });
  return a;
}

function size(bytes) {
  return bytes < 1024
    ? `${bytes} bytes`
    : bytes < 1048576
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;
}

async function showResults(job) {
  forget();
  state.job = job;
  const main = job.files.filter((f) => !f.name.includes('/'));
  const extra = job.files.length - main.length;
  $('#files').replaceChildren(
    ...main.map((f) =>
      el(
        'li',
        {},
        downloadLink(f.href, f.name, `Download ${f.name}`),
        ` (${f.format.toUpperCase()}, ${size(f.size)})`,
      ),
    ),
    ...(extra
      ? [el('li', { text: `and ${extra} more files in the zip (speech engine requests, manifests).` })]
      : []),
  );
  const archive = $('#archive');
  const zip = downloadLink(job.links.archive, `${job.article.id}.zip`, 'Download all as a zip');
  zip.id = 'archive';
  zip.className = 'button';
  archive.replaceWith(zip);
  renderAltReport(job.accessibility);
  renderWarnings(job.warnings);
  const pdf = main.find((f) => f.format === 'pdf');
  $('#pdf-section').hidden = !pdf;
  if (pdf) $('#pdf-preview').src = await blobUrl(pdf.href);
  const ssml = main.find((f) => f.format === 'ssml');
  $('#ssml-section').hidden = !ssml;
  if (ssml) await renderSsml(job, ssml);
  // Shown once everything is in place, so that the announcement matches what is on the page.
  $('#results').hidden = false;
  $('#status').textContent = `Export done: ${job.files.length} files for “${job.article.title}”.`;
}

function renderAltReport(report) {
  const s = report.summary;
  $('#alt-summary').textContent =
    `${s.images} image(s); ${report.images.filter((i) => i.flags.length).length} with findings.`;
  $('#alt-table tbody').replaceChildren(
    ...report.images.map((img) =>
      el(
        'tr',
        {},
        el('td', { text: img.id }),
        el('td', { text: img.decorative ? '(decorative)' : img.alt || '(none)' }),
        el('td', { text: img.altSource }),
        el('td', { text: img.flags.join(', ') || 'none' }),
      ),
    ),
  );
  $('#findings').replaceChildren(
    ...(report.findings.length
      ? report.findings.map((f) => el('li', { text: f.message }))
      : [el('li', { text: 'None.' })]),
  );
}

function renderWarnings(warnings) {
  const list = warnings.filter((w) => w.severity === 'warning');
  $('#warnings').replaceChildren(
    ...(list.length
      ? list.map((w) => el('li', { text: `${w.origin}: ${w.message}` }))
      : [el('li', { text: 'None.' })]),
  );
}

/** A voice element's key as the SSML manifests write it: a name, or gender[:variant]. */
function voiceKey(node) {
  if (node.getAttribute('name')) return node.getAttribute('name');
  const gender = node.getAttribute('gender') ?? '';
  const variant = node.getAttribute('variant');
  return variant ? `${gender}:${variant}` : gender;
}

async function renderSsml(job, file) {
  const text = await (await api(file.href)).text();
  const names = new Map(job.speakers.map((s) => [s.id, s.name]));
  const voices = new Map();
  const manifest = job.files.find((f) => f.name === 'ssml/w3c/manifest.json');
  if (manifest) {
    const m = await (await api(manifest.href)).json();
    for (const [id, voice] of Object.entries(m.speakers ?? {})) {
      voices.set(voice, [...(voices.get(voice) ?? []), names.get(id) ?? id]);
    }
  }
  const classes = new Map();
  const xml = new DOMParser().parseFromString(text, 'application/xml');
  const out = $('#ssml');
  out.replaceChildren();
  const render = (node, parent) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parent.append(child.textContent);
      else if (child.nodeType === Node.ELEMENT_NODE) {
        const name = child.localName;
        if (name === 'p') {
          const p = el('p');
          render(child, p);
          if (p.textContent.trim()) parent.append(p);
        } else if (name === 'voice') {
          const key = voiceKey(child);
          if (!classes.has(key)) classes.set(key, `v${(classes.size % 6) + 1}`);
          const who = (voices.get(key) ?? [`voice ${key}`]).join(' / ');
          const span = el(
            'span',
            { className: `voice ${classes.get(key)}` },
            el('span', { className: 'who', text: `${who}: ` }),
          );
          render(child, span);
          parent.append(span);
        } else if (name === 's') {
          render(child, parent);
          parent.append(' ');
        } else if (!['break', 'mark', 'metadata'].includes(name)) render(child, parent);
      }
    }
  };
  render(xml.documentElement, out);
  $('#ssml-legend').replaceChildren(
    ...[...classes].map(([key, cls]) =>
      el('li', { className: cls, text: (voices.get(key) ?? [`voice ${key}`]).join(' / ') }),
    ),
  );
}

function switchSource() {
  const source = document.querySelector('input[name="source"]:checked').value;
  for (const box of document.querySelectorAll('.source')) box.hidden = box.dataset.source !== source;
}

document.addEventListener('DOMContentLoaded', () => {
  for (const radio of document.querySelectorAll('input[name="source"]'))
    radio.addEventListener('change', switchSource);
  $('#export-form').addEventListener('submit', submit);
  loadChoices().catch((error) => showError(`Could not load the formats: ${error.message}`));
});
