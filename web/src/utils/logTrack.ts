/**
 * The scrollbar of the log viewer measures the whole log, not the lines loaded: the viewer keeps a window of a
 * long log in memory (see logPaging.ts), so the browser's own scrollbar would only tell where you are in that
 * window. These are its sums, as fractions (0–1) of the track's height.
 */

export interface TrackInput {
  /** Lines in the whole log (at least the loaded ones). */
  total: number
  /** Absolute index (0-based) of the first loaded line and how many are loaded. */
  start: number
  count: number
  /** The first line in view (1-based) and how many lines fit in the view. */
  first: number
  rows: number
}

export interface TrackGeometry {
  /** The thumb: the lines in view. */
  thumbTop: number
  thumbHeight: number
  /** The band of loaded lines. */
  bandTop: number
  bandHeight: number
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))

/** Where the thumb and the loaded band sit; an empty log fills the track with the thumb. */
export function trackGeometry(t: TrackInput): TrackGeometry {
  const total = Math.max(t.total, t.start + t.count, 1)
  const shown = clamp(Math.min(t.rows, t.count), 0, total)
  const thumbHeight = t.count ? shown / total : 1
  const thumbTop = t.count ? clamp((t.first - 1) / total, 0, 1 - thumbHeight) : 0
  return {
    thumbTop,
    thumbHeight,
    bandTop: t.start / total,
    bandHeight: t.count / total,
  }
}

/**
 * The first line (1-based) to show when the thumb's middle is put at `fraction` of the track: the view of `rows`
 * lines centred there, kept inside the log.
 */
export function lineAtFraction(fraction: number, total: number, rows: number): number {
  if (total <= 0) return 1
  const middle = clamp(fraction, 0, 1) * total
  const first = Math.round(middle - rows / 2) + 1
  return clamp(first, 1, Math.max(1, total - rows + 1))
}

/** "Lines 12,301–12,330 of 1,000,000" (the lines in view); "" for an empty log. */
export function positionText(first: number, last: number, total: number): string {
  if (total <= 0 || last < first) return ''
  const f = (n: number) => n.toLocaleString('en-US')
  const where = first === last ? `Line ${f(first)}` : `Lines ${f(first)}–${f(last)}`
  return `${where} of ${f(total)}`
}
