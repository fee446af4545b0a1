import type { Template } from '@/api'
import { isTerraform } from './apps'

/** Which run options the dialog offers for a template. */
export interface TaskChoices {
  /** The Limit field (ansible). */
  limit: boolean
  /** The Inventory picker (ansible, terraform, tofu). */
  inventory: boolean
  /** The Debug checkbox (ansible). */
  debug: boolean
  /** Whether a re-run may pass again the extra variables and playbook of the task it copies. */
  copyTaskValues: boolean
}

function param(t: Template, key: string): boolean | undefined {
  const v = t.task_params?.[key]
  return v === undefined || v === null ? undefined : v === true || v === 'true'
}

/**
 * The options the server accepts from this caller (its TaskOverrides rules): whoever can edit templates may set
 * everything; a task runner only what the template allows, so the dialog does not offer what would be refused.
 */
export function taskChoices(t: Template, canEditTemplates: boolean): TaskChoices {
  const ansible = !t.app || t.app === 'ansible'
  const usesInventory = ansible || isTerraform(t.app)
  if (canEditTemplates) {
    return { limit: ansible, inventory: usesInventory, debug: ansible, copyTaskValues: true }
  }
  return {
    limit: ansible && (!!t.allow_override_limit || param(t, 'allow_override_limit') === true),
    inventory: usesInventory && param(t, 'allow_override_inventory') !== false,
    debug: ansible && param(t, 'allow_debug') !== false,
    copyTaskValues: false,
  }
}
