/**
 * ANSI escape sequences of task output → styled spans and escaped HTML.
 *
 * Handles SGR (`ESC[…m`): reset, bold, dim, italic, underline, inverse, strike-through and their "off" codes,
 * the 8/16 standard colours (30–37, 90–97, 40–47, 100–107, 39/49 default), 256 colours (`38;5;n`, `48;5;n`)
 * and true colour (`38;2;r;g;b`). Other CSI sequences (cursor moves, erase line), OSC sequences (window
 * titles, hyperlinks) and stray control characters are dropped. A carriage return keeps only the text after it
 * (progress bars redraw their line). Each line is parsed on its own, starting unstyled.
 *
 * Colours 0–15 become classes `ansi-fg-N` / `ansi-bg-N` (themed in styles/app.css); 16–255 and RGB become
 * inline `color`/`background-color` styles.
 */

export interface AnsiStyle {
  /** 0–255 palette index, an `rgb(…)` string, or null for the default colour. */
  fg: number | string | null
  bg: number | string | null
  bold: boolean
  dim: boolean
  italic: boolean
  underline: boolean
  inverse: boolean
  strike: boolean
}

export interface AnsiSpan {
  text: string
  style: AnsiStyle
}

export function plainStyle(): AnsiStyle {
  return { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false }
}

// CSI (ESC [ params intermediates final), OSC (ESC ] … BEL or ESC \), other two-byte ESC sequences, 8-bit CSI.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b\[([0-?]*)([ -/]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\|$)|\x1b[ -/]*[0-~]?|\x9b[0-?]*[ -/]*[@-~]/g
// C0 controls other than tab (and ESC, handled above), plus DEL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/g

/** Channel values of the 6×6×6 colour cube (palette 16–231). */
const CUBE_STEPS = [0, 95, 135, 175, 215, 255]

/** The colour of a 256-palette index 16–255 as `rgb(r, g, b)` (0–15 are themed classes instead). */
export function paletteRgb(n: number): string {
  if (n >= 232) {
    const v = 8 + (n - 232) * 10
    return `rgb(${v}, ${v}, ${v})`
  }
  const i = n - 16
  const r = CUBE_STEPS[Math.floor(i / 36) % 6]
  const g = CUBE_STEPS[Math.floor(i / 6) % 6]
  const b = CUBE_STEPS[i % 6]
  return `rgb(${r}, ${g}, ${b})`
}

/** Keeps what a terminal would show of a line redrawn with carriage returns. */
function afterCarriageReturn(line: string): string {
  let s = line.endsWith('\r\n') ? line.slice(0, -2) : line
  while (s.endsWith('\r')) s = s.slice(0, -1)
  const cr = s.lastIndexOf('\r')
  return cr >= 0 ? s.slice(cr + 1) : s
}

/** Applies the parameters of one SGR sequence to a style (mutates and returns it). */
export function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  // "ESC[m" is a reset; colons (ITU T.416 sub-parameters) are read like semicolons
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number.parseInt(p, 10)))
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]
    if (Number.isNaN(c)) continue
    if (c === 0) Object.assign(style, plainStyle())
    else if (c === 1) style.bold = true
    else if (c === 2) style.dim = true
    else if (c === 3) style.italic = true
    else if (c === 4) style.underline = true
    else if (c === 7) style.inverse = true
    else if (c === 9) style.strike = true
    else if (c === 21 || c === 22) {
      style.bold = false
      style.dim = false
    } else if (c === 23) style.italic = false
    else if (c === 24) style.underline = false
    else if (c === 27) style.inverse = false
    else if (c === 29) style.strike = false
    else if (c >= 30 && c <= 37) style.fg = c - 30
    else if (c === 39) style.fg = null
    else if (c >= 40 && c <= 47) style.bg = c - 40
    else if (c === 49) style.bg = null
    else if (c >= 90 && c <= 97) style.fg = c - 90 + 8
    else if (c >= 100 && c <= 107) style.bg = c - 100 + 8
    else if (c === 38 || c === 48) {
      const mode = codes[i + 1]
      let color: number | string | null | undefined
      if (mode === 5) {
        const n = codes[i + 2]
        if (Number.isInteger(n) && n >= 0 && n <= 255) color = n
        i += 2
      } else if (mode === 2) {
        const [r, g, b] = [codes[i + 2], codes[i + 3], codes[i + 4]].map((v) => clamp(v))
        color = `rgb(${r}, ${g}, ${b})`
        i += 4
      } else {
        // unknown colour model: skip the rest of this sequence
        break
      }
      if (color !== undefined) {
        if (c === 38) style.fg = color
        else style.bg = color
      }
    }
    // other codes (blink, fonts, …) are ignored
  }
  return style
}

