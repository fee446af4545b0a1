import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'
import type { Id, Task } from '@/api'
import type { LiveUpdateMessage } from '@/api/live'
import { isActive } from '@/components/tasks/status'
import { useLiveStore } from '@/stores/live'

export interface LiveTasksOptions {
  projectId: () => Id
  /** Only tasks of this template belong to the list (null: all of the project). */
  templateId?: () => Id | null
  /** Reloads the list (a task the list does not have yet, or a reconnect). */
  reload: () => Promise<void> | void
  /**
   * Whether a task still belongs in the list after its status changed (a filter by status): one that left it
   * makes the list reload, so the server's page and count stay right. Default: every task belongs.
   */
  belongs?: (task: Task) => boolean
}

/** Applies a status message to a task; returns a new object (or the same one when nothing changed). */
export function applyUpdate<T extends Task>(task: T, m: LiveUpdateMessage): T {
  if (task.id !== m.task_id) return task
  const start = m.start ?? task.start
  const end = m.end ?? task.end
  const version = m.version ?? task.version
  const commitHash = m.commit_hash ?? task.commit_hash
  const commitMessage = m.commit_message ?? task.commit_message
  const incomplete = m.log_incomplete ?? task.log_incomplete
  const lost = m.log_lost_lines ?? task.log_lost_lines
  if (
    task.status === m.status &&
    task.start === start &&
    task.end === end &&
    task.version === version &&
    task.commit_hash === commitHash &&
    task.commit_message === commitMessage &&
    task.log_incomplete === incomplete &&
    task.log_lost_lines === lost
  )
    return task
  return {
    ...task,
    status: m.status,
    start,
    end,
    version,
    commit_hash: commitHash,
    commit_message: commitMessage,
    log_incomplete: incomplete,
    log_lost_lines: lost,
  }
}

/**
 * Keeps a list of tasks current from the live connection instead of polling: status changes are applied in
 * place, a task the list does not know (just started) reloads it (at most every second), and so does a
 * reconnect. A one-second `now` tick lets running tasks' durations count up.
 */
export function useLiveTasks<T extends Task>(items: Ref<T[]>, options: LiveTasksOptions) {
  const live = useLiveStore()
  const now = ref(Date.now())
  let reloadTimer: ReturnType<typeof setTimeout> | null = null
  let ticker: ReturnType<typeof setInterval> | null = null

  function reloadSoon(): void {
    if (reloadTimer) return
    reloadTimer = setTimeout(() => {
      reloadTimer = null
      void options.reload()
    }, 1000)
  }

  const stop = live.listen((event) => {
    if (event.type === 'open') {
      if (event.reconnect) reloadSoon()
      return
    }
    if (event.type !== 'update' || event.project_id !== options.projectId()) return
    const templateId = options.templateId?.() ?? null
    if (templateId !== null && event.template_id !== templateId) return
    const list = items.value
    const i = list.findIndex((t) => t.id === event.task_id)
    if (i < 0) {
      reloadSoon()
      return
    }
    const updated = applyUpdate(list[i], event)
    if (updated !== list[i]) {
      const copy = list.slice()
      copy[i] = updated
      items.value = copy
      if (options.belongs && !options.belongs(updated)) reloadSoon()
    }
  })

  onMounted(() => {
    ticker = setInterval(() => {
      if (items.value.some((t) => isActive(t.status))) now.value = Date.now()
    }, 1000)
  })

  onBeforeUnmount(() => {
    stop()
    if (reloadTimer) clearTimeout(reloadTimer)
    if (ticker) clearInterval(ticker)
  })

  return { now }
}
