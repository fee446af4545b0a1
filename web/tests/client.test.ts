import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, buildUrl, errorMessage, http, onUnauthorized } from '@/api/client'
import { authApi, projectApi, teamApi } from '@/api'
import { mockFetch } from './helpers'

afterEach(() => {
  vi.unstubAllGlobals()
  onUnauthorized(null)
})

describe('api client', () => {
  it('get_parsesJsonAndSendsSessionCookie', async () => {
    const { calls } = mockFetch({ 'GET /api/projects': { body: [{ id: 1, name: 'Demo' }] } })
    const projects = await http.get<{ id: number; name: string }[]>('/projects')
    expect(projects).toEqual([{ id: 1, name: 'Demo' }])
    expect(calls[0].init.credentials).toBe('same-origin')
    expect((calls[0].init.headers as Record<string, string>).Accept).toBe('application/json')
  })

  it('post_sendsJsonBody', async () => {
    const { calls } = mockFetch({ 'POST /api/project/3/users': { status: 204 } })
    await expect(teamApi.add(3, 7, 'manager')).resolves.toBeUndefined()
    expect(calls[0].method).toBe('POST')
    expect(calls[0].body).toEqual({ user_id: 7, role: 'manager' })
    expect((calls[0].init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
  })

  it('put_addsIdOfPathToBody', async () => {
    const { calls } = mockFetch({ 'PUT /api/project/4': { status: 204 } })
    await projectApi.update(4, { name: 'X', alert: false, alert_chat: null, max_parallel_tasks: 0 })
    expect(calls[0].body).toEqual({ id: 4, name: 'X', alert: false, alert_chat: null, max_parallel_tasks: 0 })
  })

  it('error_carriesStatusAndServerMessage', async () => {
    mockFetch({ 'POST /api/projects': { status: 400, body: { error: "Field 'name' is required" } } })
    const err = await http.post('/projects', {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(400)
    expect((err as ApiError).message).toBe("Field 'name' is required")
    expect((err as ApiError).body).toEqual({ error: "Field 'name' is required" })
  })

  it('error_withoutBody_usesDefaultMessage', async () => {
    mockFetch({ 'GET /api/project/9': { status: 404 } })
    const err = (await http.get('/project/9').catch((e: unknown) => e)) as ApiError
    expect(err.status).toBe(404)
    expect(err.notFound).toBe(true)
    expect(err.message).toBe('Not found.')
  })

  it('error_javalinTitle_isUsedWhenNoErrorField', async () => {
    mockFetch({
      'GET /api/project/1/templates': {
        status: 404,
        body: { title: 'Endpoint GET /api/project/1/templates not found', status: 404, details: {} },
      },
    })
    const err = (await http.get('/project/1/templates').catch((e: unknown) => e)) as ApiError
    expect(err.message).toBe('Endpoint GET /api/project/1/templates not found')
  })

  it('error_htmlBody_isNotShownAsMessage', async () => {
    mockFetch({ 'GET /api/x': { status: 502, text: '<html><body>Bad gateway</body></html>' } })
    const err = (await http.get('/x').catch((e: unknown) => e)) as ApiError
    expect(err.message).toMatch(/server failed \(HTTP 502\)/)
  })

  it('unauthorized_callsHandlerThenThrows', async () => {
    mockFetch({ 'GET /api/projects': { status: 401 } })
    const handler = vi.fn()
    onUnauthorized(handler)
    const err = (await http.get('/projects').catch((e: unknown) => e)) as ApiError
    expect(err.unauthorized).toBe(true)
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('signIn_wrongPassword_doesNotRedirectButShowsServerMessage', async () => {
    mockFetch({ 'POST /api/auth/login': { status: 401, body: { error: 'Incorrect login or password' } } })
    const handler = vi.fn()
    onUnauthorized(handler)
    const err = (await authApi.login({ auth: 'admin', password: 'x' }).catch((e: unknown) => e)) as ApiError
    expect(err.status).toBe(401)
    expect(errorMessage(err)).toBe('Incorrect login or password')
    expect(handler).not.toHaveBeenCalled()
  })

  it('tooManyAttempts_keeps429Message', async () => {
    mockFetch({ 'POST /api/auth/login': { status: 429, body: { error: 'Too many failed sign-in attempts; wait 60 s' } } })
    const err = (await authApi.login({ auth: 'a', password: 'b' }).catch((e: unknown) => e)) as ApiError
    expect(err.status).toBe(429)
    expect(err.message).toBe('Too many failed sign-in attempts; wait 60 s')
  })

  it('networkFailure_isStatusZero', async () => {
    mockFetch({ 'GET /api/ping': new TypeError('Failed to fetch') })
    const err = (await http.get('/ping').catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(0)
    expect(err.message).toMatch(/Cannot reach the server/)
  })

  it('buildUrl_skipsEmptyQueryValues', () => {
    expect(buildUrl('/project/1/templates', { sort: 'name', order: undefined, q: '' })).toBe(
      '/api/project/1/templates?sort=name',
    )
    expect(buildUrl('user')).toBe('/api/user')
  })

  it('oidcLoginUrl_encodesProviderAndRedirect', () => {
    expect(authApi.oidcLoginUrl('my sso', '/project/2/history')).toBe(
      '/api/auth/oidc/my%20sso/login?redirect=%2Fproject%2F2%2Fhistory',
    )
  })
})
