import type { Project, ProjectRequest } from '@/api'

/** What the project form edits (numbers as typed text). */
export interface ProjectForm {
  name: string
  alert: boolean
  alert_chat: string
  max_parallel_tasks: string
}

export function emptyProjectForm(): ProjectForm {
  return { name: '', alert: false, alert_chat: '', max_parallel_tasks: '0' }
}

export function projectToForm(p: Project): ProjectForm {
  return {
    name: p.name,
    alert: p.alert,
    alert_chat: p.alert_chat ?? '',
    max_parallel_tasks: String(p.max_parallel_tasks ?? 0),
  }
}

export function formToRequest(f: ProjectForm): ProjectRequest {
  const chat = f.alert_chat.trim()
  return {
    name: f.name.trim(),
    alert: f.alert,
    alert_chat: chat === '' ? null : chat,
    max_parallel_tasks: Number.parseInt(String(f.max_parallel_tasks || '0'), 10) || 0,
  }
}

/** Projects whose name holds every word of the query, ignoring case; a blank query keeps them all. */
export function filterProjects<T extends Pick<Project, 'name'>>(
  list: readonly T[],
  query: string | null | undefined,
): T[] {
  const words = (query ?? '').toLocaleLowerCase().split(/\s+/).filter(Boolean)
  if (!words.length) return [...list]
  return list.filter((p) => {
    const name = p.name.toLocaleLowerCase()
    return words.every((w) => name.includes(w))
  })
}
