/** The integration (incoming webhook) and notification routes of a project. */
import { http } from './client'
import type { Id } from './types'

export type AuthMethod = '' | 'github' | 'token' | 'hmac'

export interface Integration {
  id: Id
  name: string
  project_id: Id
  template_id: Id
  auth_method: AuthMethod
  auth_secret_id: Id | null
  auth_header: string
  searchable: boolean
  task_params: Record<string, unknown> | null
}

export type IntegrationRequest = Partial<Omit<Integration, 'id'>>

export interface IntegrationMatcher {
  id?: Id
  integration_id?: Id
  name: string
  match_type: 'header' | 'body'
  method: 'equals' | 'unequals' | 'contains'
  body_data_type: '' | 'json' | 'string'
  key: string
  value: string
}

export interface IntegrationValue {
  id?: Id
  integration_id?: Id
  name: string
  value_source: 'header' | 'body'
  body_data_type: '' | 'json' | 'string'
  key: string
  variable: string
  variable_type: 'environment' | 'task'
}

export interface IntegrationAlias {
  id: Id
  url: string
}

export interface TestResult {
  notifier: string
  sent: boolean
  error: string
}

const p = (projectId: Id) => `/project/${projectId}/integrations`

export const integrationsApi = {
  list: (projectId: Id) => http.get<Integration[]>(p(projectId)),
  create: (projectId: Id, body: IntegrationRequest) => http.post<Integration>(p(projectId), body),
  update: (projectId: Id, id: Id, body: IntegrationRequest) => http.put(`${p(projectId)}/${id}`, body),
  remove: (projectId: Id, id: Id) => http.delete(`${p(projectId)}/${id}`),
  matchers: (projectId: Id, id: Id) => http.get<IntegrationMatcher[]>(`${p(projectId)}/${id}/matchers`),
  addMatcher: (projectId: Id, id: Id, m: IntegrationMatcher) => http.post(`${p(projectId)}/${id}/matchers`, m),
  removeMatcher: (projectId: Id, id: Id, matcherId: Id) => http.delete(`${p(projectId)}/${id}/matchers/${matcherId}`),
  values: (projectId: Id, id: Id) => http.get<IntegrationValue[]>(`${p(projectId)}/${id}/values`),
  addValue: (projectId: Id, id: Id, v: IntegrationValue) => http.post(`${p(projectId)}/${id}/values`, v),
  removeValue: (projectId: Id, id: Id, valueId: Id) => http.delete(`${p(projectId)}/${id}/values/${valueId}`),
  aliases: (projectId: Id, id: Id) => http.get<IntegrationAlias[]>(`${p(projectId)}/${id}/aliases`),
  addAlias: (projectId: Id, id: Id) => http.post<IntegrationAlias>(`${p(projectId)}/${id}/aliases`),
  removeAlias: (projectId: Id, id: Id, aliasId: Id) => http.delete(`${p(projectId)}/${id}/aliases/${aliasId}`),
}

/** A notification channel and whether the server's configuration turns it on (no address or token). */
export interface NotificationChannel {
  notifier: string
  enabled: boolean
}

export const notificationsApi = {
  test: (projectId: Id) => http.post<{ results: TestResult[] }>(`/project/${projectId}/notifications/test`),
  /** Administrators: every channel and whether it is on. */
  channels: () => http.get<NotificationChannel[]>('/notifications'),
}

/** The full webhook URL (the server answers a path when web_host is not set) and a curl command that calls it. */
export function webhookUrl(url: string): string {
  return url.startsWith('/') ? window.location.origin + url : url
}

export function curlExample(url: string, i: Pick<Integration, 'auth_method' | 'auth_header'>): string {
  const body = `'{"ref": "refs/heads/main"}'`
  const lines = [`curl -X POST '${webhookUrl(url)}'`, `  -H 'Content-Type: application/json'`]
  if (i.auth_method === 'token') lines.push(`  -H '${i.auth_header}: <your token>'`)
  if (i.auth_method === 'github')
    lines.push(`  -H "X-Hub-Signature-256: sha256=$(printf %s ${body} | openssl dgst -sha256 -hmac '<secret>' | cut -d' ' -f2)"`)
  if (i.auth_method === 'hmac')
    lines.push(`  -H "${i.auth_header}: $(printf %s ${body} | openssl dgst -sha256 -hmac '<secret>' | cut -d' ' -f2)"`)
  lines.push(`  -d ${body}`)
  return lines.join(' \\\n')
}
