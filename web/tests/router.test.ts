import { describe, expect, it } from 'vitest'
import type { RouteRecordRaw } from 'vue-router'
import { routes, safeRedirect } from '@/router'

function flatten(list: RouteRecordRaw[]): RouteRecordRaw[] {
  return list.flatMap((r) => [r, ...flatten(r.children ?? [])])
}

const byName = (name: string) => flatten(routes).find((r) => r.name === name)

describe('routes', () => {
  it('serverAdministrationPages_areForAdminsOnly', () => {
    for (const name of ['users', 'runners', 'notifications', 'sign-in-options']) {
      expect(byName(name)?.meta?.admin, name).toBe(true)
    }
  })

  it('runnersPages_areRealPages_theAdminsGlobalOne_andEveryProjectsOwn', () => {
    expect(byName('runners')?.props).toBeUndefined()
    expect(byName('runners')?.meta?.admin).toBe(true)
    expect(byName('project-runners')?.path).toBe('runners')
    expect(byName('project-runners')?.meta?.admin).toBeUndefined()
  })

  it('integrationsPage_isARealPage_notAPlaceholder', () => {
    expect(byName('integrations')?.props).toBeUndefined()
  })

  it('notificationsPage_isARealPage_notAPlaceholder', () => {
    expect(byName('notifications')?.props).toBeUndefined()
    expect(byName('notifications')?.meta?.admin).toBe(true)
  })

  it('signInOptionsPage_isARealPage_notAPlaceholder', () => {
    expect(byName('sign-in-options')?.props).toBeUndefined()
    expect(byName('sign-in-options')?.meta?.admin).toBe(true)
  })

  it('schedulesPage_isARealPage_notAPlaceholder', () => {
    expect(byName('schedule')?.props).toBeUndefined()
    expect(byName('schedule')?.path).toBe('schedule')
  })

  it('everyPage_isLoadedLazily', () => {
    for (const r of flatten(routes)) {
      if ('component' in r && r.component) expect(typeof r.component, String(r.name ?? r.path)).toBe('function')
    }
  })

  it('projectsPage_isForEverySignedInUser', () => {
    const r = byName('projects')
    expect(r?.path).toBe('projects')
    expect(r?.meta?.admin).toBeUndefined()
    expect(r?.meta?.public).toBeUndefined()
  })

  it('safeRedirect_followsOnlySameSitePaths', () => {
    expect(safeRedirect('/project/1/history')).toBe('/project/1/history')
    expect(safeRedirect('//evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect('/api/auth/logout')).toBe('/')
  })
})
