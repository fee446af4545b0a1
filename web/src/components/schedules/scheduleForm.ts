import type { Id, Schedule, ScheduleRequest, ScheduleType } from '@/api'

export interface ScheduleForm {
  name: string
  template_id: Id | null
  type: ScheduleType
  cron_format: string
  /** A local date-time of the browser, "2031-01-31T06:00". */
  run_at: string
  active: boolean
  delete_after_run: boolean
}

export function emptyScheduleForm(templateId: Id | null = null): ScheduleForm {
  return { name: '', template_id: templateId, type: '', cron_format: '0 2 * * *', run_at: '', active: true, delete_after_run: false }
}

/** "2031-01-31T06:00" in the browser's zone, for a datetime-local input. */
function localInput(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function scheduleToForm(s: Schedule): ScheduleForm {
  return {
    name: s.name,
    template_id: s.template_id,
    type: s.type,
    cron_format: s.cron_format,
    run_at: localInput(s.run_at),
    active: s.active,
    delete_after_run: s.delete_after_run,
  }
}

export function scheduleRequest(projectId: Id, f: ScheduleForm): ScheduleRequest {
  return {
    project_id: projectId,
    template_id: f.template_id as Id,
    name: f.name.trim(),
    type: f.type,
    cron_format: f.type === '' ? f.cron_format.trim() : '',
    run_at: f.type === 'run_at' && f.run_at ? new Date(f.run_at).toISOString() : null,
    active: f.active,
    delete_after_run: f.type === 'run_at' && f.delete_after_run,
  }
}
