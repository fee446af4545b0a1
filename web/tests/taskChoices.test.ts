import { describe, expect, it } from 'vitest'
import type { Template } from '@/api'
import { taskChoices } from '@/components/templates/taskChoices'

function template(app: string, extra: Partial<Template> = {}): Template {
  return {
    id: 1, project_id: 1, name: 't', app, type: '', playbook: 'site.yml', repository_id: 1,
    inventory_id: null, environment_id: null, ...extra,
  }
}

describe('taskChoices', () => {
  it('whoeverCanEditTemplates_isOfferedEverything', () => {
    expect(taskChoices(template('ansible'), true)).toEqual({ limit: true, inventory: true, debug: true, copyTaskValues: true })
    expect(taskChoices(template('bash'), true)).toEqual({ limit: false, inventory: false, debug: false, copyTaskValues: true })
  })

  it('aTaskRunner_isOfferedWhatTheTemplateAllows', () => {
    expect(taskChoices(template('ansible'), false)).toEqual({ limit: false, inventory: true, debug: true, copyTaskValues: false })
    expect(taskChoices(template('ansible', { task_params: { allow_override_limit: true, allow_override_inventory: false, allow_debug: false } }), false))
      .toEqual({ limit: true, inventory: false, debug: false, copyTaskValues: false })
    expect(taskChoices(template('ansible', { allow_override_limit: true }), false).limit).toBe(true)
    expect(taskChoices(template('terraform'), false).inventory).toBe(true)
    expect(taskChoices(template('python'), false).inventory).toBe(false)
  })
})
