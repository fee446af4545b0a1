import { errorMessage, schedulesApi, type Id, type Schedule } from '@/api'
import { useCrud } from '@/composables/useCrud'
import { useUiStore } from '@/stores/ui'
import { emptyScheduleForm, scheduleRequest, scheduleToForm, type ScheduleForm } from './scheduleForm'

export interface ScheduleListOptions {
  projectId: () => Id
  /** The schedules shown: the project's or one template's. */
  list: () => Promise<Schedule[]>
  /** The template a new schedule starts with. */
  newTemplateId: () => Id | null
  /** A template every saved schedule belongs to (a template's own section), else the form's choice. */
  templateId?: () => Id
  /** Say so when a switch turned a schedule on or off (the project's page does; a template's section does not). */
  announceToggle?: boolean
}

/** A list of schedules with its create/edit dialog, delete and the Active switch. */
export function useSchedules(options: ScheduleListOptions) {
  const ui = useUiStore()
  const crud = useCrud<Schedule, ScheduleForm>({
    noun: 'schedule',
    list: options.list,
    emptyForm: () => emptyScheduleForm(options.newTemplateId()),
    toForm: scheduleToForm,
    save: (f, editing) => {
      const projectId = options.projectId()
      const body = scheduleRequest(projectId, options.templateId ? { ...f, template_id: options.templateId() } : f)
      return editing ? schedulesApi.update(projectId, editing.id, body) : schedulesApi.create(projectId, body)
    },
    remove: (s) => schedulesApi.remove(options.projectId(), s.id),
    name: (s) => s.name || `#${s.id}`,
  })

  async function toggle(s: Schedule, active: boolean): Promise<void> {
    try {
      await schedulesApi.setActive(options.projectId(), s.id, active)
      if (options.announceToggle) ui.notify(`Schedule ${s.name || '#' + s.id} ${active ? 'activated' : 'deactivated'}`)
    } catch (e) {
      ui.notify(errorMessage(e), 'error')
    }
    await crud.load()
  }

  return { ...crud, toggle }
}
