import { describe, expect, it } from 'vitest'
import { apiQuery, filtersFromQuery, hasFilters, PAGE_SIZE, queryFromFilters, statusMatches } from '@/components/tasks/historyFilters'
import {
  SECRET_MASK,
  argumentList,
  runArguments,
  startedBy,
  stoppedBy,
  surveyAnswers,
  tagsFromArguments,
} from '@/components/tasks/runUsed'

describe('history filters in the URL', () => {
  it('say which statuses belong in the list', () => {
    const running = filtersFromQuery({ status: 'running,starting' })
    expect(statusMatches(running, 'running')).toBe(true)
    expect(statusMatches(running, 'success')).toBe(false)
    expect(statusMatches(filtersFromQuery({}), 'success')).toBe(true)
  })

  it('readsEveryFilter_andWritesThemBack', () => {
    const f = filtersFromQuery({ status: 'error,stopped', template: '3', user: '7', from: '2024-05-01', to: '2024-05-31', page: '2' })
    expect(f).toEqual({ statuses: ['error', 'stopped'], templateId: 3, userId: 7, from: '2024-05-01', to: '2024-05-31', page: 2 })
    expect(queryFromFilters(f, { other: 'kept' })).toEqual({
      other: 'kept',
      status: 'error,stopped',
      template: '3',
      user: '7',
      from: '2024-05-01',
      to: '2024-05-31',
      page: '2',
    })
    expect(hasFilters(f)).toBe(true)
  })

  it('leavesOutWhatItCannotRead', () => {
    const f = filtersFromQuery({ status: 'bogus,success,success', template: 'x', user: '-2', from: '2024-5-1', page: '0' })
    expect(f).toEqual({ statuses: ['success'], templateId: null, userId: null, from: null, to: null, page: 1 })
    expect(queryFromFilters({ ...f, statuses: [] })).toEqual({})
    expect(hasFilters({ ...f, statuses: [] })).toBe(false)
  })

  it('asksTheServerForLocalDaysAsInstants_andOnePage', () => {
    const q = apiQuery(filtersFromQuery({ status: 'success', template: '4', from: '2024-05-01', to: '2024-05-01', page: '3' }))
    expect(q.status).toBe('success')
    expect(q.template_id).toBe(4)
    expect(q.offset).toBe(2 * PAGE_SIZE)
    expect(q.limit).toBe(PAGE_SIZE)
    expect(new Date(q.from!).getTime()).toBe(new Date(2024, 4, 1).getTime())
    // the whole of the last day is included: up to the start of the next one
    expect(new Date(q.to!).getTime()).toBe(new Date(2024, 4, 2).getTime())
  })
})

describe('what a run used', () => {
  const vars = [
    { name: 'region', title: 'Region', type: '' as const },
    { name: 'count', title: 'Count', type: 'int' as const },
    { name: 'token', title: 'API token', type: 'secret' as const },
    { name: 'unset', title: '', type: '' as const },
  ]

  it('masksSecretAnswers_evenWhenAValueIsThere', () => {
    const { answers, extra } = surveyAnswers(vars, JSON.stringify({ region: 'eu', count: 3, token: 'leaked', other: { a: 1 } }))
    expect(answers).toEqual([
      { name: 'region', title: 'Region', value: 'eu', secret: false },
      { name: 'count', title: 'Count', value: '3', secret: false },
      { name: 'token', title: 'API token', value: SECRET_MASK, secret: true },
      { name: 'unset', title: 'unset', value: '', secret: false },
    ])
    expect(answers.map((a) => a.value)).not.toContain('leaked')
    expect(extra).toEqual([{ name: 'other', value: '{"a":1}' }])
    expect(surveyAnswers(null, 'not json')).toEqual({ answers: [], extra: [] })
  })

  it('findsTagsAndSkippedTagsInArguments', () => {
    expect(tagsFromArguments(['--tags', 'web,db', '-t', 'x', '--skip-tags=slow', '--check', '--tags=late'])).toEqual({
      tags: ['web', 'db', 'x', 'late'],
      skipTags: ['slow'],
    })
    expect(tagsFromArguments([])).toEqual({ tags: [], skipTags: [] })
  })

  it('joinsTheTemplatesArgumentsAndTheTasks', () => {
    expect(runArguments({ arguments: '["-v"]' }, { arguments: '["--tags", "a"]' })).toEqual(['--tags', 'a', '-v'])
    expect(argumentList('oops')).toEqual([])
    expect(argumentList('[]')).toEqual([])
  })

  it('saysWhoStartedAndWhoStopped', () => {
    expect(startedBy({ user_name: 'Alice', user_id: 2 })).toBe('Alice')
    expect(startedBy({ schedule_id: 4 }, { schedule: 'nightly' })).toBe('Schedule “nightly”')
    expect(startedBy({ schedule_id: 4 })).toBe('Schedule #4')
    expect(startedBy({ integration_id: 9 }, { integration: 'GitHub' })).toBe('Webhook “GitHub”')
    expect(stoppedBy({ stopped_by: 3, stopped_by_name: 'Bob' })).toBe('Bob')
    expect(stoppedBy({ stopped_by: 3, stopped_by_name: null })).toBe('User #3')
    expect(stoppedBy({ stopped_by: null })).toBeNull()
  })
})
