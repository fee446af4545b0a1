import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { backoffDelay, LiveConnection, parseMessage, type LiveEvent, type SocketLike } from '@/api/live'
import { useLiveStore } from '@/stores/live'

/** A socket the test opens, feeds and closes by hand. */
class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null
  onmessage: ((ev: { data: unknown }) => void) | null = null
  onclose: ((ev: { code: number; reason?: string }) => void) | null = null
  onerror: ((ev: unknown) => void) | null = null
  closed = false
  constructor(readonly url: string) {}
  open() {
    this.onopen?.({})
  }
  send(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) })
  }
  drop(code = 1006) {
    this.closed = true
    this.onclose?.({ code })
  }
  close() {
    this.closed = true
  }
}

function harness(options: { jitter?: number } = {}) {
  const sockets: FakeSocket[] = []
  const events: LiveEvent[] = []
  const states: string[] = []
  const conn = new LiveConnection({
    url: () => 'ws://test/api/ws',
    create: (url) => {
      const s = new FakeSocket(url)
      sockets.push(s)
      return s
    },
    onEvent: (e) => events.push(e),
    onState: (s) => states.push(s),
    jitter: options.jitter ?? 0,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  })
  return { conn, sockets, events, states, last: () => sockets[sockets.length - 1] }
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('backoffDelay', () => {
  it('startsAt2s_doubles_cappedAt30s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a))).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000])
  })

  it('jitter_staysWithinBounds', () => {
    expect(backoffDelay(0, { jitter: 0.2, random: () => 0 })).toBe(1600)
    expect(backoffDelay(0, { jitter: 0.2, random: () => 1 })).toBe(2400)
    expect(backoffDelay(0, { jitter: 0.2, random: () => 0.5 })).toBe(2000)
  })
})

describe('LiveConnection', () => {
  it('deliversParsedMessages_andIgnoresOthers', () => {
    const h = harness()
    h.conn.start()
    h.last().open()
    h.last().send({ type: 'log', output: 'hi', time: 't', task_id: 3, project_id: 1 })
    h.last().send('not json')
    h.last().send({ type: 'other', task_id: 3 })
    expect(h.events).toEqual([
      { type: 'open', reconnect: false },
      { type: 'log', output: 'hi', time: 't', task_id: 3, project_id: 1 },
    ])
  })

  it('reconnectsAfter2s_whenTheServerCloses_andSaysItIsAReconnect', () => {
    const h = harness()
    h.conn.start()
    h.last().open()
    h.last().drop(1013) // "too slow"
    expect(h.events.at(-1)).toEqual({ type: 'close', code: 1013 })
    expect(h.conn.state).toBe('waiting')
    vi.advanceTimersByTime(1999)
    expect(h.sockets).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(h.sockets).toHaveLength(2)
    h.last().open()
    expect(h.events.at(-1)).toEqual({ type: 'open', reconnect: true })
    expect(h.conn.state).toBe('open')
  })

  it('backsOff_whileTheServerStaysAway_thenResetsAfterSuccess', () => {
    const h = harness()
    h.conn.start()
    const times: number[] = []
    let t = 0
    // five failed attempts in a row
    for (let i = 0; i < 5; i++) {
      h.last().drop()
      const before = h.sockets.length
      let waited = 0
      while (h.sockets.length === before) {
        vi.advanceTimersByTime(500)
        waited += 500
      }
      t += waited
      times.push(waited)
    }
    expect(times).toEqual([2000, 4000, 8000, 16000, 30000])
    expect(h.conn.failures).toBe(5)
    // success resets: the next drop waits 2 s again
    h.last().open()
    expect(h.conn.failures).toBe(0)
    h.last().drop()
    vi.advanceTimersByTime(2000)
    expect(h.sockets).toHaveLength(7)
    expect(t).toBe(60000)
  })

  it('closeBeforeOpen_isNotReportedAsClose', () => {
    const h = harness()
    h.conn.start()
    h.last().drop()
    expect(h.events.filter((e) => e.type === 'close')).toHaveLength(0)
  })

  it('stop_cancelsThePendingRetry_andClosesTheSocket', () => {
    const h = harness()
    h.conn.start()
    h.last().open()
    const first = h.last()
    h.conn.stop()
    expect(first.closed).toBe(true)
    expect(h.conn.state).toBe('idle')
    h.conn.start()
    h.last().drop()
    h.conn.stop()
    vi.advanceTimersByTime(60_000)
    expect(h.sockets).toHaveLength(2)
  })

  it('messagesOfAnOldSocket_afterStop_areIgnored', () => {
    const h = harness()
    h.conn.start()
    const old = h.last()
    old.open()
    h.conn.stop()
    h.conn.start()
    const before = h.events.length
    // the old socket's handlers were detached
    expect(old.onmessage).toBeNull()
    expect(h.events.length).toBe(before)
  })

  it('unauthorizedClose_stopsRetrying', () => {
    const h = harness()
    h.conn.start()
    h.last().open()
    h.last().drop(4401)
    vi.advanceTimersByTime(120_000)
    expect(h.sockets).toHaveLength(1)
    expect(h.conn.state).toBe('idle')
  })

  it('retryNow_skipsTheWait', () => {
    const h = harness()
    h.conn.start()
    h.last().drop()
    h.conn.retryNow()
    expect(h.sockets).toHaveLength(2)
    vi.advanceTimersByTime(10_000)
    expect(h.sockets).toHaveLength(2)
  })

  it('createThrowing_isRetriedLater', () => {
    let fail = true
    const sockets: FakeSocket[] = []
    const conn = new LiveConnection({
      url: () => 'ws://x',
      create: (url) => {
        if (fail) throw new Error('blocked')
        const s = new FakeSocket(url)
        sockets.push(s)
        return s
      },
      onEvent: () => {},
    })
    conn.start()
    expect(conn.state).toBe('waiting')
    fail = false
    vi.advanceTimersByTime(2000)
    expect(sockets).toHaveLength(1)
  })
})

