/**
 * Small syntax highlighters for the code fields (INI and YAML inventories, JSON variables). They only colour
 * text for the eye, line by line, and never reject anything: validation is the fields' rules' job. The output
 * is HTML with every character of the input escaped, so it can be shown with v-html.
 */

export type CodeLanguage = 'ini' | 'yaml' | 'json'

/** Token classes (styled in CodeTextarea.vue). */
export type TokenKind = 'comment' | 'section' | 'host' | 'key' | 'string' | 'number' | 'literal' | 'punct' | 'alias'

/** Past this size the text is shown plain: highlighting it on every key press would make typing lag. */
export const MAX_HIGHLIGHT_CHARS = 200_000

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function span(kind: TokenKind, text: string): string {
  return text === '' ? '' : `<span class="tok-${kind}">${escapeHtml(text)}</span>`
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/
const YAML_LITERAL = /^(?:true|false|yes|no|on|off|null|~)$/i

/** A scalar value (INI or YAML): quoted string, number, boolean/null, else plain text. */
function scalar(value: string, literal: RegExp): string {
  const trimmed = value.trim()
  if (trimmed === '') return escapeHtml(value)
  const lead = value.slice(0, value.indexOf(trimmed))
  const tail = value.slice(lead.length + trimmed.length)
  let kind: TokenKind | null = null
  if (/^(["']).*\1$/.test(trimmed)) kind = 'string'
  else if (NUMBER.test(trimmed)) kind = 'number'
  else if (literal.test(trimmed)) kind = 'literal'
  return escapeHtml(lead) + (kind ? span(kind, trimmed) : escapeHtml(trimmed)) + escapeHtml(tail)
}

// ---- INI (Ansible static inventory) ---------------------------------------------------------------------

const INI_LITERAL = /^(?:true|false|yes|no)$/i

export function highlightIniLine(line: string): string {
  const t = line.trimStart()
  if (t.startsWith('#') || t.startsWith(';')) return span('comment', line)
  if (t.startsWith('[')) {
    const end = line.indexOf(']')
    if (end > 0) return span('section', line.slice(0, end + 1)) + highlightIniRest(line.slice(end + 1))
  }
  // "host var=value var2='x y'": the first word is the host (or, under [x:vars], a key)
  const m = /^(\s*)([^\s=]+)(.*)$/.exec(line)
  if (!m) return escapeHtml(line)
  const [, lead, first, rest] = m
  if (rest.trimStart().startsWith('=')) return escapeHtml(lead) + iniPairs(line.slice(lead.length))
  return escapeHtml(lead) + span('host', first) + iniPairs(rest)
}

function highlightIniRest(rest: string): string {
  const hash = rest.search(/\s[#;]/)
  return hash >= 0 ? escapeHtml(rest.slice(0, hash)) + span('comment', rest.slice(hash)) : escapeHtml(rest)
}

/** `key=value` pairs separated by spaces; values may be quoted (with spaces inside). */
function iniPairs(text: string): string {
  let out = ''
  // every alternative consumes at least one character; only trailing blanks are left over
  const re = /(\s*)([^\s=#;]+)(\s*=\s*)("[^"]*"?|'[^']*'?|[^\s]*)|(\s+[#;].*$)|(\s*\S+)/y
  while (re.lastIndex < text.length) {
    const at = re.lastIndex
    const m = re.exec(text)
    if (!m) {
      re.lastIndex = at
      break
    }
    if (m[5] !== undefined) out += span('comment', m[5])
    else if (m[6] !== undefined) out += escapeHtml(m[6])
    else out += escapeHtml(m[1]) + span('key', m[2]) + span('punct', m[3]) + scalar(m[4], INI_LITERAL)
  }
  return out + escapeHtml(text.slice(re.lastIndex))
}

// ---- YAML -----------------------------------------------------------------------------------------------

/** Index of a `#` that starts a comment (after whitespace, outside quotes), or -1. */
function yamlCommentStart(line: string): number {
  let quote: string | null = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote) {
      if (c === quote) quote = null
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:[{,-]/.test(line[i - 1])) quote = c
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return i
    }
  }
  return -1
}

function yamlValue(value: string): string {
  const t = value.trim()
  if (/^[&*][^\s]+/.test(t)) {
    const lead = value.slice(0, value.indexOf(t))
    const m = /^([&*][^\s]+)(.*)$/.exec(t)!
    return escapeHtml(lead) + span('alias', m[1]) + yamlValue(m[2])
  }
  if (/^[|>][+-]?\d*$/.test(t)) {
    const lead = value.slice(0, value.indexOf(t))
    return escapeHtml(lead) + span('punct', t) + escapeHtml(value.slice(lead.length + t.length))
  }
  return scalar(value, YAML_LITERAL)
}

export function highlightYamlLine(line: string): string {
  if (/^(?:---|\.\.\.)\s*$/.test(line)) return span('punct', line)
  const hash = yamlCommentStart(line)
  const code = hash >= 0 ? line.slice(0, hash) : line
  const comment = hash >= 0 ? span('comment', line.slice(hash)) : ''
  // indentation and list dashes
  const m = /^(\s*)((?:-\s+)*)(.*)$/.exec(code)!
  let out = escapeHtml(m[1]) + span('punct', m[2])
  const body = m[3]
  // "key: value" (the key may be quoted); a colon must be followed by a space or end the line
  const kv = /^("[^"]*"|'[^']*'|[^\s"'#][^:]*?)(\s*:)(\s.*|$)/.exec(body)
  if (kv && !/^[&*]/.test(body)) out += span('key', kv[1]) + span('punct', kv[2]) + yamlValue(kv[3])
  else out += yamlValue(body)
  return out + comment
}

// ---- JSON -----------------------------------------------------------------------------------------------

/** JSON is tokenized as a whole text (a string may not span lines, but this keeps it simple and right). */
export function highlightJson(text: string): string {
  const re = /("(?:[^"\\\n]|\\.)*"?)(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}[\],:])/g
  let out = ''
  let last = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    out += escapeHtml(text.slice(last, m.index))
    if (m[1] !== undefined) out += m[2] !== undefined ? span('key', m[1]) + span('punct', m[2]) : span('string', m[1])
    else if (m[3] !== undefined) out += span('number', m[3])
    else if (m[4] !== undefined) out += span('literal', m[4])
    else out += span('punct', m[5])
    last = re.lastIndex
  }
  return out + escapeHtml(text.slice(last))
}

/** The whole text as highlighted HTML (plain, escaped, when too large). */
export function highlight(text: string, language: CodeLanguage): string {
  if (text.length > MAX_HIGHLIGHT_CHARS) return escapeHtml(text)
  if (language === 'json') return highlightJson(text)
  const line = language === 'ini' ? highlightIniLine : highlightYamlLine
  return text.split('\n').map(line).join('\n')
}
