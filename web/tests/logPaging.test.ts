import { describe, expect, it } from 'vitest'
import { fetchTail, liveOverlap, LogPager, type FetchLines, type OutputLine } from '@/utils/logPaging'

const T0 = Date.parse('2025-01-01T00:00:00Z')
/** Line i (0-based) of a synthetic log: one millisecond apart. */
const line = (i: number): OutputLine => ({ time: new Date(T0 + i).toISOString(), output: `line ${i + 1}` })

/** A server log of `count()` lines, made on demand, that records every request. */
function fakeLog(count: () => number) {
  const requests: { offset: number; limit: number }[] = []
  const fetch: FetchLines = async (offset, limit) => {
    requests.push({ offset, limit })
    const end = Math.min(count(), offset + limit)
    const out: OutputLine[] = []
    for (let i = offset; i < end; i++) out.push(line(i))
    return out
  }
  return { fetch, requests }
}

describe('fetchTail', () => {
  it('shortLog_oneRequest', async () => {
    const log = fakeLog(() => 42)
    const tail = await fetchTail(log.fetch, 1000)
    expect(tail.offset).toBe(0)
    expect(tail.lines).toHaveLength(42)
    expect(log.requests).toHaveLength(1)
  })

  it('emptyLog', async () => {
    const tail = await fetchTail(fakeLog(() => 0).fetch, 1000)
    expect(tail).toEqual({ offset: 0, lines: [], full: false })
  })

  it('exactlyOnePage', async () => {
    const tail = await fetchTail(fakeLog(() => 1000).fetch, 1000)
    expect(tail.lines.at(-1)?.output).toBe('line 1000')
    expect(tail.lines.length).toBeGreaterThanOrEqual(1000)
  })

  it.each([1001, 2500, 65_537, 123_457, 1_000_000, 3_333_333])(
    'longLog_%i_loadsOnlyTheTail_inFewRoundTrips',
    async (n) => {
      const log = fakeLog(() => n)
      const tail = await fetchTail(log.fetch, 1000)
      const last = tail.lines.at(-1)!
      expect(last.output).toBe(`line ${n}`)
      expect(tail.offset + tail.lines.length).toBe(n)
      expect(tail.lines.length).toBeGreaterThanOrEqual(1000)
      expect(tail.lines.length).toBeLessThanOrEqual(1500)
      // probes ask for one line; only the first and the last request carry a page
      const big = log.requests.filter((r) => r.limit > 1)
      expect(big).toHaveLength(2)
      expect(log.requests.length).toBeLessThan(70)
    },
  )

  it('millionLines_roundTripsAreFew', async () => {
    // count sequential rounds: requests issued in the same tick belong to one round
    let rounds = 0
    let inRound = false
    const base = fakeLog(() => 1_000_000)
    const fetch: FetchLines = async (o, l) => {
      if (!inRound) {
        rounds++
        inRound = true
        queueMicrotask(() => (inRound = false))
      }
      await new Promise((r) => setTimeout(r, 0))
      return base.fetch(o, l)
    }
    await fetchTail(fetch, 1000)
    expect(rounds).toBeLessThanOrEqual(8)
  })
})

describe('liveOverlap', () => {
  const texts = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i).output)
  const times = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => T0 + from + i)
  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i))

  it('pendingContinuesAfterLoaded_skipsNothing', () => {
    expect(liveOverlap(texts(0, 10), times(0, 10), lines(10, 15))).toBe(0)
  })

  it('pendingOverlapsLoadedTail_skipsTheOverlap', () => {
    expect(liveOverlap(texts(0, 10), times(0, 10), lines(7, 15))).toBe(3)
  })

  it('pendingStartsBeforeTheLoadedWindow', () => {
    expect(liveOverlap(texts(100, 110), times(100, 110), lines(50, 120))).toBe(60)
  })

  it('sameTextDifferentTime_isNotAMatch', () => {
    const pending = [{ time: new Date(T0 + 999).toISOString(), output: 'line 10' }]
    expect(liveOverlap(texts(0, 10), times(0, 10), pending)).toBe(0)
  })

  it('repeatedLines_matchOnlyWhereThePrecedingLinesAgree', () => {
    const t = new Date(T0).toISOString()
    const loaded = ['a', 'x', 'x']
    const loadedTimes = [T0, T0, T0]
    // live: "x","x" are the loaded ones, then a new "x" of the same millisecond
    const pending = [
      { time: t, output: 'x' },
      { time: t, output: 'x' },
      { time: t, output: 'x' },
    ]
    // the last "x" (j=2) would need "x","x","a" before it but pending[0] is "x" and pending ends there: j=2
    // fails on depth check against "a"? depth = min(3, 3) → compares pending[1]='x' vs 'x', pending[0]='x' vs 'a' → no
    expect(liveOverlap(loaded, loadedTimes, pending)).toBe(2)
  })
})

