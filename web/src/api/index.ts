/**
 * Typed functions for the public `/api` endpoints the UI uses, grouped by area. Every function throws
 * {@link ApiError} on failure (see client.ts).
 */
import { http } from './client'
import type {
  AccessKey,
  AccessKeyRequest,
  ApiToken,
  ApiTokenRequest,
  UserSession,
  CurrentUser,
  Environment,
  EnvironmentRequest,
  Event,
  Id,
  Info,
  Inventory,
  InventoryRequest,
  LoginMethods,
  LoginRequest,
  Project,
  ProjectMember,
  ProjectRequest,
  ProjectRole,
  ProjectRoleName,
  Repository,
  RepositoryRequest,
  Schedule,
  SchedulePreview,
  ScheduleRequest,
  Task,
  TaskRequest,
  TaskOutput,
  TaskHistoryQuery,
  TaskWithTemplate,
  TemplateRunStats,
  Template,
  TemplateRequest,
  User,
  UserRequest,
  UserSummary,
  UserTotp,
  View,
  ViewRequest,
} from './types'

export { ApiError, errorMessage, onUnauthorized } from './client'
export * from './types'

export const authApi = {
  methods: () => http.get<LoginMethods>('/auth/login', { noAuthRedirect: true }),
  login: (body: LoginRequest) => http.post('/auth/login', body, { noAuthRedirect: true }),
  logout: () => http.post('/auth/logout', undefined, { noAuthRedirect: true }),
  /** The TOTP code a fresh sign-in still owes. */
  verify: (passcode: string) => http.post('/auth/verify', { passcode }, { noAuthRedirect: true }),
  /** The recovery code instead (it also removes the TOTP). */
  recovery: (recoveryCode: string) =>
    http.post('/auth/recovery', { recovery_code: recoveryCode }, { noAuthRedirect: true }),
  /** Where the browser goes to sign in with an OIDC provider. */
  oidcLoginUrl: (providerId: string, redirect?: string) =>
    `/api/auth/oidc/${encodeURIComponent(providerId)}/login` +
    (redirect ? `?redirect=${encodeURIComponent(redirect)}` : ''),
}

export const totpApi = {
  enable: (userId: Id) => http.post<UserTotp>(`/users/${userId}/2fas/totp`),
  disable: (userId: Id, totpId: Id) => http.delete(`/users/${userId}/2fas/totp/${totpId}`),
}

export const userApi = {
  /** The signed-in user; a 401 here only means "not signed in", so it does not redirect. */
  current: () => http.get<CurrentUser>('/user', { noAuthRedirect: true }),
  tokens: () => http.get<ApiToken[]>('/user/tokens'),
  createToken: (body?: ApiTokenRequest) => http.post<ApiToken>('/user/tokens', body),
  deleteToken: (id: string) => http.delete(`/user/tokens/${encodeURIComponent(id)}`),
  sessions: () => http.get<UserSession[]>('/user/sessions'),
  endSession: (id: Id) => http.delete(`/user/sessions/${id}`),
}

export const usersApi = {
  /** Admins get full users; everybody else gets `{id, username, name}`. */
  list: () => http.get<(User | UserSummary)[]>('/users'),
  get: (id: Id) => http.get<User>(`/users/${id}`),
  create: (body: UserRequest) => http.post<User>('/users', body),
  update: (id: Id, body: UserRequest) => http.put(`/users/${id}`, body),
  remove: (id: Id) => http.delete(`/users/${id}`),
  setPassword: (id: Id, password: string) => http.post(`/users/${id}/password`, { password }),
}

export const infoApi = {
  info: () => http.get<Info>('/info'),
}

export const projectsApi = {
  list: () => http.get<Project[]>('/projects'),
  create: (body: ProjectRequest) => http.post<Project>('/projects', body),
  /** A new project from a backup (ours or Semaphore's); answers the new project. */
  restore: (backup: unknown) => http.post<Project>('/projects/restore', backup),
}

const p = (projectId: Id) => `/project/${projectId}`

