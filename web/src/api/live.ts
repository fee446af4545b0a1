/**
 * The one WebSocket to `/api/ws` (signed in by the session cookie) and its reconnecting. The server sends
 * Semaphore's messages: `{"type":"log",…}` per output line and `{"type":"update",…}` per status change; we ask ours
 * for lines in batches (`{"type":"logs","lines":[…]}`), which are handed on as one `log` event per line. Our server
 * never closes a slow connection (it skips it ahead to the newest lines); when a connection ends otherwise the
 * client reconnects (after 2 s, then backing off up to 30 s while the server stays away) and whoever listens
 * reloads what it shows.
 *
 * Plain TypeScript with the socket and timers injected, so the reconnect logic is tested without a browser;
 * stores/live.ts makes it the app-wide Pinia store.
 */
import type { TaskStatus } from './types'

export interface LiveLogMessage {
  type: 'log'
  output: string
  time: string
  /** Our server's number of the line in the stored output (1-based); absent from Semaphore's. */
  line?: number
  task_id: number
  project_id: number
}

export interface LiveUpdateMessage {
  type: 'update'
  start: string | null
  end: string | null
  status: TaskStatus
  task_id: number
  template_id: number
  project_id: number
  version: string | null
  /** Our server's extra fields once the repository is checked out (absent from Semaphore's). */
  commit_hash?: string
  commit_message?: string
  /** Our server's extra fields once output lines could not be stored (absent otherwise). */
  log_incomplete?: boolean
  log_lost_lines?: number
}

/**
 * Our server's batch of one task's lines (asked for with `"batch": true`): their numbers rise; a jump means the
 * socket skipped lines (it fell behind a chatty task), which are in the stored log.
 */
export interface LiveLogBatchMessage {
  type: 'logs'
  task_id: number
  project_id: number
  lines: { line: number; time: string; output: string }[]
}

export type LiveMessage = LiveLogMessage | LiveUpdateMessage

/** What listeners receive: server messages, and the connection opening (again) or closing. */
export type LiveEvent = LiveMessage | { type: 'open'; reconnect: boolean } | { type: 'close'; code: number }

/** The part of the browser WebSocket this uses. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: { code: number; reason?: string }) => void) | null
  onerror: ((ev: unknown) => void) | null
  close(code?: number, reason?: string): void
  send?(data: string): void
}

export type LiveState = 'idle' | 'connecting' | 'open' | 'waiting'

export interface LiveOptions {
  url: () => string
  create: (url: string) => SocketLike
  onEvent: (event: LiveEvent) => void
  /**
   * Cheap test of a raw frame before it is parsed; false drops it. A busy task sends tens of thousands of log
   * lines a second, and parsing those nobody shows would keep the browser (and so the socket) behind.
   */
  accept?: (raw: string) => boolean
  onState?: (state: LiveState, retryInMs?: number) => void
  /** First retry delay (ms); the server's clients wait 2 s. */
  baseDelay?: number
  maxDelay?: number
  factor?: number
  /** ± share of the delay added at random so that browsers do not all come back at once (0 = none). */
  jitter?: number
  random?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

/** Close codes after which reconnecting is pointless: the session is gone (the next API call redirects). */
export const NO_RETRY_CODES: readonly number[] = [4401, 4403]

/** The delay before reconnect attempt `attempt` (0-based): base × factor^attempt, at most max, ± jitter. */
export function backoffDelay(
  attempt: number,
  { baseDelay = 2000, maxDelay = 30_000, factor = 2, jitter = 0, random = Math.random }: Partial<LiveOptions> = {},
): number {
  const raw = Math.min(maxDelay, baseDelay * factor ** Math.max(0, attempt))
  if (!jitter) return raw
  return Math.round(raw * (1 + jitter * (2 * random() - 1)))
}

export class LiveConnection {
  private socket: SocketLike | null = null
  private timer: unknown = null
  private attempt = 0
  private running = false
  private everOpened = false
  private _state: LiveState = 'idle'
  private readonly options: LiveOptions

  constructor(options: LiveOptions) {
    this.options = options
  }

  get state(): LiveState {
    return this._state
  }

