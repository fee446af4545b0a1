import { describe, expect, it } from 'vitest'
import { ansiToHtml, escapeHtml, paletteRgb, parseAnsi, stripAnsi } from '@/utils/ansi'

const ESC = '\x1b'

describe('parseAnsi', () => {
  it('plainText_isOneUnstyledSpan', () => {
    const spans = parseAnsi('PLAY [all] ****')
    expect(spans).toHaveLength(1)
    expect(spans[0].text).toBe('PLAY [all] ****')
    expect(spans[0].style.fg).toBeNull()
  })

  it('standardColours_andReset', () => {
    const spans = parseAnsi(`${ESC}[0;32mok: [localhost]${ESC}[0m done`)
    expect(spans.map((s) => s.text)).toEqual(['ok: [localhost]', ' done'])
    expect(spans[0].style.fg).toBe(2)
    expect(spans[1].style.fg).toBeNull()
  })

  it('brightColours_map_to8to15', () => {
    const [fg, bg] = parseAnsi(`${ESC}[91mred${ESC}[0;104mblue bg`)
    expect(fg.style.fg).toBe(9)
    expect(bg.style.bg).toBe(12)
    expect(bg.style.fg).toBeNull()
  })

  it('boldAndColourCombined_thenPartialResets', () => {
    const spans = parseAnsi(`${ESC}[1;31mA${ESC}[22mB${ESC}[39mC`)
    expect(spans.map((s) => [s.text, s.style.bold, s.style.fg])).toEqual([
      ['A', true, 1],
      ['B', false, 1],
      ['C', false, null],
    ])
  })

  it('emptySgr_isReset', () => {
    const spans = parseAnsi(`${ESC}[33myellow${ESC}[mplain`)
    expect(spans[1].style.fg).toBeNull()
  })

  it('256Colours_foregroundAndBackground', () => {
    const [s] = parseAnsi(`${ESC}[38;5;208;48;5;17mx`)
    expect(s.style.fg).toBe(208)
    expect(s.style.bg).toBe(17)
  })

  it('trueColour', () => {
    const [s] = parseAnsi(`${ESC}[38;2;255;128;0mx`)
    expect(s.style.fg).toBe('rgb(255, 128, 0)')
  })

  it('nonSgrSequences_andOsc_areDropped', () => {
    const line = `${ESC}[2K${ESC}[1Gstart ${ESC}]0;title${ESC}\\mid ${ESC}]8;;http://x${ESC}\\link${ESC}]8;;${ESC}\\ ${ESC}[?25lend`
    expect(stripAnsi(line)).toBe('start mid link end')
  })

  it('carriageReturn_keepsTheLastRedraw', () => {
    expect(stripAnsi('10%\r50%\r100%')).toBe('100%')
    expect(stripAnsi('line\r\n')).toBe('line')
  })

  it('controlCharacters_areRemoved_tabsKept', () => {
    expect(stripAnsi('a\x07b\tc\x00d')).toBe('ab\tcd')
  })

  it('adjacentSpansOfSameStyle_areMerged', () => {
    const spans = parseAnsi(`${ESC}[31ma${ESC}[31mb${ESC}[0m`)
    expect(spans).toHaveLength(1)
    expect(spans[0].text).toBe('ab')
  })

  it('incompleteSequenceAtEnd_doesNotThrow', () => {
    expect(() => parseAnsi(`text${ESC}[38;5`)).not.toThrow()
    expect(stripAnsi(`text${ESC}[38;5`).startsWith('text')).toBe(true)
  })
})

describe('ansiToHtml', () => {
  it('escapesHtml_inPlainAndStyledText', () => {
    expect(ansiToHtml('<script>alert("x")</script> & \'')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;',
    )
    expect(ansiToHtml(`${ESC}[31m<b>`)).toBe('<span class="ansi-fg-1">&lt;b&gt;</span>')
  })

  it('classesFor16Colours_andBold', () => {
    expect(ansiToHtml(`${ESC}[1;33;44mwarn${ESC}[0m ok`)).toBe(
      '<span class="ansi-fg-3 ansi-bg-4 ansi-bold">warn</span> ok',
    )
  })

  it('inlineStylesFor256AndRgb', () => {
    expect(ansiToHtml(`${ESC}[38;5;196mx`)).toBe('<span style="color:rgb(255, 0, 0)">x</span>')
    expect(ansiToHtml(`${ESC}[48;2;1;2;3mx`)).toBe('<span style="background-color:rgb(1, 2, 3)">x</span>')
    expect(ansiToHtml(`${ESC}[38;5;3mx`)).toBe('<span class="ansi-fg-3">x</span>')
  })

  it('inverse_swapsColours', () => {
    expect(ansiToHtml(`${ESC}[7;31mx`)).toBe('<span class="ansi-inverse-fg ansi-bg-1">x</span>')
  })

  it('sgrParameters_cannotInjectMarkup', () => {
    // only numbers reach the output; anything else is text and escaped
    const html = ansiToHtml(`${ESC}[38;2;1;2;3"onmouseover="x"m<i>`)
    expect(html).not.toContain('<i>')
    expect(html).not.toMatch(/onmouseover="x"[^;]/)
  })
})

describe('palette', () => {
  it('cubeAndGreys', () => {
    expect(paletteRgb(16)).toBe('rgb(0, 0, 0)')
    expect(paletteRgb(231)).toBe('rgb(255, 255, 255)')
    expect(paletteRgb(232)).toBe('rgb(8, 8, 8)')
    expect(paletteRgb(255)).toBe('rgb(238, 238, 238)')
  })

  it('escapeHtml', () => {
    expect(escapeHtml('a<b>&"\'')).toBe('a&lt;b&gt;&amp;&quot;&#39;')
  })
})
