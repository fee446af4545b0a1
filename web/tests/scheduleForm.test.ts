import { describe, expect, it } from 'vitest'
import type { Schedule } from '@/api'
import { emptyScheduleForm, scheduleRequest, scheduleToForm } from '@/components/schedules/scheduleForm'

describe('schedule form', () => {
  it('aCronSchedule_sendsItsExpression_andNoRunAt', () => {
    const body = scheduleRequest(3, { ...emptyScheduleForm(7), name: ' nightly ', cron_format: ' 0 2 * * * ', run_at: '2031-01-01T06:00' })
    expect(body).toEqual({
      project_id: 3, template_id: 7, name: 'nightly', type: '', cron_format: '0 2 * * *', run_at: null, active: true,
      delete_after_run: false,
    })
  })

  it('aOneTimeSchedule_sendsItsLocalTimeAsAnInstant_andNoExpression', () => {
    const body = scheduleRequest(3, { ...emptyScheduleForm(7), type: 'run_at', run_at: '2031-01-01T06:00', delete_after_run: true })
    expect(body.cron_format).toBe('')
    expect(body.run_at).toBe(new Date('2031-01-01T06:00').toISOString())
    expect(body.delete_after_run).toBe(true)
  })

  it('aStoredOneTimeSchedule_comesBackAsTheSameLocalTime', () => {
    const at = new Date('2031-05-04T03:02:00')
    const s = { id: 1, project_id: 3, template_id: 7, cron_format: '', name: 'x', active: true, type: 'run_at',
      delete_after_run: false, repository_id: null, run_at: at.toISOString(), task_params: {}, next_run_at: null,
      last_run_at: null, last_missed_at: null, missed_runs: 0 } satisfies Schedule
    expect(scheduleToForm(s).run_at).toBe('2031-05-04T03:02')
  })
})
