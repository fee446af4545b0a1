/**
 * Paging through a task's output, which can have millions of lines, with `GET …/tasks/{id}/output?offset=&limit=`
 * (lines offset+1 … offset+limit, in order; the server has no "count" endpoint) and merging the live lines of
 * the WebSocket.
 *
 * - {@link fetchTail} finds the end of the log with a few probes (`limit=1`; several in parallel) and loads the
 *   last page: about 8 round trips for a million lines instead of downloading them.
 * - {@link LogPager} holds a window of lines (`start` = absolute index of the first one), loads older pages on
 *   demand, appends live lines, and keeps at most `maxLines` in memory (dropping the oldest).
 *
 * Our server numbers live lines (`line`, 1-based, as stored); Semaphore's do not. While the pager loads from the
 * server it buffers the live lines, then skips those the server already returned: by number, or for unnumbered
 * lines by time and text ({@link liveOverlap}). Our server returns a line from `/output` before it publishes it
 * live; Semaphore's publishes before it stores, so when the buffered lines do not meet the loaded ones yet the
 * pager asks again a moment later. A
 * numbered live line that skips a little ahead of what is shown (the browser subscribed while the task ran, after
 * the first load) starts the same catch-up, so no line goes missing until the task ends; one that skips more than a
 * page (our server skips a slow socket ahead to the newest lines of a chatty task) starts a fresh tail there, whose
 * older lines load on scrolling up like any.
 */

export interface OutputLine {
  time: string
  output: string
  /** The line's number in the stored log (1-based), when the server sends it. */
  line?: number
}

/** Lines `offset+1 … offset+limit` of the log (fewer at its end). */
export type FetchLines = (offset: number, limit: number) => Promise<OutputLine[]>

export interface Tail {
  /** Absolute index (0-based) of `lines[0]`. */
  offset: number
  lines: OutputLine[]
  /** The last request came back full: the log may go on (it is still being written). */
  full: boolean
}

/** True when the log has at least `n` lines. */
async function hasLines(fetch: FetchLines, n: number): Promise<boolean> {
  if (n <= 0) return true
  return (await fetch(n - 1, 1)).length > 0
}

/**
 * Loads the last `pageSize` (or up to half a page more) lines. A short log costs one request. A long one is
 * searched: first growing probes (×4 each, `fanout` of them at once: up to 4 million lines in one round) until
 * one passes the end, then `fanout` probes at once narrowing the gap between the last line known to exist and
 * the first known to be missing until it is below half a page, and one request for the tail. The default
 * fanout of 6 matches the 6 connections a browser opens to one HTTP/1.1 server.
 */
export async function fetchTail(fetch: FetchLines, pageSize = 1000, fanout = 6, growth = 4): Promise<Tail> {
  const first = await fetch(0, pageSize)
  if (first.length < pageSize) return { offset: 0, lines: first, full: false }
  let lo = pageSize // the log has at least `lo` lines
  let hi = Number.POSITIVE_INFINITY // …and fewer than `hi`
  while (!Number.isFinite(hi)) {
    const points = Array.from({ length: fanout }, (_, i) => lo * growth ** (i + 1))
    const found = await Promise.all(points.map((n) => hasLines(fetch, n)))
    const miss = found.indexOf(false)
    if (miss < 0) {
      lo = points[points.length - 1]
    } else {
      if (miss > 0) lo = points[miss - 1]
      hi = points[miss]
    }
    if (lo > Number.MAX_SAFE_INTEGER / growth ** (fanout + 1)) throw new Error('The log is too long to page through')
  }
  const closeEnough = Math.max(1, Math.floor(pageSize / 2))
  while (hi - lo > closeEnough) {
    const step = (hi - lo) / (fanout + 1)
    const points = [...new Set(Array.from({ length: fanout }, (_, i) => lo + Math.round(step * (i + 1))))].filter(
      (n) => n > lo && n < hi,
    )
    if (!points.length) break
    const found = await Promise.all(points.map((n) => hasLines(fetch, n)))
    const miss = found.indexOf(false)
    if (miss < 0) {
      lo = points[points.length - 1]
    } else {
      if (miss > 0) lo = points[miss - 1]
      hi = points[miss]
    }
  }
  const offset = Math.max(0, lo - pageSize)
  const limit = hi - offset
  const lines = await fetch(offset, limit)
  return { offset, lines, full: lines.length >= limit }
}

/** Lines are compared by their time (to the millisecond) and text. */
function timeKey(time: string): number {
  const t = Date.parse(time)
  return Number.isNaN(t) ? 0 : t
}

