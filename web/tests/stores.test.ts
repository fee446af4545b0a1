import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, Permission } from '@/api'
import { useAuthStore } from '@/stores/auth'
import { useProjectsStore } from '@/stores/projects'
import { memoryStorage, mockFetch } from './helpers'

beforeEach(() => {
  setActivePinia(createPinia())
  vi.stubGlobal('localStorage', memoryStorage())
})

afterEach(() => {
  vi.unstubAllGlobals()
})

const user = {
  id: 1,
  username: 'admin',
  name: 'Admin',
  email: 'admin@example.com',
  admin: false,
  external: false,
  alert: false,
  can_create_project: true,
}

describe('projects store', () => {
  it('load_sortsProjectsByName', async () => {
    mockFetch({
      'GET /api/projects': {
        body: [
          { id: 2, name: 'Zeta', alert: false, alert_chat: null, max_parallel_tasks: 0 },
          { id: 1, name: 'alpha', alert: false, alert_chat: null, max_parallel_tasks: 0 },
        ],
      },
    })
    const store = useProjectsStore()
    await store.load()
    expect(store.projects.map((p) => p.name)).toEqual(['alpha', 'Zeta'])
    expect(store.loaded).toBe(true)
  })

  it('select_loadsRoleAndGrantsItsPermissions', async () => {
    mockFetch({
      'GET /api/projects': { body: [{ id: 5, name: 'Web', alert: false, alert_chat: null, max_parallel_tasks: 0 }] },
      'GET /api/project/5/role': { body: { role: 'manager', permissions: 5 } },
    })
    const store = useProjectsStore()
    await store.load()
    await store.select(5)
    expect(store.current?.name).toBe('Web')
    expect(store.role?.role).toBe('manager')
    expect(store.can(Permission.RunTasks)).toBe(true)
    expect(store.can(Permission.ManageResources)).toBe(true)
    expect(store.can(Permission.UpdateProject)).toBe(false)
    expect(store.can(Permission.ManageUsers)).toBe(false)
  })

  it('select_guest_hasNoPermissions', async () => {
    mockFetch({
      'GET /api/project/8': { body: { id: 8, name: 'Ops', alert: false, alert_chat: null, max_parallel_tasks: 0 } },
      'GET /api/project/8/role': { body: { role: 'guest', permissions: 0 } },
    })
    const store = useProjectsStore()
    await store.select(8)
    expect(store.current?.name).toBe('Ops')
    expect(store.permissions).toBe(0)
    expect(store.can(Permission.RunTasks)).toBe(false)
  })

  it('select_unknownProject_leavesNoCurrentProject', async () => {
    mockFetch({ 'GET /api/project/99': { status: 404, body: { error: 'Project not found' } } })
    const store = useProjectsStore()
    await expect(store.select(99)).rejects.toThrow('Project not found')
    expect(store.currentId).toBeNull()
    expect(store.defaultProject()).toBeNull()
  })

  it('defaultProject_prefersLastVisited', async () => {
    mockFetch({
      'GET /api/projects': {
        body: [
          { id: 1, name: 'A', alert: false, alert_chat: null, max_parallel_tasks: 0 },
          { id: 2, name: 'B', alert: false, alert_chat: null, max_parallel_tasks: 0 },
        ],
      },
      'GET /api/project/2/role': { body: { role: 'owner', permissions: 15 } },
    })
    const store = useProjectsStore()
    await store.load()
    expect(store.defaultProject()?.id).toBe(1)
    await store.select(2)
    expect(store.defaultProject()?.id).toBe(2)
  })

  it('create_addsProjectAndRemove_forgetsIt', async () => {
    const created = { id: 3, name: 'New', alert: false, alert_chat: null, max_parallel_tasks: 2 }
    const { calls } = mockFetch({
      'POST /api/projects': { status: 201, body: created },
      'GET /api/project/3/role': { body: { role: 'owner', permissions: 15 } },
      'DELETE /api/project/3': { status: 204 },
    })
    const store = useProjectsStore()
    await store.create({ name: 'New', alert: false, alert_chat: null, max_parallel_tasks: 2 })
    expect(store.projects).toHaveLength(1)
    await store.select(3)
    await store.remove(3)
    expect(store.projects).toHaveLength(0)
    expect(store.currentId).toBeNull()
    expect(store.defaultProject()).toBeNull()
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/projects',
      'GET /api/project/3/role',
      'DELETE /api/project/3',
    ])
  })

  it('load_whileLoading_sharesOneRequest', async () => {
    const { calls } = mockFetch({
      'GET /api/projects': { body: [{ id: 1, name: 'A', alert: false, alert_chat: null, max_parallel_tasks: 0 }] },
    })
    const store = useProjectsStore()
    const [a, b] = await Promise.all([store.load(), store.load()])
    expect(a).toBe(b)
    expect(calls).toHaveLength(1)
    await store.load()
    expect(calls).toHaveLength(2)
  })

  it('knownRole_onlyRolesAlreadyFetched_forgottenWithTheProject', async () => {
    const { calls } = mockFetch({
      'GET /api/projects': {
        body: [
          { id: 1, name: 'A', alert: false, alert_chat: null, max_parallel_tasks: 0 },
          { id: 2, name: 'B', alert: false, alert_chat: null, max_parallel_tasks: 0 },
        ],
      },
      'GET /api/project/1/role': { body: { role: 'manager', permissions: 5 } },
      'GET /api/project/2/role': { body: { role: 'guest', permissions: 0 } },
      'DELETE /api/project/1/me': { status: 204 },
    })
    const store = useProjectsStore()
    await store.load()
    expect(store.knownRole(1)).toBeNull()
    await store.select(1)
    await store.select(2)
    // still known after another project became current
    expect(store.knownRole(1)?.role).toBe('manager')
    expect(store.knownRole(2)?.role).toBe('guest')
    expect(calls.filter((c) => c.url.endsWith('/role'))).toHaveLength(2)
    await store.leave(1)
    expect(store.knownRole(1)).toBeNull()
    expect(store.knownRole(2)?.role).toBe('guest')
    store.reset()
    expect(store.knownRole(2)).toBeNull()
  })

  it('restoreLast_outsideAProject_makesTheLastVisitedProjectCurrentAgain', async () => {
    const list = [
      { id: 1, name: 'A', alert: false, alert_chat: null, max_parallel_tasks: 0 },
      { id: 2, name: 'B', alert: false, alert_chat: null, max_parallel_tasks: 0 },
    ]
    mockFetch({
      'GET /api/projects': { body: list },
      'GET /api/project/2/role': { body: { role: 'manager', permissions: 5 } },
    })
    const first = useProjectsStore()
    await first.load()
    await first.select(2)
    // a reload of the profile page: a fresh store, nothing current
    setActivePinia(createPinia())
    const store = useProjectsStore()
    expect(store.currentId).toBeNull()
    expect(await store.restoreLast()).toBe(true)
    expect(store.current?.name).toBe('B')
    expect(store.role?.role).toBe('manager')
    // a project current already is kept
    expect(await store.restoreLast()).toBe(false)
    expect(store.currentId).toBe(2)
  })

  it('restoreLast_projectGoneOrRoleRefused_leavesNoneCurrent', async () => {
    localStorage.setItem('semaphore.lastProject', '9')
    mockFetch({
      'GET /api/projects': { body: [{ id: 1, name: 'A', alert: false, alert_chat: null, max_parallel_tasks: 0 }] },
      'GET /api/project/1/role': { status: 403, body: { error: 'Forbidden' } },
    })
    const store = useProjectsStore()
    expect(await store.restoreLast()).toBe(false)
    expect(store.currentId).toBeNull()
    localStorage.setItem('semaphore.lastProject', '1')
    expect(await store.restoreLast()).toBe(false)
    expect(store.currentId).toBeNull()
  })

  it('update_failure_keepsOldNameAndThrowsServerMessage', async () => {
    mockFetch({
      'GET /api/projects': { body: [{ id: 1, name: 'Old', alert: false, alert_chat: null, max_parallel_tasks: 0 }] },
      'PUT /api/project/1': { status: 403, body: { error: 'Only owners can change project settings' } },
    })
    const store = useProjectsStore()
    await store.load()
    await expect(
      store.update(1, { name: 'New', alert: false, alert_chat: null, max_parallel_tasks: 0 }),
    ).rejects.toThrow('Only owners can change project settings')
    expect(store.projects[0].name).toBe('Old')
  })
})