describe('parseMessage', () => {
  it('acceptsLogAndUpdate', () => {
    expect(parseMessage('{"type":"update","task_id":1,"status":"running"}')?.type).toBe('update')
    expect(parseMessage('{"type":"log","task_id":1}')?.type).toBe('log')
    expect(parseMessage('{"type":"log"}')).toBeNull()
    expect(parseMessage(new ArrayBuffer(2))).toBeNull()
    expect(parseMessage('{"type":"logs","task_id":1,"project_id":2,"lines":[]}')?.type).toBe('logs')
    expect(parseMessage('{"type":"logs","task_id":1}')).toBeNull()
  })

  it('aBatchOfLines_isHandedOnAsOneLogEventPerLine_inOrder', () => {
    const { conn, last, events } = harness()
    conn.start()
    last().open()
    last().send(
      JSON.stringify({
        type: 'logs',
        task_id: 5,
        project_id: 2,
        lines: [
          { line: 7, time: '2026-12-03T10:00:00Z', output: 'a' },
          { line: 90, time: '2026-12-03T10:00:01Z', output: 'b' },
        ],
      }),
    )
    const logs = events.filter((e) => e.type === 'log')
    expect(logs).toEqual([
      { type: 'log', output: 'a', time: '2026-12-03T10:00:00Z', line: 7, task_id: 5, project_id: 2 },
      { type: 'log', output: 'b', time: '2026-12-03T10:00:01Z', line: 90, task_id: 5, project_id: 2 },
    ])
  })
})