describe('LogPager', () => {
  const noSleep = async () => {}

  it('loadTail_thenOlderPages_untilTheStart', async () => {
    const log = fakeLog(() => 3500)
    const pager = new LogPager(log.fetch, { pageSize: 1000, sleep: noSleep })
    await pager.loadTail()
    expect(pager.end).toBe(3500)
    expect(pager.lines.at(-1)).toBe('line 3500')
    expect(pager.hasOlder).toBe(true)
    const initial = pager.lines.length
    let added = 0
    while (pager.hasOlder) added += await pager.loadOlder()
    expect(pager.start).toBe(0)
    expect(pager.lines).toHaveLength(3500)
    expect(pager.lines[0]).toBe('line 1')
    expect(pager.lines[1234]).toBe('line 1235')
    expect(added).toBe(3500 - initial)
  })

  it('liveLinesDuringLoad_areBuffered_andDuplicatesDropped', async () => {
    // the server has stored 2000 lines; 2000..2004 are published live but stored only later
    let stored = 2000
    const log = fakeLog(() => stored)
    let pager: LogPager | null = null
    let pushed = false
    const fetch: FetchLines = async (o, l) => {
      const r = await log.fetch(o, l)
      // while the tail loads, live lines arrive: 1995..2004 (5 already stored, 5 not)
      if (pager && l > 1 && o > 0 && !pushed) {
        pushed = true
        for (let i = 1995; i < 2005; i++) pager.pushLive(line(i))
      }
      return r
    }
    pager = new LogPager(fetch, { pageSize: 1000, sleep: noSleep })
    await pager.loadTail()
    expect(pager.live).toBe(true)
    expect(pager.end).toBe(2005)
    expect(pager.lines.slice(-6)).toEqual(['line 2000', 'line 2001', 'line 2002', 'line 2003', 'line 2004', 'line 2005'])
    // afterwards live lines are appended directly
    pager.pushLive(line(2005))
    expect(pager.lines.at(-1)).toBe('line 2006')
    stored = 2006
    expect(await pager.verifyEnd()).toBe(true)
  })

  it('liveLinesAheadOfStore_waitsForTheLinesInBetween', async () => {
    // loaded: 0..499; live (buffered): 600..609; the server stores 500..609 only after a moment
    let stored = 500
    const log = fakeLog(() => stored)
    const sleeps: number[] = []
    let pager: LogPager | null = null
    let pushed = false
    const fetch: FetchLines = async (o, l) => {
      const r = await log.fetch(o, l)
      if (pager && !pushed) {
        pushed = true
        for (let i = 600; i < 610; i++) pager.pushLive(line(i))
      }
      return r
    }
    pager = new LogPager(fetch, {
      pageSize: 1000,
      syncDelay: 100,
      sleep: async (ms) => {
        sleeps.push(ms)
        if (sleeps.length === 2) stored = 610
      },
    })
    await pager.loadTail()
    expect(sleeps).toEqual([100, 100])
    expect(pager.lines).toHaveLength(610)
    expect(pager.lines.at(-1)).toBe('line 610')
    expect(new Set(pager.lines).size).toBe(610)
  })

  it('catchUp_afterReconnect_fetchesMissedLines_andMergesLiveOnes', async () => {
    let stored = 1500
    const log = fakeLog(() => stored)
    const pager = new LogPager(log.fetch, { pageSize: 1000, sleep: noSleep })
    await pager.loadTail()
    expect(pager.end).toBe(1500)
    // disconnected while lines 1500..1799 were written; after reconnecting lines 1790.. arrive live
    stored = 1800
    const done = pager.catchUp()
    for (let i = 1790; i < 1810; i++) pager.pushLive(line(i))
    await done
    expect(pager.end).toBe(1810)
    expect(pager.lines.at(-1)).toBe('line 1810')
    expect(pager.lines.filter((t) => t === 'line 1795')).toHaveLength(1)
  })

  it('numberedLiveLine_afterAGap_fetchesTheMissingLines_inOrder', async () => {
    // loaded 2 lines and went live; lines 3 and 4 were published before the browser listened
    let stored = 2
    const log = fakeLog(() => stored)
    const numbered = (i: number): OutputLine => ({ ...line(i), line: i + 1 })
    const pager = new LogPager(log.fetch, { pageSize: 1000, sleep: noSleep })
    await pager.loadTail()
    expect(pager.live).toBe(true)
    stored = 5
    pager.pushLive(numbered(4)) // line 5: a gap of two
    expect(pager.live).toBe(false)
    pager.pushLive(numbered(5))
    await new Promise((r) => setTimeout(r, 0))
    await new Promise((r) => setTimeout(r, 0))
    expect(pager.live).toBe(true)
    expect(pager.lines).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6'])
    // duplicates are dropped, the next one is appended
    pager.pushLive(numbered(3))
    pager.pushLive(numbered(6))
    expect(pager.lines.slice(-2)).toEqual(['line 6', 'line 7'])
  })

  it('numberedLiveLine_farAhead_startsAFreshTailThere_withoutFetching_andOlderLinesPageIn', async () => {
    let stored = 3
    const log = fakeLog(() => stored)
    const numbered = (i: number): OutputLine => ({ ...line(i), line: i + 1 })
    const pager = new LogPager(log.fetch, { pageSize: 100, sleep: noSleep })
    await pager.loadTail()
    const requests = log.requests.length
    const resets = pager.resets
    stored = 50_000
    pager.pushLive(numbered(49_999)) // the socket skipped lines 4 … 49,999
    expect(log.requests).toHaveLength(requests)
    expect(pager.live).toBe(true)
    expect(pager.resets).toBe(resets + 1)
    expect(pager.start).toBe(49_999)
    expect(pager.lines).toEqual(['line 50000'])
    expect(pager.hasOlder).toBe(true)
    await pager.loadOlder()
    expect(pager.start).toBe(49_899)
    expect(pager.lines[0]).toBe('line 49900')
    expect(pager.lines.at(-1)).toBe('line 50000')
  })

  it('jumpTo_loadsThePageAroundALine_andLiveLinesDoNotMoveTheWindowUntilTheTailIsLoaded', async () => {
    let stored = 10_000
    const log = fakeLog(() => stored)
    const numbered = (i: number): OutputLine => ({ ...line(i), line: i + 1 })
    const pager = new LogPager(log.fetch, { pageSize: 100, sleep: noSleep })
    await pager.loadTail()
    expect(await pager.jumpTo(20)).toBe(20)
    expect(pager.start).toBe(0)
    expect(pager.lines[19]).toBe('line 20')
    expect(pager.pinned).toBe(true)
    stored = 20_000
    pager.pushLive(numbered(19_999))
    expect(pager.start).toBe(0)
    expect(pager.lines).toHaveLength(100)
    expect(await pager.jumpTo(5_000)).toBe(5_000)
    expect(pager.lines[5_000 - 1 - pager.start]).toBe('line 5000')
    expect(await pager.jumpTo(999_999)).toBe(20_000) // past the end: the last line
    await pager.loadTail()
    expect(pager.pinned).toBe(false)
    expect(pager.lines.at(-1)).toBe('line 20000')
  })

  it('total_isTheWholeLogsLength_whereverTheWindowIs', async () => {
    let stored = 10_000
    const log = fakeLog(() => stored)
    const numbered = (i: number): OutputLine => ({ ...line(i), line: i + 1 })
    let changes = 0
    const pager = new LogPager(log.fetch, { pageSize: 100, sleep: noSleep, onChange: () => changes++ })
    expect(pager.total).toBe(0)
    await pager.loadTail()
    expect(pager.total).toBe(10_000)
    expect(pager.lines.length).toBeLessThan(200)
    await pager.jumpTo(20)
    expect(pager.end).toBe(100)
    expect(pager.total).toBe(10_000) // the window is at the start; the log is as long as before
    // the task writes on while the window stays at the start: numbered live lines tell the new length
    stored = 10_002
    const before = changes
    pager.pushLive(numbered(10_000))
    pager.pushLive(numbered(10_001))
    expect(pager.start).toBe(0)
    expect(pager.total).toBe(10_002)
    expect(changes).toBe(before + 2)
    pager.pushLive(numbered(10_001)) // nothing new: no change
    expect(changes).toBe(before + 2)
    await pager.loadTail()
    expect(pager.end).toBe(10_002)
    expect(pager.total).toBe(10_002)
  })

  it('loadNewer_afterAJump_readsOnDown_andFollowsAgainAtTheEnd', async () => {
    let stored = 1_000
    const log = fakeLog(() => stored)
    const numbered = (i: number): OutputLine => ({ ...line(i), line: i + 1 })
    const pager = new LogPager(log.fetch, { pageSize: 100, sleep: noSleep })
    await pager.loadTail()
    expect(pager.hasNewer).toBe(false)
    expect(await pager.loadNewer()).toBe(0) // following the tail: nothing to do
    await pager.jumpTo(700)
    expect(pager.end).toBe(749)
    expect(pager.hasNewer).toBe(true)
    expect(await pager.loadNewer()).toBe(100)
    expect(pager.end).toBe(849)
    expect(pager.lines[848 - pager.start]).toBe('line 849')
    expect(pager.pinned).toBe(true)
    expect(await pager.loadNewer()).toBe(100)
    expect(pager.pinned).toBe(true) // a full page: the log may go on
    expect(await pager.loadNewer()).toBe(51)
    expect(pager.end).toBe(1_000)
    expect(pager.pinned).toBe(false)
    expect(pager.hasNewer).toBe(false)
    // live lines now continue the window
    stored = 1_001
    pager.pushLive(numbered(1_000))
    expect(pager.lines.at(-1)).toBe('line 1001')
    expect(pager.lines.slice(pager.lines.length - 4)).toEqual(['line 998', 'line 999', 'line 1000', 'line 1001'])
  })

  it('numberedLiveLines_aheadOfTheStore_waitUntilTheGapIsStored', async () => {
    let stored = 10
    const log = fakeLog(() => stored)
    const numbered = (i: number): OutputLine => ({ ...line(i), line: i + 1 })
    const sleeps: number[] = []
    let pager: LogPager | null = null
    let pushed = false
    const fetch: FetchLines = async (o, l) => {
      const r = await log.fetch(o, l)
      if (pager && !pushed) {
        pushed = true
        for (let i = 20; i < 25; i++) pager.pushLive(numbered(i)) // 11..20 not stored yet
      }
      return r
    }
    pager = new LogPager(fetch, {
      pageSize: 1000,
      sleep: async (ms) => {
        sleeps.push(ms)
        if (sleeps.length === 3) stored = 25
      },
    })
    await pager.loadTail()
    expect(sleeps).toHaveLength(3)
    expect(pager.end).toBe(25)
    for (let i = 0; i < 25; i++) expect(pager.lines[i]).toBe(`line ${i + 1}`)
  })

  it('catchUp_farBehind_reloadsTheTail', async () => {
    let stored = 1000
    const log = fakeLog(() => stored)
    const pager = new LogPager(log.fetch, { pageSize: 1000, maxCatchUpPages: 3, sleep: noSleep })
    await pager.loadTail()
    stored = 500_000
    await pager.catchUp()
    expect(pager.end).toBe(500_000)
    expect(pager.lines.length).toBeLessThan(2000)
    expect(pager.lines.at(-1)).toBe('line 500000')
  })

  it('verifyEnd_mismatch_reloadsTheTail', async () => {
    let stored = 100
    const log = fakeLog(() => stored)
    const pager = new LogPager(log.fetch, { pageSize: 1000, sleep: noSleep })
    await pager.loadTail()
    // lines 100..119 were stored but never reached us live
    stored = 120
    expect(await pager.verifyEnd()).toBe(false)
    expect(pager.end).toBe(120)
  })

  it('maxLines_dropsTheOldest_andStopsLoadingOlder', async () => {
    const log = fakeLog(() => 1500)
    const pager = new LogPager(log.fetch, { pageSize: 500, maxLines: 2000, sleep: noSleep })
    await pager.loadTail()
    for (let i = 1500; i < 4000; i++) pager.pushLive(line(i))
    expect(pager.lines.length).toBeLessThanOrEqual(2000 + 500)
    expect(pager.lines.at(-1)).toBe('line 4000')
    expect(pager.start).toBe(4000 - pager.lines.length)
    expect(pager.lines[0]).toBe(`line ${pager.start + 1}`)
    expect(pager.capped).toBe(true)
    expect(await pager.loadOlder()).toBe(0)
  })

  it('staleLoad_isIgnored_afterDispose', async () => {
    const log = fakeLog(() => 10)
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const pager = new LogPager(
      async (o, l) => {
        await gate
        return log.fetch(o, l)
      },
      { sleep: noSleep },
    )
    const load = pager.loadTail()
    pager.dispose()
    release()
    await load
    expect(pager.lines).toHaveLength(0)
  })

  it('failedLoad_goesLive_andRethrows', async () => {
    const pager = new LogPager(async () => {
      throw new Error('boom')
    })
    await expect(pager.loadTail()).rejects.toThrow('boom')
    expect(pager.live).toBe(true)
    expect(pager.loading).toBe(false)
  })
})

