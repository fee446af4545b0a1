// The API documentation page: reads /api/openapi.json and shows every operation, its parameters, bodies and
// answers, and the schemas. Plain DOM code (no framework, nothing loaded from elsewhere); every text from the
// description goes in through textContent, never as HTML.
'use strict';

(() => {
  const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
  let spec = {};

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  /** The little Markdown the description uses: paragraphs, `code` and **bold**. */
  function prose(md) {
    const out = document.createDocumentFragment();
    if (!md) return out;
    for (const para of md.trim().split(/\n\s*\n/)) {
      out.append(el('p', {}, inline(para.replace(/\s*\n\s*/g, ' '))));
    }
    return out;
  }

  function inline(s) {
    const out = document.createDocumentFragment();
    const re = /`([^`]+)`|\*\*([^*]+)\*\*/g;
    let last = 0;
    let m;
    while ((m = re.exec(s)) !== null) {
      out.append(s.slice(last, m.index));
      out.append(m[1] !== undefined ? el('code', {}, m[1]) : el('strong', {}, m[2]));
      last = re.lastIndex;
    }
    out.append(s.slice(last));
    return out;
  }

  /** Follows local $refs ("#/components/..."). */
  function resolve(s) {
    let hops = 0;
    while (s && s.$ref && hops++ < 20) {
      s = s.$ref.replace(/^#\//, '').split('/').reduce((o, k) => (o ? o[k] : undefined), spec);
    }
    return s || {};
  }

  const refName = (s) => (s && s.$ref ? s.$ref.split('/').pop() : null);

  /** A schema with one allOf member (how a nullable reference is written) stands for that member. */
  function unwrap(s) {
    const r = resolve(s);
    return r.allOf && r.allOf.length === 1 ? { schema: r.allOf[0], nullable: !!r.nullable } : { schema: s, nullable: false };
  }

  function typeText(s) {
    const { schema, nullable } = unwrap(s);
    const r = resolve(schema);
    let t;
    if (r.oneOf) t = r.oneOf.map(typeText).join(' | ');
    else if (r.type === 'array') t = typeText(r.items || {}) + '[]';
    else if (r.type === 'object' && !r.properties && r.additionalProperties && r.additionalProperties !== true) {
      t = 'map of ' + typeText(r.additionalProperties);
    } else {
      t = refName(schema) || r.type || 'any';
      if (r.format && r.format !== 'password') t += ` (${r.format})`;
    }
    if (nullable || r.nullable) t += ' | null';
    return t;
  }

  function enumText(r) {
    if (!r.enum) return null;
    return 'One of: ' + r.enum.filter((v) => v !== null).map((v) => (v === '' ? '""' : String(v))).join(', ') + '.';
  }

  /** The object a schema describes: itself, the items of an array, or the target of a nullable reference. */
  function objectOf(s) {
    const { schema } = unwrap(s);
    const r = resolve(schema);
    if (r.type === 'array') return { name: refName(r.items), schema: resolve(r.items || {}) };
    return { name: refName(schema), schema: r };
  }

  /** A table of the fields of an object schema; nested objects fold out. `trail` stops endless recursion. */
  function fieldTable(s, trail) {
    const { name, schema } = objectOf(s);
    if (!schema.properties || trail.length > 6 || (name && trail.includes(name))) return null;
    const next = name ? trail.concat(name) : trail.concat('');
    const required = new Set(schema.required || []);
    const rows = Object.entries(schema.properties).map(([field, p]) => {
      const r = resolve(unwrap(p).schema);
      const nested = fieldTable(p, next);
      const about = [p.description || r.description, enumText(r)].filter(Boolean).join(' ');
      return el('tr', {},
        el('td', {}, el('code', {}, field), required.has(field) ? el('div', { class: 'req' }, 'required') : null),
        el('td', { class: 'type' }, typeText(p)),
        el('td', {}, prose(about),
          nested ? el('details', { class: 'schema' }, el('summary', {}, 'fields of ' + field), nested) : null));
    });
    return el('table', {}, el('tr', {}, el('th', {}, 'Field'), el('th', {}, 'Type'), el('th', {}, 'Description')), rows);
  }

  function schemaBlock(s) {
    const r = resolve(unwrap(s).schema);
    const about = refName(s) ? null : r.description;
    return el('div', { class: 'fields' },
      el('div', {}, el('span', { class: 'type' }, typeText(s))),
      about ? prose(about) : null,
      enumText(r),
      fieldTable(s, []));
  }

  function contentBlock(content) {
    return Object.entries(content || {}).map(([type, media]) =>
      el('div', {}, el('div', {}, el('span', { class: 'badge' }, type)), media.schema ? schemaBlock(media.schema) : null));
  }

  function parametersBlock(params) {
    if (!params.length) return null;
    return [el('h4', {}, 'Parameters'), el('table', {},
      el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'In'), el('th', {}, 'Type'), el('th', {}, 'Description')),
      params.map((p) => el('tr', {},
        el('td', {}, el('code', {}, p.name), p.required ? el('div', { class: 'req' }, 'required') : null),
        el('td', {}, p.in),
        el('td', { class: 'type' }, typeText(p.schema || {})),
        el('td', {}, prose([p.description, enumText(resolve(p.schema || {}))].filter(Boolean).join(' '))))))];
  }

  function responsesBlock(responses) {
    return [el('h4', {}, 'Answers'), Object.entries(responses || {}).map(([status, resp]) => {
      const r = resolve(resp);
      const headers = Object.entries(r.headers || {}).map(([h, def]) =>
        el('div', {}, 'Header ', el('code', {}, h), ': ', inline(def.description || '')));
      return el('div', {},
        el('span', { class: 'status s' + status[0] }, status), ' ', inline(r.description || ''),
        el('div', { class: 'fields' }, headers, contentBlock(r.content)));
    })];
  }

  function operation(path, method, op, pathParams) {
    const security = op.security !== undefined ? op.security : spec.security || [];
    const params = pathParams.concat(op.parameters || []).map(resolve);
    const body = op.requestBody ? resolve(op.requestBody) : null;
    const id = 'op-' + (op.operationId || method + path.replace(/\W+/g, '-'));
    const details = el('details', { class: 'op', id },
      el('summary', {},
        el('span', { class: 'method ' + method }, method),
        el('span', { class: 'path' }, '/api' + path),
        el('span', { class: 'summary' }, op.summary || '')),
      el('div', { class: 'op-body' },
        el('p', {}, el('span', { class: 'badge' }, security.length === 0 ? 'no sign-in needed' : 'signed in: cookie or API token')),
        prose(op.description),
        parametersBlock(params),
        body ? [el('h4', {}, 'Request body' + (body.required ? '' : ' (optional)')), prose(body.description), contentBlock(body.content)] : null,
        responsesBlock(op.responses)));
    details.dataset.search = [method, '/api' + path, op.summary || '', op.operationId || ''].join(' ').toLowerCase();
    return details;
  }

  function render() {
    const content = document.getElementById('content');
    const toc = document.getElementById('toc');
    content.replaceChildren();
    document.getElementById('title').textContent = `${spec.info.title} (${spec.info.version})`;
    document.title = spec.info.title;

    toc.append(el('a', { href: '#intro' }, 'Introduction'));
    content.append(el('section', { class: 'intro', id: 'intro' }, el('h2', {}, 'Introduction'), prose(spec.info.description)));

    const byTag = new Map((spec.tags || []).map((t) => [t.name, { about: t.description, ops: [] }]));
    for (const [path, item] of Object.entries(spec.paths || {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const tag = (op.tags && op.tags[0]) || 'other';
        if (!byTag.has(tag)) byTag.set(tag, { about: '', ops: [] });
        byTag.get(tag).ops.push(operation(path, method, op, item.parameters || []));
      }
    }
    for (const [tag, group] of byTag) {
      if (!group.ops.length) continue;
      toc.append(el('a', { href: '#tag-' + tag }, tag));
      content.append(el('section', { class: 'tag', id: 'tag-' + tag },
        el('h2', {}, tag), group.about ? el('p', { class: 'summary' }, group.about) : null, group.ops));
    }

    const schemas = Object.entries((spec.components && spec.components.schemas) || {});
    toc.append(el('a', { href: '#schemas' }, 'Schemas'));
    content.append(el('section', { id: 'schemas' }, el('h2', {}, 'Schemas'),
      schemas.map(([name, s]) => el('details', { class: 'op', id: 'schema-' + name },
        el('summary', {}, el('span', { class: 'path' }, name)),
        el('div', { class: 'op-body' }, prose(s.description), enumText(s), fieldTable({ $ref: '#/components/schemas/' + name }, []))))));

    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === 'DETAILS') {
      target.open = true;
      target.scrollIntoView();
    }
  }

  function filter(term) {
    const t = term.trim().toLowerCase();
    for (const section of document.querySelectorAll('section.tag')) {
      let shown = 0;
      for (const op of section.querySelectorAll('details.op')) {
        const match = !t || op.dataset.search.includes(t);
        op.classList.toggle('hidden', !match);
        if (match) shown++;
      }
      section.classList.toggle('hidden', shown === 0);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('filter').addEventListener('input', (e) => filter(e.target.value));
    fetch('/api/openapi.json', { credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) throw new Error(`the server answered ${r.status}`);
        return r.json();
      })
      .then((json) => {
        spec = json;
        render();
      })
      .catch((e) => {
        document.getElementById('status').textContent = 'Cannot load /api/openapi.json: ' + e.message;
      });
  });
})();