/** How many lines back from a match {@link liveOverlap} compares before trusting it. */
const VERIFY_LINES = 200

/**
 * How many of the buffered live lines (`pending`, oldest first) are already among the loaded lines whose last
 * ones are `texts`/`times`: the number to skip. The live lines continue the loaded ones, so the last loaded line
 * appears in `pending` at index j and the lines before it match too; 0 when it does not appear.
 */
export function liveOverlap(texts: readonly string[], times: readonly number[], pending: readonly OutputLine[]): number {
  const n = texts.length
  if (!n || !pending.length) return 0
  const lastText = texts[n - 1]
  const lastTime = times[n - 1]
  for (let j = pending.length - 1; j >= 0; j--) {
    if (pending[j].output !== lastText || timeKey(pending[j].time) !== lastTime) continue
    const depth = Math.min(j + 1, n, VERIFY_LINES)
    let ok = true
    for (let i = 1; i < depth; i++) {
      const p = pending[j - i]
      if (p.output !== texts[n - 1 - i] || timeKey(p.time) !== times[n - 1 - i]) {
        ok = false
        break
      }
    }
    if (ok) return j + 1
  }
  return 0
}

/**
 * For numbered live lines (`pending`, in order) after `end` loaded lines: how many to skip because they are
 * loaded already, or -1 when they start beyond `end + 1` (lines in between are still missing).
 */
export function numberedOverlap(end: number, pending: readonly OutputLine[]): number {
  const skip = pending.findIndex((l) => (l.line ?? 0) > end)
  if (skip < 0) return pending.length
  return pending[skip].line === end + 1 ? skip : -1
}

export interface LogPagerOptions {
  pageSize?: number
  fanout?: number
  /** Most lines kept in memory; beyond it the oldest are dropped (and older pages are no longer loaded). */
  maxLines?: number
  /** How often to ask again when live lines are ahead of what the server has stored (ms, times). */
  syncDelay?: number
  syncAttempts?: number
  /** Pages fetched forward after a reconnect before giving up and loading the tail afresh. */
  maxCatchUpPages?: number
  onChange?: () => void
  /** A catch-up the pager started itself (a gap in the live lines) failed. */
  onError?: (e: unknown) => void
  sleep?: (ms: number) => Promise<void>
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The loaded part of one task's log; see the file comment. */
export class LogPager {
  /** The loaded lines, oldest first (raw text with ANSI sequences). Replaced or mutated in place: watch `revision`. */
  lines: string[] = []
  /** Absolute index (0-based) of `lines[0]`; the line number shown is `start + i + 1`. */
  start = 0
  loading = false
  loadingOlder = false
  loadingNewer = false
  /** Older lines exist but are not loaded because `maxLines` are in memory. */
  capped = false
  /** Bumped on every change. */
  revision = 0
  /** Bumped when the window was replaced by a fresh tail (the viewer then jumps to the end). */
  resets = 0
  /**
   * Lines the whole log is known to have: the end of the last tail loaded, the highest numbered live line seen
   * (also while the window is elsewhere) and the loaded lines, whichever is most. A log never shrinks, so this
   * only grows; it is what a scrollbar over the whole log measures against.
   */
  total = 0

  private times: number[] = []
  /** The user jumped to a line: live lines do not move the window away from it until the tail is loaded again. */
  pinned = false
  /** Live lines received while loading; null when live lines are appended directly. */
  private pending: OutputLine[] | null = null
  private generation = 0
  private readonly fetch: FetchLines
  private readonly pageSize: number
  private readonly fanout: number
  private readonly maxLines: number
  private readonly syncDelay: number
  private readonly syncAttempts: number
  private readonly maxCatchUpPages: number
  private readonly onChange: () => void
  private readonly onError: (e: unknown) => void
  private readonly sleep: (ms: number) => Promise<void>

  constructor(fetch: FetchLines, options: LogPagerOptions = {}) {
    this.fetch = fetch
    this.pageSize = options.pageSize ?? 1000
    this.fanout = options.fanout ?? 6
    this.maxLines = Math.max(options.maxLines ?? 300_000, this.pageSize * 2)
    this.syncDelay = options.syncDelay ?? 250
    this.syncAttempts = options.syncAttempts ?? 12
    this.maxCatchUpPages = options.maxCatchUpPages ?? 20
    this.onChange = options.onChange ?? (() => {})
    this.onError = options.onError ?? ((e) => console.warn('catching up with the log failed', e))
    this.sleep = options.sleep ?? defaultSleep
  }

  /** Absolute index after the last loaded line (= lines known so far). */
  get end(): number {
    return this.start + this.lines.length
  }

