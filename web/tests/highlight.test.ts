import { describe, expect, it } from 'vitest'
import { highlight, highlightIniLine, highlightJson, highlightYamlLine, MAX_HIGHLIGHT_CHARS } from '@/utils/highlight'
import { yamlIndentation } from '@/utils/rules'

/** What the highlighted HTML shows: tags dropped, entities decoded. */
function shown(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}

/** The texts of the tokens of one kind. */
function tokens(html: string, kind: string): string[] {
  return [...html.matchAll(new RegExp(`<span class="tok-${kind}">([^<]*)</span>`, 'g'))].map((m) => shown(m[1]))
}

const INI = `# production
[web]
web1.example.com ansible_host=10.0.0.1 ansible_port=2222
web2 ansible_user='deploy user' # the old one

[web:vars]
ansible_become = true
<script>&"x"</script>
   `

const YAML = `---
all:
  hosts:
    web1.example.com:
      ansible_host: "10.0.0.1" # main
      port: 22
      enabled: yes
  children:
    db: &db
      - name: 'a # not a comment'
      - <b>&amp;
    copy: *db
    text: |
      line
`

const JSON_TEXT = `{
  "name": "a \\"quoted\\" <value>",
  "count": -12.5e3,
  "ok": true, "none": null,
  "list": [1, "x"]
}`

describe('syntax highlighting', () => {
  it('highlight_showsEveryCharacterOfTheText', () => {
    for (const [text, lang] of [
      [INI, 'ini'],
      [YAML, 'yaml'],
      [JSON_TEXT, 'json'],
      ['{"unterminated: [1, ', 'json'],
      ['key: "open', 'yaml'],
      ['= x = y', 'ini'],
      ['', 'ini'],
    ] as const) {
      expect(shown(highlight(text, lang))).toBe(text)
    }
  })

  it('highlight_escapesMarkup', () => {
    const html = highlight('<img src=x onerror=alert(1)>', 'ini')
    expect(html).not.toContain('<img')
    expect(highlight('a: <b>', 'yaml')).toContain('&lt;b&gt;')
  })

  it('ini_marksSectionsHostsVariablesAndComments', () => {
    const html = highlight(INI, 'ini')
    expect(tokens(html, 'section')).toEqual(['[web]', '[web:vars]'])
    expect(tokens(html, 'host')).toEqual(['web1.example.com', 'web2', '<script>&"x"</script>'])
    expect(tokens(html, 'key')).toEqual(['ansible_host', 'ansible_port', 'ansible_user', 'ansible_become'])
    expect(tokens(html, 'number')).toEqual(['2222'])
    expect(tokens(html, 'string')).toEqual(["'deploy user'"])
    expect(tokens(html, 'literal')).toEqual(['true'])
    expect(tokens(html, 'comment')).toEqual(['# production', ' # the old one'])
  })

  it('yaml_marksKeysValuesAnchorsAndComments', () => {
    const html = highlight(YAML, 'yaml')
    expect(tokens(html, 'key')).toEqual(['all', 'hosts', 'web1.example.com', 'ansible_host', 'port', 'enabled', 'children', 'db', 'name', 'copy', 'text'])
    expect(tokens(html, 'string')).toEqual(['"10.0.0.1"', "'a # not a comment'"])
    expect(tokens(html, 'number')).toEqual(['22'])
    expect(tokens(html, 'literal')).toEqual(['yes'])
    expect(tokens(html, 'alias')).toEqual(['&db', '*db'])
    expect(tokens(html, 'comment')).toEqual(['# main'])
    expect(highlightYamlLine('url: http://example.com:8080/x')).toBe(
      '<span class="tok-key">url</span><span class="tok-punct">:</span> http://example.com:8080/x',
    )
  })

  it('json_tellsKeysFromStrings', () => {
    const html = highlightJson(JSON_TEXT)
    expect(tokens(html, 'key')).toEqual(['"name"', '"count"', '"ok"', '"none"', '"list"'])
    expect(tokens(html, 'string')).toEqual(['"a \\"quoted\\" <value>"', '"x"'])
    expect(tokens(html, 'number')).toEqual(['-12.5e3', '1'])
    expect(tokens(html, 'literal')).toEqual(['true', 'null'])
  })

  it('highlightIniLine_keepsVariableLinesUnderVars', () => {
    expect(highlightIniLine('x=1')).toBe('<span class="tok-key">x</span><span class="tok-punct">=</span><span class="tok-number">1</span>')
  })

  it('highlight_leavesHugeTextsPlain', () => {
    const big = 'a=1\n'.repeat(MAX_HIGHLIGHT_CHARS / 4 + 1)
    const html = highlight(big, 'ini')
    expect(html).not.toContain('<span')
    expect(html).toBe(big)
  })

  it('yamlIndentation_refusesTabs', () => {
    expect(yamlIndentation('all:\n  hosts:\n')).toBe(true)
    expect(yamlIndentation('all:\n\thosts:\n')).toBe('Line 2 is indented with a tab; YAML needs spaces')
    expect(yamlIndentation('a: "x\ty"')).toBe(true)
  })
})
