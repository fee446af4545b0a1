import { vi } from 'vitest'

export interface Call {
  url: string
  method: string
  body: unknown
  init: RequestInit
}

type Reply = { status?: number; body?: unknown; text?: string } | Error

/**
 * Replaces global fetch with a router of canned replies keyed by "METHOD /path" (query ignored) and
 * records every call.
 */
export function mockFetch(routes: Record<string, Reply | ((call: Call) => Reply)>) {
  const calls: Call[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input)
    const method = (init.method ?? 'GET').toUpperCase()
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined
    const call = { url, method, body, init }
    calls.push(call)
    const key = `${method} ${url.split('?')[0]}`
    const route = routes[key]
    if (!route) return new Response(JSON.stringify({ error: `no mock for ${key}` }), { status: 404 })
    const reply = typeof route === 'function' ? route(call) : route
    if (reply instanceof Error) throw reply
    const status = reply.status ?? 200
    if (status === 204) return new Response(null, { status })
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body))
    return new Response(text, {
      status,
      headers: reply.text === undefined && text ? { 'Content-Type': 'application/json' } : {},
    })
  })
  vi.stubGlobal('fetch', fn)
  return { calls, fn }
}

/** A Map-backed localStorage for Node. */
export function memoryStorage(): Storage {
  const data = new Map<string, string>()
  return {
    get length() {
      return data.size
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, String(v)),
  }
}