  get hasOlder(): boolean {
    return this.start > 0
  }

  /** Live lines go straight into `lines` (no load is in progress). */
  get live(): boolean {
    return this.pending === null
  }

  /** Forgets everything; pending loads are ignored when they return. */
  dispose(): void {
    this.generation++
    this.pending = null
  }

  /** Times of the loaded lines (epoch ms), parallel to `lines`. */
  get lineTimes(): readonly number[] {
    return this.times
  }

  /**
   * Loads the page around line `n` (1-based) and keeps the window there ({@link pinned}) until {@link loadTail}.
   * Resolves to the line number actually shown (the last line when `n` is past the end), or 0 for an empty log.
   */
  async jumpTo(n: number): Promise<number> {
    const gen = ++this.generation
    this.pending = null
    this.pinned = true
    const offset = Math.max(0, n - 1 - Math.floor(this.pageSize / 2))
    let page = await this.fetch(offset, this.pageSize)
    if (gen !== this.generation) return 0
    let from = offset
    if (!page.length && offset > 0) {
      // past the end: show the last page
      const tail = await fetchTail(this.fetch, this.pageSize, this.fanout)
      if (gen !== this.generation) return 0
      page = tail.lines
      from = tail.offset
    }
    this.lines = []
    this.times = []
    this.start = from
    this.capped = false
    this.append(page)
    this.changed()
    return Math.min(Math.max(1, n), this.end)
  }

  /** A live line from the WebSocket. */
  pushLive(line: OutputLine): void {
    const grew = line.line !== undefined && line.line > this.total
    if (grew) this.total = line.line!
    if (this.pending) {
      this.pending.push(line)
      return
    }
    if (this.pinned) {
      // the user looks at lines elsewhere: only lines that continue the window are added
      if (line.line !== undefined && line.line === this.end + 1) this.append([line])
      if (grew) this.changed() // the log is known to be longer (the scrollbar over the whole log shrinks)
      return
    }
    if (line.line !== undefined) {
      if (line.line <= this.end) return // already shown
      if (line.line > this.end + 1 + this.pageSize) {
        // the socket skipped many lines (it fell behind a chatty task, or we subscribed late): show the newest
        // from here on, as a fresh tail; the lines before it are paged in when scrolled to (no fetch now)
        this.resetTo({ offset: line.line - 1, lines: [line], full: false })
        this.changed()
        return
      }
      if (line.line > this.end + 1) {
        // lines in between were published before we listened: fetch them, buffering the live ones meanwhile
        this.pending = [line]
        this.catchUp().catch((e) => this.onError(e))
        return
      }
    }
    this.append([line])
    this.changed()
  }

  /** (Re)loads the newest lines, then follows the live ones. */
  async loadTail(): Promise<void> {
    this.pinned = false
    const gen = ++this.generation
    this.pending = []
    this.loading = true
    this.changed()
    try {
      const tail = await fetchTail(this.fetch, this.pageSize, this.fanout)
      if (gen !== this.generation) return
      this.resetTo(tail)
      // a log still being written: read on a little (a fast writer is not chased forever; see mergePending)
      if (tail.full) await this.fetchForward(gen, this.maxCatchUpPages)
      if (gen !== this.generation) return
      await this.mergePending(gen)
    } catch (e) {
      if (gen === this.generation) this.pending = null
      throw e
    } finally {
      if (gen === this.generation) {
        this.loading = false
        this.changed()
      }
    }
  }

  /**
   * After the live connection was lost and came back: fetches what was missed (from `end` on) and merges the
   * buffered live lines. Far behind, it loads the tail afresh instead.
   */
  async catchUp(): Promise<void> {
    if (this.loading) return this.loadTail()
    const gen = ++this.generation
    this.pending = this.pending ?? [] // keeps the live line that revealed a gap
    this.loading = true // not shown (no change event): a catch-up is quick and usually finds little
    try {
      const complete = await this.fetchForward(gen, this.maxCatchUpPages)
      if (gen !== this.generation) return
      if (!complete) return this.loadTail()
      await this.mergePending(gen)
    } catch (e) {
      if (gen === this.generation) this.pending = null
      throw e
    } finally {
      if (gen === this.generation) {
        this.loading = false
        this.changed()
      }
    }
  }

