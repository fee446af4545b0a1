/**
 * The one HTTP client of the UI. Every call goes to the public `/api` with the browser's session cookie,
 * sends and reads JSON, and turns any failure into an {@link ApiError} carrying the HTTP status and the
 * server's `{"error": "..."}` message. A 401 on an authenticated call means the session is gone: the
 * registered handler (the router's sign-in redirect) is called before the error is thrown.
 */

export type Query = Record<string, string | number | boolean | undefined | null>

export interface RequestOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
  /** Do not call the unauthorized handler on 401 (sign-in itself, the "who am I" probe). */
  noAuthRedirect?: boolean
  /** Sees a successful response's headers (e.g. a total count beside a page). */
  onHeaders?: (headers: Headers) => void
}

/** A refused or failed API call. `status` is 0 when the server could not be reached at all. */
export class ApiError extends Error {
  readonly status: number
  /** The parsed response body, when there was one (e.g. `{"error": "...", "inUse": true}`). */
  readonly body: unknown

  constructor(status: number, message: string, body?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.body = body
  }

  get unauthorized(): boolean {
    return this.status === 401
  }

  get forbidden(): boolean {
    return this.status === 403
  }

  get notFound(): boolean {
    return this.status === 404
  }
}

/** What to show when the server gave no message of its own. */
export function defaultMessage(status: number): string {
  switch (status) {
    case 0:
      return 'Cannot reach the server. Check your connection and try again.'
    case 400:
      return 'The server refused the request.'
    case 401:
      return 'You are not signed in, or your session has expired.'
    case 403:
      return 'You do not have permission to do this.'
    case 404:
      return 'Not found.'
    case 409:
      return 'This conflicts with existing data.'
    case 429:
      return 'Too many attempts. Wait a moment and try again.'
    default:
      return status >= 500 ? `The server failed (HTTP ${status}). Try again later.` : `Request failed (HTTP ${status}).`
  }
}

/** The message to show a person for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof Error) return e.message
  return String(e)
}

let unauthorizedHandler: (() => void) | null = null

/** Registers what happens when an authenticated call gets a 401 (normally: go to the sign-in page). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler
}

export const API_BASE = '/api'

export function buildUrl(path: string, query?: Query): string {
  const url = API_BASE + (path.startsWith('/') ? path : '/' + path)
  if (!query) return url
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${url}?${qs}` : url
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined
  const text = await res.text()
  if (!text) return undefined
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('json') || /^[[{"]/.test(text.trim())) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

function messageFrom(body: unknown): string | undefined {
  if (body && typeof body === 'object') {
    // Semaphore's {"error": "..."}; Javalin's own error pages use {"title": "...", "status": n}
    for (const field of ['error', 'message', 'title'] as const) {
      const value = (body as Record<string, unknown>)[field]
      if (typeof value === 'string' && value.trim()) return value
    }
  }
  if (typeof body === 'string' && body.trim() && body.length < 300 && !body.trimStart().startsWith('<')) {
    return body.trim()
  }
  return undefined
}

export async function request<T = void>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: string | undefined
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  let res: Response
  try {
    res = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, defaultMessage(0))
  }
  const data = await readBody(res)
  if (!res.ok) {
    const error = new ApiError(res.status, messageFrom(data) ?? defaultMessage(res.status), data)
    if (res.status === 401 && !options.noAuthRedirect && unauthorizedHandler) {
      unauthorizedHandler()
    }
    throw error
  }
  options.onHeaders?.(res.headers)
  return data as T
}

export const http = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T = void>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body }),
  put: <T = void>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
}