describe('auth store', () => {
  it('fetchUser_notSignedIn_resolvesNull', async () => {
    mockFetch({ 'GET /api/user': { status: 401 } })
    const auth = useAuthStore()
    await expect(auth.fetchUser()).resolves.toBeNull()
    expect(auth.checked).toBe(true)
    expect(auth.signedIn).toBe(false)
  })

  it('login_postsCredentialsThenLoadsUser', async () => {
    const { calls } = mockFetch({
      'POST /api/auth/login': { status: 204 },
      'GET /api/user': { body: user },
    })
    const auth = useAuthStore()
    const me = await auth.login('  admin ', 'secret')
    expect(me?.username).toBe('admin')
    expect(calls[0].body).toEqual({ auth: 'admin', password: 'secret' })
    expect(auth.signedIn).toBe(true)
    expect(auth.isAdmin).toBe(false)
    expect(auth.canCreateProject).toBe(true)
  })

  it('login_wrongPassword_throwsApiError', async () => {
    mockFetch({ 'POST /api/auth/login': { status: 401, body: { error: 'Incorrect login or password' } } })
    const auth = useAuthStore()
    const err = await auth.login('admin', 'nope').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).message).toBe('Incorrect login or password')
    expect(auth.signedIn).toBe(false)
  })

  it('logout_forgetsUserEvenWhenServerFails', async () => {
    mockFetch({ 'GET /api/user': { body: user }, 'POST /api/auth/logout': { status: 500 } })
    const auth = useAuthStore()
    await auth.fetchUser()
    await expect(auth.logout()).rejects.toBeInstanceOf(ApiError)
    expect(auth.user).toBeNull()
  })
})