function clamp(v: number | undefined): number {
  return Number.isFinite(v) ? Math.min(255, Math.max(0, v as number)) : 0
}

/** Splits one line of output into runs of text that share a style. Escape sequences are not in the text. */
export function parseAnsi(line: string): AnsiSpan[] {
  const input = afterCarriageReturn(line)
  const spans: AnsiSpan[] = []
  let style = plainStyle()
  let last = 0
  const push = (text: string) => {
    const clean = text.replace(CONTROL, '')
    if (!clean) return
    const prev = spans[spans.length - 1]
    if (prev && sameStyle(prev.style, style)) prev.text += clean
    else spans.push({ text: clean, style: { ...style } })
  }
  if (input.indexOf('\x1b') < 0 && input.indexOf('\x9b') < 0) {
    push(input)
    return spans
  }
  ESCAPE.lastIndex = 0
  for (let m = ESCAPE.exec(input); m !== null; m = ESCAPE.exec(input)) {
    if (m.index > last) push(input.slice(last, m.index))
    last = m.index + m[0].length
    if (m[0].length === 0) {
      ESCAPE.lastIndex++
      continue
    }
    if (m[3] === 'm' && m[2] === '' && !m[1].startsWith('?')) style = applySgr({ ...style }, m[1])
  }
  if (last < input.length) push(input.slice(last))
  return spans
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  return (
    a.fg === b.fg &&
    a.bg === b.bg &&
    a.bold === b.bold &&
    a.dim === b.dim &&
    a.italic === b.italic &&
    a.underline === b.underline &&
    a.inverse === b.inverse &&
    a.strike === b.strike
  )
}

/** The text of a line without any escape sequences (for copying and searching). */
export function stripAnsi(line: string): string {
  return parseAnsi(line)
    .map((s) => s.text)
    .join('')
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
}

function isDefault(s: AnsiStyle): boolean {
  return s.fg === null && s.bg === null && !s.bold && !s.dim && !s.italic && !s.underline && !s.inverse && !s.strike
}

/** Classes and inline style of a span; inverse swaps the colours (default colours become `ansi-inverse`). */
export function spanAttributes(s: AnsiStyle): { classes: string[]; css: string[] } {
  const classes: string[] = []
  const css: string[] = []
  let fg = s.fg
  let bg = s.bg
  if (s.inverse) {
    ;[fg, bg] = [bg, fg]
    if (fg === null) classes.push('ansi-inverse-fg')
    if (bg === null) classes.push('ansi-inverse-bg')
  }
  if (typeof fg === 'number') {
    if (fg < 16) classes.push(`ansi-fg-${fg}`)
    else css.push(`color:${paletteRgb(fg)}`)
  } else if (typeof fg === 'string') css.push(`color:${fg}`)
  if (typeof bg === 'number') {
    if (bg < 16) classes.push(`ansi-bg-${bg}`)
    else css.push(`background-color:${paletteRgb(bg)}`)
  } else if (typeof bg === 'string') css.push(`background-color:${bg}`)
  if (s.bold) classes.push('ansi-bold')
  if (s.dim) classes.push('ansi-dim')
  if (s.italic) classes.push('ansi-italic')
  if (s.underline && s.strike) classes.push('ansi-underline-strike')
  else if (s.underline) classes.push('ansi-underline')
  else if (s.strike) classes.push('ansi-strike')
  return { classes, css }
}

/** One line of output as HTML: escaped text in `<span>`s carrying the colours. Safe for `v-html`. */
export function ansiToHtml(line: string): string {
  let html = ''
  for (const span of parseAnsi(line)) {
    const text = escapeHtml(span.text)
    if (isDefault(span.style)) {
      html += text
      continue
    }
    const { classes, css } = spanAttributes(span.style)
    const cls = classes.length ? ` class="${classes.join(' ')}"` : ''
    const style = css.length ? ` style="${css.join(';')}"` : ''
    html += cls || style ? `<span${cls}${style}>${text}</span>` : text
  }
  return html
}
