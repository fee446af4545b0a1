/**
 * Remote runners: the administrators' global runners (`/api/runners`) and a project's own
 * (`/api/project/{id}/runners`), with Semaphore's field names plus ours (`online`, `running_tasks`).
 */
import { http } from './client'
import type { Id } from './types'

export interface Runner {
  id: Id
  /** null: a global runner (any project's tasks). */
  project_id: Id | null
  name: string
  webhook: string
  /** 0: no limit. */
  max_parallel_tasks: number
  active: boolean
  /** Only templates asking for this tag (or none) get this runner; "" takes templates without a tag. */
  tag: string
  /** When the runner last reached the server; null: never. */
  touched: string | null
  /** Ours: the server heard from it in the last 30 seconds. */
  online: boolean
  /** Ours: tasks it runs now. */
  running_tasks: number
}

/** The answer of a create: the runner with its token, given this once only. */
export interface NewRunner extends Runner {
  token: string
}

export interface RunnerRequest {
  name: string
  webhook: string
  max_parallel_tasks: number
  tag: string
  active: boolean
}

/** The runners of one project, or the global ones (no project). */
export function runnersApi(projectId?: Id | null) {
  const base = projectId ? `/project/${projectId}/runners` : '/runners'
  return {
    list: () => http.get<Runner[]>(base),
    get: (id: Id) => http.get<Runner>(`${base}/${id}`),
    create: (body: RunnerRequest) => http.post<NewRunner>(base, body),
    update: (id: Id, body: RunnerRequest) => http.put(`${base}/${id}`, { ...body, id }),
    setActive: (id: Id, active: boolean) => http.post(`${base}/${id}/active`, { active }),
    remove: (id: Id) => http.delete(`${base}/${id}`),
  }
}

/** The address runners reach the server at: the configured `web_host`, else this page's origin. */
export function serverUrl(webHost: string | null | undefined): string {
  const configured = (webHost ?? '').trim().replace(/\/+$/, '')
  return configured || window.location.origin
}

/** Quotes a value for a POSIX shell (single quotes, an embedded one closed and reopened). */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'"'"'`)}'`
}

/** The runner's configuration file for a new runner: where the server is and the runner's token. */
export function runnerConfigFile(url: string, token: string): string {
  return JSON.stringify({ web_host: url, runner: { token } }, null, 2)
}

/** Starting the runner with its configuration file. */
export function runnerStartCommand(configPath = './config.runner.json'): string {
  return `semaphore runner start --config ${shellQuote(configPath)}`
}

/** Starting the runner from environment variables only (as in a container). */
export function runnerEnvCommand(url: string, token: string): string {
  return [
    `SEMAPHORE_WEB_ROOT=${shellQuote(url)}`,
    `SEMAPHORE_RUNNER_TOKEN=${shellQuote(token)}`,
    'semaphore runner start --no-config',
  ].join(' \\\n')
}

/**
 * The other way in: a runner that registers itself with the server's `runner_registration_token` (not this
 * runner's token) and keeps the token it gets in `runner.token_file`.
 */
export function runnerRegisterCommand(url: string): string {
  return [
    `SEMAPHORE_WEB_ROOT=${shellQuote(url)}`,
    'SEMAPHORE_RUNNER_TOKEN_FILE=./runner.token',
    "semaphore runner register --no-config --stdin-registration-token <<< '<runner_registration_token>'",
  ].join(' \\\n')
}

/** "online", "offline" or "never seen", as the list shows it. */
export function runnerState(r: Pick<Runner, 'online' | 'touched'>): 'online' | 'offline' | 'never seen' {
  if (r.online) return 'online'
  return r.touched ? 'offline' : 'never seen'
}
