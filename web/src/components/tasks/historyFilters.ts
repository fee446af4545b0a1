import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { Id, TaskHistoryQuery, TaskStatus } from '@/api'

/**
 * The history page's filters, as they live in the page's URL (`?status=error,stopped&template=3&user=2&from=
 * 2024-05-01&to=2024-05-31&page=2`) so that a link shares them and a reload keeps them. Dates are the person's
 * local days; the server gets the instants where those days begin and end.
 */
export interface HistoryFilters {
  statuses: TaskStatus[]
  templateId: Id | null
  userId: Id | null
  /** YYYY-MM-DD, local days, both included. */
  from: string | null
  to: string | null
  /** 1-based. */
  page: number
}

export const PAGE_SIZE = 50

const STATUSES: readonly TaskStatus[] = [
  'waiting',
  'starting',
  'waiting_confirmation',
  'confirmed',
  'rejected',
  'running',
  'stopping',
  'stopped',
  'success',
  'error',
]
const DAY = /^\d{4}-\d{2}-\d{2}$/

function one(v: LocationQuery[string]): string {
  const x = Array.isArray(v) ? v[0] : v
  return typeof x === 'string' ? x : ''
}

function id(v: LocationQuery[string]): Id | null {
  const n = Number(one(v))
  return Number.isInteger(n) && n > 0 ? n : null
}

function day(v: LocationQuery[string]): string | null {
  const s = one(v)
  return DAY.test(s) && !Number.isNaN(localDay(s).getTime()) ? s : null
}

/** Whether a task with this status is one the filters' statuses choose (no status chosen: every task). */
export function statusMatches(f: HistoryFilters, status: TaskStatus): boolean {
  return f.statuses.length === 0 || f.statuses.includes(status)
}

/** The filters a URL holds; anything unreadable is left out (no filter) rather than refused. */
export function filtersFromQuery(q: LocationQuery): HistoryFilters {
  const statuses = one(q.status)
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is TaskStatus => (STATUSES as readonly string[]).includes(s))
  const page = Number(one(q.page))
  return {
    statuses: [...new Set(statuses)],
    templateId: id(q.template),
    userId: id(q.user),
    from: day(q.from),
    to: day(q.to),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  }
}

/** The URL query of the filters; the other query parameters of the page are kept. */
export function queryFromFilters(f: HistoryFilters, other: LocationQuery = {}): LocationQueryRaw {
  const q: LocationQueryRaw = { ...other }
  for (const k of ['status', 'template', 'user', 'from', 'to', 'page']) delete q[k]
  if (f.statuses.length) q.status = f.statuses.join(',')
  if (f.templateId) q.template = String(f.templateId)
  if (f.userId) q.user = String(f.userId)
  if (f.from) q.from = f.from
  if (f.to) q.to = f.to
  if (f.page > 1) q.page = String(f.page)
  return q
}

/** Midnight of a local day given as YYYY-MM-DD. */
function localDay(s: string, plusDays = 0): Date {
  const [y, m, d] = s.split('-').map(Number)
  return new Date(y, m - 1, d + plusDays)
}

/** What the server is asked: the local days become instants (`to` is the start of the next day, excluded). */
export function apiQuery(f: HistoryFilters, pageSize = PAGE_SIZE): TaskHistoryQuery {
  const q: TaskHistoryQuery = { offset: (f.page - 1) * pageSize, limit: pageSize }
  if (f.statuses.length) q.status = f.statuses.join(',')
  if (f.templateId) q.template_id = f.templateId
  if (f.userId) q.user_id = f.userId
  if (f.from) q.from = localDay(f.from).toISOString()
  if (f.to) q.to = localDay(f.to, 1).toISOString()
  return q
}

export function hasFilters(f: HistoryFilters): boolean {
  return !!(f.statuses.length || f.templateId || f.userId || f.from || f.to)
}
