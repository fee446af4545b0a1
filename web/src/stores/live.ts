import { defineStore } from 'pinia'
import { ref } from 'vue'
import { LiveConnection, liveUrl, logTaskId, type LiveEvent, type LiveOptions, type LiveState, type SocketLike } from '@/api/live'

export type LiveListener = (event: LiveEvent) => void

/** Test seams: another socket factory, timers or delays. */
export type LiveOverrides = Partial<Omit<LiveOptions, 'onEvent' | 'onState'>>

/**
 * The app's one live connection (`/api/ws`): started by the signed-in layout, stopped on sign-out. Pages
 * `listen()` for task log lines and status updates, and reload what they show on `{type: 'open', reconnect: true}`.
 */
export const useLiveStore = defineStore('live', () => {
  const state = ref<LiveState>('idle')
  /** When the next attempt is due (epoch ms), while waiting to reconnect. */
  const retryAt = ref<number | null>(null)
  const listeners = new Set<LiveListener>()
  /** Tasks whose log lines someone shows (id → number of viewers); other log frames are dropped unparsed. */
  const watchedLogs = new Map<number, number>()
  let connection: LiveConnection | null = null

  function accept(raw: string): boolean {
    const taskId = logTaskId(raw)
    return taskId === null || watchedLogs.has(taskId)
  }

  /** Tells the server which task logs to send, in batches (all status updates come regardless). */
  function sendLogFilter(): void {
    connection?.send(JSON.stringify({ type: 'logs', task_ids: [...watchedLogs.keys()], batch: true }))
  }

  function dispatch(event: LiveEvent): void {
    if (event.type === 'open') sendLogFilter()
    for (const l of [...listeners]) {
      try {
        l(event)
      } catch (e) {
        // one broken listener must not starve the others
        console.warn('live listener failed', e)
      }
    }
  }

  function start(overrides: LiveOverrides = {}): void {
    if (connection) return
    connection = new LiveConnection({
      url: liveUrl,
      create: (url) => new WebSocket(url) as unknown as SocketLike,
      jitter: 0.2,
      ...overrides,
      accept,
      onEvent: dispatch,
      onState: (s, retryInMs) => {
        state.value = s
        retryAt.value = s === 'waiting' && retryInMs !== undefined ? Date.now() + retryInMs : null
      },
    })
    connection.start()
  }

  function stop(): void {
    connection?.stop()
    connection = null
    state.value = 'idle'
    retryAt.value = null
  }

  function retryNow(): void {
    connection?.retryNow()
  }

  /** Asks for the log lines of a task (until the returned function is called); others are not delivered. */
  function watchLogs(taskId: number): () => void {
    watchedLogs.set(taskId, (watchedLogs.get(taskId) ?? 0) + 1)
    sendLogFilter()
    let done = false
    return () => {
      if (done) return
      done = true
      const n = (watchedLogs.get(taskId) ?? 1) - 1
      if (n > 0) watchedLogs.set(taskId, n)
      else {
        watchedLogs.delete(taskId)
        sendLogFilter()
      }
    }
  }

  /** Calls `listener` for every live event (log lines only of watched tasks) until the returned function is called. */
  function listen(listener: LiveListener): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  return { state, retryAt, start, stop, retryNow, listen, watchLogs, dispatch }
})
