import { describe, expect, it } from 'vitest'
import { lineAtFraction, positionText, trackGeometry } from '@/utils/logTrack'

describe('the log scrollbar over the whole log', () => {
  it('geometry_aWindowOfAMillionLines_sitsWhereItIsInTheWholeLog', () => {
    // 1,000 lines loaded from line 500,001; 30 in view from line 500,101
    const g = trackGeometry({ total: 1_000_000, start: 500_000, count: 1_000, first: 500_101, rows: 30 })
    expect(g.bandTop).toBeCloseTo(0.5)
    expect(g.bandHeight).toBeCloseTo(0.001)
    expect(g.thumbTop).toBeCloseTo(0.5001)
    expect(g.thumbHeight).toBeCloseTo(0.00003)
  })

  it('geometry_atTheEnd_theThumbEndsAtTheBottom', () => {
    const g = trackGeometry({ total: 200, start: 0, count: 200, first: 171, rows: 30 })
    expect(g.thumbTop + g.thumbHeight).toBeCloseTo(1)
  })

  it('geometry_shortLogThatFits_andEmptyLog_fillTheTrack', () => {
    expect(trackGeometry({ total: 10, start: 0, count: 10, first: 1, rows: 30 })).toMatchObject({ thumbTop: 0, thumbHeight: 1 })
    expect(trackGeometry({ total: 0, start: 0, count: 0, first: 1, rows: 30 })).toMatchObject({ thumbTop: 0, thumbHeight: 1 })
  })

  it('geometry_totalBelowTheLoadedLines_usesTheLoadedLines', () => {
    const g = trackGeometry({ total: 0, start: 100, count: 100, first: 101, rows: 10 })
    expect(g.bandTop).toBeCloseTo(0.5)
    expect(g.bandHeight).toBeCloseTo(0.5)
  })

  it('lineAtFraction_centresTheViewThere_insideTheLog', () => {
    expect(lineAtFraction(0.5, 1_000_000, 30)).toBe(499_986)
    expect(lineAtFraction(0, 1_000_000, 30)).toBe(1)
    expect(lineAtFraction(1, 1_000_000, 30)).toBe(999_971)
    expect(lineAtFraction(-3, 1_000_000, 30)).toBe(1)
    expect(lineAtFraction(0.5, 10, 30)).toBe(1)
    expect(lineAtFraction(0.5, 0, 30)).toBe(1)
  })

  it('positionText', () => {
    expect(positionText(12_301, 12_330, 1_000_000)).toBe('Lines 12,301–12,330 of 1,000,000')
    expect(positionText(1, 1, 1)).toBe('Line 1 of 1')
    expect(positionText(1, 0, 0)).toBe('')
  })
})
