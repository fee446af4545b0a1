import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  projectApi,
  projectsApi,
  type Id,
  type PermissionBit,
  type Project,
  type ProjectRequest,
  type ProjectRole,
} from '@/api'

const LAST_PROJECT_KEY = 'semaphore.lastProject'

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

/** The projects the user can see, the one being looked at, and the user's role in it. */
export const useProjectsStore = defineStore('projects', () => {
  const projects = ref<Project[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const currentId = ref<Id | null>(null)
  const role = ref<ProjectRole | null>(null)
  const roleFor = ref<Id | null>(null)
  /** Roles already fetched, by project id: lists show them without a request per project. */
  const knownRoles = ref<Record<Id, ProjectRole>>({})
  let inflight: Promise<Project[]> | null = null

  const current = computed(() => projects.value.find((p) => p.id === currentId.value) ?? null)
  const permissions = computed(() => (roleFor.value === currentId.value ? (role.value?.permissions ?? 0) : 0))

  /** Whether the user's role in the current project grants this permission bit. */
  function can(bit: PermissionBit): boolean {
    return (permissions.value & bit) === bit
  }

  /** Fetches the list; callers asking while a fetch is under way share it (the layout and a page both load on open). */
  function load(): Promise<Project[]> {
    inflight ??= (async () => {
      loading.value = true
      try {
        const list = await projectsApi.list()
        projects.value = [...(list ?? [])].sort((a, b) => a.name.localeCompare(b.name))
        loaded.value = true
        return projects.value
      } finally {
        loading.value = false
        inflight = null
      }
    })()
    return inflight
  }

  /** Makes a project current and loads the user's role in it. */
  async function select(id: Id): Promise<void> {
    if (currentId.value !== id) {
      currentId.value = id
      role.value = null
      roleFor.value = null
    }
    try {
      if (!projects.value.some((p) => p.id === id)) {
        const project = await projectApi.get(id)
        upsert(project)
      }
      await loadRole(id)
    } catch (e) {
      // not a member, deleted, or the server failed: no project is current
      if (currentId.value === id) clearCurrent()
      throw e
    }
    storage()?.setItem(LAST_PROJECT_KEY, String(id))
  }

  async function loadRole(id: Id): Promise<ProjectRole> {
    const r = await projectApi.role(id)
    knownRoles.value = { ...knownRoles.value, [id]: r }
    if (currentId.value === id) {
      role.value = r
      roleFor.value = id
    }
    return r
  }

  /** The user's role in a project if it was already fetched; never asks the server. */
  function knownRole(id: Id): ProjectRole | null {
    return knownRoles.value[id] ?? null
  }

  async function create(body: ProjectRequest): Promise<Project> {
    const project = await projectsApi.create(body)
    upsert(project)
    return project
  }

  /** A new project from a backup document; it joins the list. */
  async function restore(backup: unknown): Promise<Project> {
    const project = await projectsApi.restore(backup)
    upsert(project)
    return project
  }

  async function update(id: Id, body: ProjectRequest): Promise<void> {
    await projectApi.update(id, body)
    const existing = projects.value.find((p) => p.id === id)
    upsert({ ...(existing ?? { id }), ...body, id } as Project)
  }

  async function remove(id: Id): Promise<void> {
    await projectApi.remove(id)
    forgetProject(id)
  }

  async function leave(id: Id): Promise<void> {
    await projectApi.leave(id)
    forgetProject(id)
  }

  function forgetProject(id: Id): void {
    projects.value = projects.value.filter((p) => p.id !== id)
    const roles = { ...knownRoles.value }
    delete roles[id]
    knownRoles.value = roles
    if (currentId.value === id) clearCurrent()
    if (lastProjectId() === id) storage()?.removeItem(LAST_PROJECT_KEY)
  }

  function upsert(project: Project): void {
    const i = projects.value.findIndex((p) => p.id === project.id)
    if (i >= 0) projects.value.splice(i, 1, project)
    else projects.value.push(project)
    projects.value.sort((a, b) => a.name.localeCompare(b.name))
  }

  function clearCurrent(): void {
    currentId.value = null
    role.value = null
    roleFor.value = null
  }

  /** The project to open when none is named: the last one visited if still visible, else the first. */
  function defaultProject(): Project | null {
    const last = lastProjectId()
    return projects.value.find((p) => p.id === last) ?? projects.value[0] ?? null
  }

  /**
   * On a page outside any project (profile, administration, all projects) opened afresh: makes the last project
   * visited current again, so the menu keeps its pages. Does nothing when a project is current already or the
   * last one is no longer visible; resolves to whether one was restored.
   */
  async function restoreLast(): Promise<boolean> {
    if (currentId.value !== null) return false
    if (!loaded.value) await load()
    const last = lastProjectId()
    if (currentId.value !== null || last === null || !projects.value.some((p) => p.id === last)) return false
    currentId.value = last
    role.value = null
    roleFor.value = null
    try {
      await loadRole(last)
      return currentId.value === last
    } catch {
      // no longer a member, or the server failed: leave the menu without a project
      if (currentId.value === last) clearCurrent()
      return false
    }
  }

  function lastProjectId(): Id | null {
    const v = Number(storage()?.getItem(LAST_PROJECT_KEY))
    return Number.isInteger(v) && v > 0 ? v : null
  }

  function reset(): void {
    projects.value = []
    loaded.value = false
    knownRoles.value = {}
    clearCurrent()
  }

  return {
    projects,
    loaded,
    loading,
    currentId,
    current,
    role,
    permissions,
    can,
    load,
    select,
    loadRole,
    knownRole,
    create,
    restore,
    update,
    remove,
    leave,
    defaultProject,
    restoreLast,
    clearCurrent,
    reset,
  }
})
