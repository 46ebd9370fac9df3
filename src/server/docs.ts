/**
 * `/docs`: the OpenAPI document as one readable HTML page (no scripts, no external assets): every path
 * with its summary, parameters, bodies, responses, and the component schemas as indented JSON.
 */
type Json = Record<string, unknown>;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function refName(schema: unknown): string {
  if (schema && typeof schema === 'object') {
    const r = (schema as Json).$ref;
    if (typeof r === 'string') {
      const id = r.split('/').pop()!;
      return `<a href="#schema-${escapeHtml(id)}">${escapeHtml(id)}</a>`;
    }
    const t = (schema as Json).type;
    if (typeof t === 'string') return escapeHtml(t);
  }
  return 'object';
}

function content(c: unknown): string {
  if (!c || typeof c !== 'object') return '';
  return Object.entries(c as Json)
    .map(([type, v]) => `<code>${escapeHtml(type)}</code> ${refName((v as Json).schema)}`)
    .join(', ');
}

function operation(path: string, method: string, op: Json, shared: Json[]): string {
  const params = [...shared, ...((op.parameters as Json[] | undefined) ?? [])];
  const body = op.requestBody as Json | undefined;
  const responses = Object.entries((op.responses as Json) ?? {});
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
  return `<section class="op" id="${escapeHtml(id)}" aria-labelledby="${escapeHtml(id)}-h">
<h3 id="${escapeHtml(id)}-h"><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(op.summary ?? ''))}</p>
${op.description ? `<p>${escapeHtml(String(op.description))}</p>` : ''}
${
  params.length
    ? `<h4>Parameters</h4><ul>${params
        .map(
          (p) =>
            `<li><code>${escapeHtml(String(p.name))}</code> (${escapeHtml(String(p.in))}${p.required ? ', required' : ''}): ${escapeHtml(String(p.description ?? ''))}</li>`,
        )
        .join('')}</ul>`
    : ''
}
${body ? `<h4>Request body</h4><p>${content(body.content)}</p>` : ''}
<h4>Responses</h4><table><thead><tr><th scope="col">Status</th><th scope="col">Meaning</th><th scope="col">Body</th></tr></thead><tbody>${responses
    .map(
      ([status, r]) =>
        `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(String((r as Json).description ?? ''))}</td><td>${content((r as Json).content)}</td></tr>`,
    )
    .join('')}</tbody></table>
</section>`;
}

export function renderDocs(doc: Json): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Json>;
  const schemas = ((doc.components as Json).schemas ?? {}) as Record<string, Json>;
  const ops: string[] = [];
  const toc: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    const shared = (item.parameters as Json[] | undefined) ?? [];
    for (const method of ['get', 'post', 'put', 'delete']) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
      toc.push(`<li><a href="#${escapeHtml(id)}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`);
      ops.push(operation(path, method, op, shared));
    }
  }
  const schemaHtml = Object.entries(schemas)
    .map(
      ([id, s]) =>
        `<section id="schema-${escapeHtml(id)}" aria-labelledby="schema-${escapeHtml(id)}-h"><h3 id="schema-${escapeHtml(id)}-h">${escapeHtml(id)}</h3>${
          s.description ? `<p>${escapeHtml(String(s.description))}</p>` : ''
        }<pre tabindex="0">${escapeHtml(JSON.stringify(s, null, 2))}</pre></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(String(info.title))} ${escapeHtml(String(info.version))}: HTTP API</title>
<link rel="stylesheet" href="/app.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><p><a href="/">readout</a> · <a href="/openapi.json">openapi.json</a></p></header>
<main id="main">
<h1>${escapeHtml(String(info.title))} HTTP API <small>${escapeHtml(String(info.version))}</small></h1>
<p>${escapeHtml(String(info.description ?? ''))}</p>
<p>When the service has API keys, every <code>/v1</code> call needs <code>Authorization: Bearer &lt;key&gt;</code>, and a job is visible only to the key that created it.</p>
<nav aria-label="Endpoints"><h2>Endpoints</h2><ul>${toc.join('')}</ul></nav>
<h2>Operations</h2>
${ops.join('\n')}
<h2>Schemas</h2>
${schemaHtml}
</main>
</body>
</html>
`;
}
