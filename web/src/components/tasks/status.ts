import type { Task, TaskStatus } from '@/api'
import {
  mdiCheckCircle,
  mdiClockOutline,
  mdiCloseCircle,
  mdiPlay,
  mdiStop,
  mdiTimerSand,
  mdiAlertCircleOutline,
} from '@/utils/icons'

interface StatusLook {
  title: string
  color: string
  icon: string
}

const LOOKS: Record<TaskStatus, StatusLook> = {
  waiting: { title: 'Waiting', color: 'secondary', icon: mdiClockOutline },
  starting: { title: 'Starting', color: 'info', icon: mdiTimerSand },
  waiting_confirmation: { title: 'Needs confirmation', color: 'warning', icon: mdiAlertCircleOutline },
  confirmed: { title: 'Confirmed', color: 'info', icon: mdiTimerSand },
  rejected: { title: 'Rejected', color: 'secondary', icon: mdiCloseCircle },
  running: { title: 'Running', color: 'info', icon: mdiPlay },
  stopping: { title: 'Stopping', color: 'warning', icon: mdiStop },
  stopped: { title: 'Stopped', color: 'secondary', icon: mdiStop },
  success: { title: 'Success', color: 'success', icon: mdiCheckCircle },
  error: { title: 'Failed', color: 'error', icon: mdiCloseCircle },
}

export function statusLook(status: string): StatusLook {
  return LOOKS[status as TaskStatus] ?? { title: status || 'Unknown', color: 'secondary', icon: mdiClockOutline }
}

export const FINISHED: readonly string[] = ['success', 'error', 'stopped', 'rejected']

/** Not finished: waiting, running, stopping, waiting for confirmation… */
export function isActive(status: string): boolean {
  return !FINISHED.includes(status)
}

/** A stop request makes sense (force stop is offered for `stopping` too). */
export function canStop(status: string): boolean {
  return isActive(status) && status !== 'stopping'
}

/**
 * The warning a task's page shows when output lines could not be stored (the server's `log_incomplete`), or null
 * for a complete log.
 */
export function logIncompleteWarning(task: Pick<Task, 'log_incomplete' | 'log_lost_lines'>): string | null {
  if (!task.log_incomplete) return null
  const n = task.log_lost_lines ?? 0
  const what = n === 1 ? '1 output line' : n > 1 ? `${n.toLocaleString('en-US')} output lines` : 'Some output lines'
  return `The log is incomplete: ${what} of this task could not be stored (the database refused ${n === 1 ? 'it' : 'them'}).`
}

/**
 * A task's duration for lists and its page; a task that ended without ever starting (its repository could not be
 * checked out, it was stopped or rejected while waiting) says so instead of a bare dash.
 */
export function taskDuration(
  t: Pick<Task, 'status' | 'start' | 'end'>,
  now: number,
  format: (start: string | null | undefined, end: string | null | undefined, now: number) => string,
): string {
  if (!t.start && !isActive(t.status) && t.status !== 'waiting_confirmation') {
    if (t.status === 'error') return 'Failed before starting'
    if (t.status === 'stopped') return 'Stopped before starting'
    if (t.status === 'rejected') return 'Rejected'
    return 'Did not start'
  }
  return format(t.start, t.end, now)
}
