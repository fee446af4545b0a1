import { describe, expect, it } from 'vitest'
import type { LiveUpdateMessage } from '@/api/live'
import type { Task } from '@/api'
import { logIncompleteWarning, taskDuration } from '@/components/tasks/status'
import { applyUpdate } from '@/composables/useLiveTasks'

const task: Task = {
  id: 7,
  template_id: 2,
  project_id: 1,
  status: 'running',
  created: '2026-01-01T00:00:00Z',
  start: '2026-01-01T00:00:01Z',
  end: null,
  version: null,
}

function update(extra: Partial<LiveUpdateMessage>): LiveUpdateMessage {
  return {
    type: 'update',
    start: task.start ?? null,
    end: '2026-01-01T00:00:09Z',
    status: 'success',
    task_id: 7,
    template_id: 2,
    project_id: 1,
    version: null,
    ...extra,
  }
}

describe('log incomplete warning', () => {
  it('says nothing for a complete log, or a server without the field (Semaphore)', () => {
    expect(logIncompleteWarning({ log_incomplete: false, log_lost_lines: 0 })).toBeNull()
    expect(logIncompleteWarning({})).toBeNull()
  })

  it('says how many lines are missing', () => {
    expect(logIncompleteWarning({ log_incomplete: true, log_lost_lines: 1 })).toBe(
      'The log is incomplete: 1 output line of this task could not be stored (the database refused it).',
    )
    expect(logIncompleteWarning({ log_incomplete: true, log_lost_lines: 12345 })).toBe(
      'The log is incomplete: 12,345 output lines of this task could not be stored (the database refused them).',
    )
    expect(logIncompleteWarning({ log_incomplete: true })).toContain('Some output lines')
  })

  it('arrives with a live update, so the page warns without a reload', () => {
    const done = applyUpdate(task, update({ log_incomplete: true, log_lost_lines: 3 }))

    expect(done.status).toBe('success')
    expect(logIncompleteWarning(done)).toContain('3 output lines')
  })

  it('stays when a later update does not repeat it', () => {
    const flagged = applyUpdate(task, update({ log_incomplete: true, log_lost_lines: 3 }))

    expect(applyUpdate(flagged, update({}))).toBe(flagged)
  })
})

describe('task duration', () => {
  const fmt = (a: string | null | undefined, b: string | null | undefined) => `${a ?? '-'}..${b ?? '-'}`
  it('saysWhenATaskEndedWithoutStarting', () => {
    expect(taskDuration({ status: 'error', start: null, end: '2026-12-03T10:00:00Z' }, 0, fmt)).toBe('Failed before starting')
    expect(taskDuration({ status: 'stopped', start: null, end: null }, 0, fmt)).toBe('Stopped before starting')
    expect(taskDuration({ status: 'waiting', start: null, end: null }, 0, fmt)).toBe('-..-')
    expect(taskDuration({ status: 'success', start: 'a', end: 'b' }, 0, fmt)).toBe('a..b')
  })
})