  /** Failed attempts since the last successful connection. */
  get failures(): number {
    return this.attempt
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.connect()
  }

  stop(): void {
    this.running = false
    this.clearTimer()
    const s = this.socket
    this.socket = null
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null
      try {
        s.close(1000, 'bye')
      } catch {
        // already closed
      }
    }
    this.attempt = 0
    this.everOpened = false
    this.setState('idle')
  }

  /** Sends a text frame when connected (e.g. which task logs to deliver); dropped otherwise. */
  send(data: string): void {
    if (this._state === 'open' && this.socket?.send) {
      try {
        this.socket.send(data)
      } catch {
        // the close event will follow
      }
    }
  }

  /** Connects now instead of waiting for the timer (e.g. the browser came back online). */
  retryNow(): void {
    if (!this.running || this._state !== 'waiting') return
    this.clearTimer()
    this.connect()
  }

  private connect(): void {
    this.setState('connecting')
    let s: SocketLike
    try {
      s = this.options.create(this.options.url())
    } catch {
      this.scheduleRetry()
      return
    }
    this.socket = s
    s.onopen = () => {
      if (this.socket !== s) return
      const reconnect = this.everOpened
      this.everOpened = true
      this.attempt = 0
      this.setState('open')
      this.options.onEvent({ type: 'open', reconnect })
    }
    s.onmessage = (ev) => {
      if (this.socket !== s) return
      if (this.options.accept && typeof ev.data === 'string' && !this.options.accept(ev.data)) return
      const message = parseMessage(ev.data)
      if (!message) return
      if (message.type === 'logs') {
        for (const l of message.lines) {
          if (this.socket !== s) return
          this.options.onEvent({ type: 'log', output: l.output, time: l.time, line: l.line, task_id: message.task_id, project_id: message.project_id })
        }
      } else {
        this.options.onEvent(message)
      }
    }
    s.onerror = () => {
      // a close event follows; reconnecting happens there
    }
    s.onclose = (ev) => {
      if (this.socket !== s) return
      this.socket = null
      const wasOpen = this._state === 'open'
      if (wasOpen) this.options.onEvent({ type: 'close', code: ev.code })
      if (!this.running) return
      if (NO_RETRY_CODES.includes(ev.code)) {
        this.running = false
        this.setState('idle')
        return
      }
      this.scheduleRetry()
    }
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt, this.options)
    this.attempt++
    this.setState('waiting', delay)
    const set = this.options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms))
    this.timer = set(() => {
      this.timer = null
      if (this.running) this.connect()
    }, delay)
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      const clear = this.options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>))
      clear(this.timer)
      this.timer = null
    }
  }

  private setState(state: LiveState, retryInMs?: number): void {
    this._state = state
    this.options.onState?.(state, retryInMs)
  }
}

/** A server frame as a message, or null when it is not one we know. */
export function parseMessage(data: unknown): LiveMessage | LiveLogBatchMessage | null {
  if (typeof data !== 'string') return null
  let m: unknown
  try {
    m = JSON.parse(data)
  } catch {
    return null
  }
  if (!m || typeof m !== 'object') return null
  const type = (m as { type?: unknown }).type
  if ((type === 'log' || type === 'update') && typeof (m as { task_id?: unknown }).task_id === 'number') {
    return m as LiveMessage
  }
  if (type === 'logs' && typeof (m as { task_id?: unknown }).task_id === 'number' && Array.isArray((m as { lines?: unknown }).lines)) {
    return m as LiveLogBatchMessage
  }
  return null
}

const LOG_PREFIX = '{"type":"log"'
const LOG_TASK = /"task_id":(\d+),"project_id":\d+\}$/

/**
 * The task id of a raw log frame, read from its end without parsing (the server writes `task_id` and
 * `project_id` last); null when the frame is not a log line or is written differently.
 */
export function logTaskId(raw: string): number | null {
  if (!raw.startsWith(LOG_PREFIX)) return null
  const m = LOG_TASK.exec(raw.length > 80 ? raw.slice(-80) : raw)
  return m ? Number(m[1]) : null
}

/** `ws(s)://<this host>/api/ws`. */
export function liveUrl(loc: { protocol: string; host: string } = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/ws`
}