describe('LogPager with a fast writer', () => {
  it('doesNotChaseForever_andEndsConsistent', async () => {
    // every request lets the task write 3000 more lines, published live at once and stored right away
    let stored = 50_000
    let pager: LogPager | null = null
    let running = true
    let requests = 0
    const base = fakeLog(() => stored)
    const fetch: FetchLines = async (o, l) => {
      requests++
      const r = await base.fetch(o, l)
      if (running) {
        for (let i = stored; i < stored + 3000; i++) pager?.pushLive(line(i))
        stored += 3000
        if (stored > 400_000) running = false
      }
      return r
    }
    pager = new LogPager(fetch, { pageSize: 1000, maxCatchUpPages: 5, syncAttempts: 50, sleep: async () => {} })
    await pager.loadTail()
    expect(pager.live).toBe(true)
    expect(requests).toBeLessThan(2000)
    // the writer stops; lines published after going live were appended directly
    running = false
    expect(await pager.verifyEnd()).toBe(true)
    expect(pager.end).toBe(stored)
    expect(pager.lines.at(-1)).toBe(`line ${stored}`)
    for (let i = 1; i < pager.lines.length; i++) {
      if (pager.lines[i] !== `line ${pager.start + i + 1}`) throw new Error(`line ${pager.start + i + 1} is ${pager.lines[i]}`)
    }
  })
})

describe('LogPager with a fast writer and a lagging store', () => {
  it('jumpsAhead_thenMerges_andVerifiesAtTheEnd', async () => {
    let published = 50_000
    let stored = 50_000
    let pager: LogPager | null = null
    let running = true
    let requests = 0
    const base = fakeLog(() => stored)
    const fetch: FetchLines = async (o, l) => {
      requests++
      const r = await base.fetch(o, l)
      if (running) {
        for (let i = published; i < published + 3000; i++) pager?.pushLive(line(i))
        published += 3000
        stored = Math.max(stored, published - 10_000)
        if (published > 300_000) running = false
      } else {
        stored = published
      }
      return r
    }
    pager = new LogPager(fetch, { pageSize: 1000, maxCatchUpPages: 3, syncAttempts: 100, sleep: async () => {} })
    await pager.loadTail()
    expect(pager.live).toBe(true)
    expect(requests).toBeLessThan(3000)
    running = false
    stored = published
    await pager.verifyEnd()
    expect(pager.end).toBe(published)
    for (let i = 0; i < pager.lines.length; i++) {
      if (pager.lines[i] !== `line ${pager.start + i + 1}`) throw new Error(`line ${pager.start + i + 1} is ${pager.lines[i]}`)
    }
  })
})