describe('live store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })

  it('oneConnection_fansOutToListeners_untilUnsubscribed', () => {
    const sockets: FakeSocket[] = []
    const store = useLiveStore()
    const create = (url: string) => {
      const s = new FakeSocket(url)
      sockets.push(s)
      return s
    }
    store.start({ url: () => 'ws://x/api/ws', create, jitter: 0 })
    store.start({ url: () => 'ws://x/api/ws', create, jitter: 0 })
    expect(sockets).toHaveLength(1)
    const a: LiveEvent[] = []
    const b: LiveEvent[] = []
    const offA = store.listen((e) => a.push(e))
    store.listen((e) => b.push(e))
    sockets[0].open()
    expect(store.state).toBe('open')
    sockets[0].send({ type: 'update', task_id: 9, status: 'success', project_id: 1 })
    offA()
    sockets[0].send({ type: 'update', task_id: 10, status: 'error', project_id: 1 })
    expect(a).toHaveLength(2)
    expect(b).toHaveLength(3)
  })

  it('aThrowingListener_doesNotStopTheOthers', () => {
    const sockets: FakeSocket[] = []
    const store = useLiveStore()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    store.start({ url: () => 'ws://x', create: (u) => (sockets.push(new FakeSocket(u)), sockets[sockets.length - 1]) })
    const got: LiveEvent[] = []
    store.listen(() => {
      throw new Error('broken')
    })
    store.listen((e) => got.push(e))
    sockets[0].open()
    expect(got).toHaveLength(1)
    expect(warn).toHaveBeenCalled()
  })

  it('reportsWaiting_withRetryTime_andReconnects', () => {
    const sockets: FakeSocket[] = []
    const store = useLiveStore()
    store.start({ url: () => 'ws://x', create: (u) => (sockets.push(new FakeSocket(u)), sockets[sockets.length - 1]), jitter: 0 })
    const events: LiveEvent[] = []
    store.listen((e) => events.push(e))
    sockets[0].open()
    sockets[0].drop(1013)
    expect(store.state).toBe('waiting')
    expect(store.retryAt).toBe(Date.now() + 2000)
    vi.advanceTimersByTime(2000)
    sockets[1].open()
    expect(store.state).toBe('open')
    expect(store.retryAt).toBeNull()
    expect(events.map((e) => e.type)).toEqual(['open', 'close', 'open'])
    store.stop()
    expect(store.state).toBe('idle')
  })
})

describe('log filtering', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })

  it('logTaskId_readsTheIdFromTheEnd_withoutParsing', async () => {
    const { logTaskId } = await import('@/api/live')
    const frame = JSON.stringify({ type: 'log', output: 'x "task_id":99,"project_id":1}', time: 't', task_id: 7, project_id: 1 })
    expect(logTaskId(frame)).toBe(7)
    expect(logTaskId('{"type":"update","task_id":7}')).toBeNull()
    expect(logTaskId('{"type":"log","task_id":7,"output":"x"}')).toBeNull()
  })

  it('onlyWatchedTasks_logLinesAreDelivered_updatesAlways', () => {
    const sockets: FakeSocket[] = []
    const store = useLiveStore()
    store.start({ url: () => 'ws://x', create: (u) => (sockets.push(new FakeSocket(u)), sockets[sockets.length - 1]) })
    const got: LiveEvent[] = []
    store.listen((e) => got.push(e))
    sockets[0].open()
    const log = (taskId: number) => ({ type: 'log', output: 'line', time: 't', task_id: taskId, project_id: 1 })
    sockets[0].send(log(5))
    const unwatch = store.watchLogs(5)
    const unwatchAgain = store.watchLogs(5)
    sockets[0].send(log(5))
    sockets[0].send(log(6))
    sockets[0].send({ type: 'update', task_id: 6, status: 'running', project_id: 1 })
    unwatch()
    unwatch() // twice is harmless
    sockets[0].send(log(5)) // still watched once
    unwatchAgain()
    sockets[0].send(log(5))
    expect(got.map((e) => `${e.type}${'task_id' in e ? e.task_id : ''}`)).toEqual(['open', 'log5', 'update6', 'log5'])
  })
})