/** A project's resource collection at `/api/project/{id}/<name>` with the usual list/get/create/update/delete. */
function resource<T extends { id: Id }, R>(name: string) {
  return {
    list: (projectId: Id, query?: { sort?: string; order?: 'asc' | 'desc' }) =>
      http.get<T[]>(`${p(projectId)}/${name}`, { query }),
    get: (projectId: Id, id: Id) => http.get<T>(`${p(projectId)}/${name}/${id}`),
    /** Some create endpoints answer 201 with the object, others 204 with nothing. */
    create: (projectId: Id, body: R) => http.post<T | undefined>(`${p(projectId)}/${name}`, body),
    update: (projectId: Id, id: Id, body: R) => http.put(`${p(projectId)}/${name}/${id}`, { ...body, id }),
    remove: (projectId: Id, id: Id) => http.delete(`${p(projectId)}/${name}/${id}`),
  }
}

export const projectApi = {
  get: (projectId: Id) => http.get<Project>(p(projectId)),
  update: (projectId: Id, body: ProjectRequest) => http.put(p(projectId), { ...body, id: projectId }),
  remove: (projectId: Id) => http.delete(p(projectId)),
  leave: (projectId: Id) => http.delete(`${p(projectId)}/me`),
  role: (projectId: Id) => http.get<ProjectRole>(`${p(projectId)}/role`),
  events: (projectId: Id) => http.get<Event[]>(`${p(projectId)}/events`),
  lastEvents: (projectId: Id) => http.get<Event[]>(`${p(projectId)}/events/last`),
  /** The project as a backup document (no secrets), for `projectsApi.restore`. */
  backup: (projectId: Id) => http.get<Record<string, unknown>>(`${p(projectId)}/backup`),
}

export const teamApi = {
  list: (projectId: Id) => http.get<ProjectMember[]>(`${p(projectId)}/users`),
  add: (projectId: Id, userId: Id, role: ProjectRoleName) =>
    http.post(`${p(projectId)}/users`, { user_id: userId, role }),
  setRole: (projectId: Id, userId: Id, role: ProjectRoleName) =>
    http.put(`${p(projectId)}/users/${userId}`, { role }),
  remove: (projectId: Id, userId: Id) => http.delete(`${p(projectId)}/users/${userId}`),
}

export const keysApi = resource<AccessKey, AccessKeyRequest>('keys')
export const repositoriesApi = resource<Repository, RepositoryRequest>('repositories')
export const inventoryApi = resource<Inventory, InventoryRequest>('inventory')
export const environmentApi = resource<Environment, EnvironmentRequest>('environment')
export const templatesApi = resource<Template, TemplateRequest>('templates')