  /**
   * Checks that the loaded lines end where the stored log ends (after the task finished and its output is
   * stored); reloads the tail when they do not. Resolves to true when they matched.
   */
  async verifyEnd(): Promise<boolean> {
    if (!this.live || this.loading) return true
    const gen = this.generation
    const n = this.end
    const lastText = this.lines[this.lines.length - 1]
    const lastTime = this.times[this.times.length - 1]
    const probe = await this.fetch(Math.max(0, n - 1), 2)
    // stale, or more lines arrived meanwhile (still running): nothing to judge
    if (gen !== this.generation || !this.live || this.end !== n) return true
    const ok =
      n === 0
        ? probe.length === 0
        : probe.length === 1 && probe[0].output === lastText && timeKey(probe[0].time) === lastTime
    if (!ok) await this.loadTail()
    return ok
  }

  /** Loads the page before the first loaded line; resolves to the number of lines added. */
  async loadOlder(): Promise<number> {
    if (this.start === 0 || this.loadingOlder || this.loading) return 0
    if (this.lines.length + this.pageSize > this.maxLines) {
      this.capped = true
      this.changed()
      return 0
    }
    const gen = this.generation
    const from = Math.max(0, this.start - this.pageSize)
    this.loadingOlder = true
    this.changed()
    try {
      const page = await this.fetch(from, this.start - from)
      if (gen !== this.generation) return 0
      const added = Math.min(page.length, this.start)
      const used = page.slice(page.length - added)
      this.lines = used.map((l) => l.output).concat(this.lines)
      this.times = used.map((l) => timeKey(l.time)).concat(this.times)
      // an empty page means the older lines are gone: stop asking for them
      this.start = added === 0 ? 0 : this.start - added
      return added
    } finally {
      if (gen === this.generation) {
        this.loadingOlder = false
        this.changed()
      }
    }
  }

  /** The window was moved away from the end (a jump): lines after it exist and load on scrolling down. */
  get hasNewer(): boolean {
    return this.pinned && this.end < this.total
  }

  /**
   * After a jump: loads the page after the last loaded line; resolves to the number of lines added. Reaching the
   * stored end makes the window follow the live lines again (it continues them now).
   */
  async loadNewer(): Promise<number> {
    if (!this.pinned || this.loadingNewer || this.loading) return 0
    const gen = this.generation
    this.loadingNewer = true
    this.changed()
    try {
      const page = await this.fetch(this.end, this.pageSize)
      if (gen !== this.generation) return 0
      this.append(page)
      if (page.length < this.pageSize) {
        // at the stored end: live lines continue from here (a gap is fetched like any)
        this.pinned = false
      }
      return page.length
    } finally {
      if (gen === this.generation) {
        this.loadingNewer = false
        this.changed()
      }
    }
  }

  private resetTo(tail: Tail): void {
    this.resets++
    this.lines = []
    this.times = []
    this.start = tail.offset
    this.capped = false
    this.append(tail.lines)
  }

  /** Fetches pages from `end` until a short one; false when stale or when `maxPages` were not enough. */
  private async fetchForward(gen: number, maxPages: number): Promise<boolean> {
    for (let i = 0; i < maxPages; i++) {
      const page = await this.fetch(this.end, this.pageSize)
      if (gen !== this.generation) return false
      this.append(page)
      if (page.length < this.pageSize) return true
    }
    return false
  }

  /** Appends the buffered live lines the server did not return yet, then goes live. */
  private async mergePending(gen: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const pending = this.pending ?? []
      const skip = pending.every((l) => l.line !== undefined)
        ? numberedOverlap(this.end, pending)
        : liveOverlap(this.lines, this.times, pending) || -1
      if (skip >= 0 || pending.length === 0 || attempt >= this.syncAttempts) {
        this.pending = null
        this.append(pending.slice(Math.max(0, skip)))
        return
      }
      // the live lines are ahead of the stored ones: wait for the server to store the lines in between
      await this.sleep(this.syncDelay)
      if (gen !== this.generation) return
      const complete = await this.fetchForward(gen, this.maxCatchUpPages)
      if (gen !== this.generation) return
      if (!complete) {
        // far behind a fast writer: jump to the stored end instead of reading everything in between
        const tail = await fetchTail(this.fetch, this.pageSize, this.fanout)
        if (gen !== this.generation) return
        this.resetTo(tail)
      }
    }
  }

  private append(lines: readonly OutputLine[]): void {
    if (!lines.length) return
    for (const l of lines) {
      this.lines.push(l.output)
      this.times.push(timeKey(l.time))
    }
    if (this.end > this.total) this.total = this.end
    // drop the oldest lines in chunks, not one by one
    const over = this.lines.length - this.maxLines
    if (over > 0 && (over >= this.pageSize || !this.live)) {
      this.lines.splice(0, over)
      this.times.splice(0, over)
      this.start += over
      this.capped = true
    }
  }

  private changed(): void {
    this.revision++
    this.onChange()
  }
}
