import { describe, expect, it } from 'vitest'
import type { SurveyVar } from '@/api'
import { answerRules, answersFromEnvironment, surveyProblemRows, surveyProblems, surveyRequest } from '@/components/templates/survey'
import { isAutoApprove, withAutoApprove } from '@/components/templates/apps'
import { applyUpdate } from '@/composables/useLiveTasks'
import type { Task } from '@/api/types'

const vars: SurveyVar[] = [
  { name: 'name', title: 'Name', type: '', required: true },
  { name: 'count', title: 'Count', type: 'int' },
  { name: 'color', title: 'Colour', type: 'enum', required: true, values: [{ name: 'Red', value: 'red' }] },
  { name: 'token', title: 'Token', type: 'secret' },
]

describe('survey', () => {
  it('secretsGoToSecret_othersToEnvironment_intsAsNumbers_emptyLeftOut', () => {
    expect(surveyRequest(vars, { name: 'Ada', count: '12', color: 'red', token: 's3' })).toEqual({
      environment: '{"name":"Ada","count":12,"color":"red"}',
      secret: '{"token":"s3"}',
    })
    expect(surveyRequest(vars, { name: 'Ada', count: '', color: 'red', token: '' })).toEqual({
      environment: '{"name":"Ada","color":"red"}',
    })
    expect(surveyRequest([], {})).toEqual({})
  })

  it('rerun_keepsOtherVariables_andRefillsAnswers_butNeverSecrets', () => {
    const { answers, extra } = answersFromEnvironment(vars, '{"name":"Ada","count":3,"token":"x","other":true}')
    expect(answers).toEqual({ name: 'Ada', count: '3' })
    expect(extra).toEqual({ token: 'x', other: true })
    // the stored "token" is not a secret answer; a new secret answer replaces it and moves to `secret`
    expect(surveyRequest(vars, { ...answers, color: 'red', token: 'new' }, extra)).toEqual({
      environment: '{"other":true,"name":"Ada","count":3,"color":"red"}',
      secret: '{"token":"new"}',
    })
    expect(answersFromEnvironment(vars, 'not json')).toEqual({ answers: {}, extra: {} })
  })

  it('rules_requiredAndDigitsOnly', () => {
    const [required] = answerRules(vars[0])
    expect(required('')).toBe('Name is required')
    expect(required('x')).toBe(true)
    const [digits] = answerRules(vars[1])
    expect(digits('12')).toBe(true)
    expect(digits('')).toBe(true)
    expect(digits('1.5')).toBe('Digits only')
    expect(digits('-1')).toBe('Digits only')
    const enumRules = answerRules(vars[2])
    expect(enumRules.map((r) => r('blue'))).toContain('Choose one of the values')
  })

  it('problems_namesDuplicatesAndEmptyEnums', () => {
    expect(surveyProblems(vars)).toEqual([])
    expect(
      surveyProblems([
        { name: '1x', title: '' },
        { name: 'a', title: '' },
        { name: 'a', title: '' },
        { name: 'e', title: '', type: 'enum', values: [] },
      ]),
    ).toHaveLength(3)
  })

  it('problemRows_sayWhichRowEachProblemIsAbout', () => {
    expect(
      surveyProblemRows([
        { name: 'ok', title: '' },
        { name: 'ok', title: '' },
        { name: 'e', title: '', type: 'enum', values: [{ name: '', value: '' }] },
        { name: '', title: '' },
      ]).map((p) => p.index),
    ).toEqual([1, 2, 3])
  })
})

describe('applyUpdate', () => {
  const task = {
    id: 4,
    template_id: 1,
    project_id: 1,
    status: 'waiting' as const,
    created: '2025-01-01T00:00:00Z',
    start: null,
    end: null,
  }

  it('patchesStatusAndTimes_ofTheSameTaskOnly', () => {
    const m = {
      type: 'update' as const,
      task_id: 4,
      template_id: 1,
      project_id: 1,
      status: 'running' as const,
      start: '2025-01-01T00:00:01Z',
      end: null,
      version: null,
    }
    const next = applyUpdate(task, m)
    expect(next).not.toBe(task)
    expect(next.status).toBe('running')
    expect(next.start).toBe('2025-01-01T00:00:01Z')
    expect(applyUpdate(task, { ...m, task_id: 5 })).toBe(task)
    expect(applyUpdate(next, m)).toBe(next)
  })

  it('takesTheCommit_whenTheServerSendsIt', () => {
    const m = {
      type: 'update' as const,
      task_id: 4,
      template_id: 1,
      project_id: 1,
      status: 'running' as const,
      start: '2025-01-01T00:00:01Z',
      end: null,
      version: null,
      commit_hash: 'abc123',
      commit_message: 'Fix it',
    }
    const next = applyUpdate(task as Task, m)
    expect(next.commit_hash).toBe('abc123')
    expect(next.commit_message).toBe('Fix it')
    // a later update without the commit (Semaphore's shape) keeps it
    const { commit_hash: _h, commit_message: _m, ...plain } = m
    expect(applyUpdate(next, { ...plain, status: 'success' as const }).commit_hash).toBe('abc123')
  })
})

describe('terraform auto-approve parameter', () => {
  it('isAutoApprove_readsBooleanOrText', () => {
    expect(isAutoApprove({ auto_approve: true })).toBe(true)
    expect(isAutoApprove({ auto_approve: 'true' })).toBe(true)
    expect(isAutoApprove({ auto_approve: false })).toBe(false)
    expect(isAutoApprove(null)).toBe(false)
  })

  it('withAutoApprove_keepsOtherParameters', () => {
    expect(withAutoApprove({ plan: true }, true)).toEqual({ plan: true, auto_approve: true })
    expect(withAutoApprove({ plan: true, auto_approve: true }, false)).toEqual({ plan: true })
    // {} (not null) clears a stored flag: the server keeps stored parameters on null
    expect(withAutoApprove({ auto_approve: true }, false)).toEqual({})
    expect(withAutoApprove(null, false)).toBeNull()
    expect(withAutoApprove(undefined, true)).toEqual({ auto_approve: true })
  })
})