export const tasksApi = {
  list: (projectId: Id) => http.get<TaskWithTemplate[]>(`${p(projectId)}/tasks`),
  /** The newest tasks (the server caps `limit` at 200). */
  last: (projectId: Id, limit = 200) =>
    http.get<TaskWithTemplate[]>(`${p(projectId)}/tasks/last`, { query: { limit } }),
  get: (projectId: Id, id: Id) => http.get<TaskWithTemplate>(`${p(projectId)}/tasks/${id}`),
  run: (projectId: Id, body: TaskRequest) => http.post<Task>(`${p(projectId)}/tasks`, body),
  stop: (projectId: Id, id: Id, force = false) => http.post(`${p(projectId)}/tasks/${id}/stop`, { force }),
  confirm: (projectId: Id, id: Id) => http.post(`${p(projectId)}/tasks/${id}/confirm`),
  reject: (projectId: Id, id: Id) => http.post(`${p(projectId)}/tasks/${id}/reject`),
  /** Global admins only. */
  remove: (projectId: Id, id: Id) => http.delete(`${p(projectId)}/tasks/${id}`),
  /** Lines offset+1 … offset+limit of the output, in order (without offset/limit: the whole log). */
  output: (projectId: Id, id: Id, offset?: number, limit?: number, signal?: AbortSignal) =>
    http.get<TaskOutput[]>(`${p(projectId)}/tasks/${id}/output`, { query: { offset, limit }, signal }),
  /** Where the browser downloads the whole log as text; ours: with each line's time, without ANSI codes. */
  rawOutputUrl: (projectId: Id, id: Id, options: { timestamps?: 'wall' | 'relative'; ansi?: boolean } = {}) => {
    const q = new URLSearchParams()
    if (options.timestamps) q.set('timestamps', options.timestamps)
    if (options.ansi === false) q.set('ansi', 'false')
    const query = q.toString()
    return `/api${p(projectId)}/tasks/${id}/raw_output${query ? `?${query}` : ''}`
  },
  /** Ours: how many lines of the whole output contain `q`, and the numbers of matches offset+1 … offset+limit. */
  searchOutput: (projectId: Id, id: Id, q: string, offset = 0, limit = 1000) =>
    http.get<OutputSearch>(`${p(projectId)}/tasks/${id}/output/search`, { query: { q, offset, limit } }),
  ofTemplate: (projectId: Id, templateId: Id) =>
    http.get<TaskWithTemplate[]>(`${p(projectId)}/templates/${templateId}/tasks`),
  lastOfTemplate: (projectId: Id, templateId: Id, limit = 200) =>
    http.get<TaskWithTemplate[]>(`${p(projectId)}/templates/${templateId}/tasks/last`, { query: { limit } }),
  /** Ours: one page of the project's history that passes the filters, and how many pass in all. */
  history: async (projectId: Id, query: TaskHistoryQuery) => {
    let total: number | null = null
    const items = await http.get<TaskWithTemplate[]>(`${p(projectId)}/tasks`, {
      query: { ...query },
      onHeaders: (h) => {
        const n = Number(h.get('X-Total-Count'))
        total = h.has('X-Total-Count') && Number.isFinite(n) ? n : null
      },
    })
    return { items, total: total ?? items.length }
  },
  /** Ours: a template's run count, success rate and the durations of its last runs. */
  runStats: (projectId: Id, templateId: Id) =>
    http.get<TemplateRunStats>(`${p(projectId)}/templates/${templateId}/run_stats`),
  /** Ours: stops every waiting task of the project, or of one template; answers how many. */
  stopWaiting: (projectId: Id, templateId?: Id) =>
    http.post<{ stopped: number }>(
      templateId ? `${p(projectId)}/templates/${templateId}/tasks/stop_waiting` : `${p(projectId)}/tasks/stop_waiting`,
    ),
}

export const schedulesApi = {
  list: (projectId: Id) => http.get<Schedule[]>(`${p(projectId)}/schedules`),
  ofTemplate: (projectId: Id, templateId: Id) => http.get<Schedule[]>(`${p(projectId)}/templates/${templateId}/schedules`),
  get: (projectId: Id, id: Id) => http.get<Schedule>(`${p(projectId)}/schedules/${id}`),
  create: (projectId: Id, body: ScheduleRequest) => http.post<Schedule>(`${p(projectId)}/schedules`, body),
  update: (projectId: Id, id: Id, body: ScheduleRequest) => http.put(`${p(projectId)}/schedules/${id}`, { ...body, id }),
  setActive: (projectId: Id, id: Id, active: boolean) => http.put(`${p(projectId)}/schedules/${id}/active`, { active }),
  remove: (projectId: Id, id: Id) => http.delete(`${p(projectId)}/schedules/${id}`),
  /** Semaphore's check: resolves when valid, throws the server's reason when not. */
  validate: (projectId: Id, cronFormat: string) => http.post(`${p(projectId)}/schedules/validate`, { cron_format: cronFormat }),
  /** Ours: the expression in words and its next due times in the server's schedule zone. */
  preview: (projectId: Id, cronFormat: string) =>
    http.post<SchedulePreview>(`${p(projectId)}/schedules/preview`, { cron_format: cronFormat }),
}

export const viewsApi = {
  list: (projectId: Id) => http.get<View[]>(`${p(projectId)}/views`),
  create: (projectId: Id, body: ViewRequest) => http.post<View>(`${p(projectId)}/views`, body),
  update: (projectId: Id, id: Id, body: ViewRequest) => http.put(`${p(projectId)}/views/${id}`, body),
  remove: (projectId: Id, id: Id) => http.delete(`${p(projectId)}/views/${id}`),
  /** `{"<viewId>": position, …}` */
  setPositions: (projectId: Id, positions: Record<string, number>) =>
    http.post(`${p(projectId)}/views/positions`, positions),
}

/** The answer of `GET …/tasks/{id}/output/search` (our route). */
export interface OutputSearch {
  query: string
  total: number
  offset: number
  limit: number
  /** 1-based line numbers of the matches asked for, in order. */
  lines: number[]
  lines_searched: number
}
