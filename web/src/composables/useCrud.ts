import { ref, type Ref } from 'vue'
import type { Id } from '@/api'
import { useUiStore } from '@/stores/ui'
import { useAction, useList } from './useList'

export interface CrudOptions<T extends { id: Id }, F> {
  /** "key", "repository"…: used in messages. */
  noun: string
  list: () => Promise<T[] | null | undefined>
  emptyForm: () => F
  toForm: (item: T) => F
  /** Creates (editing null) or updates the item from the form. */
  save: (form: F, editing: T | null) => Promise<unknown>
  remove: (item: T) => Promise<unknown>
  name: (item: T) => string
  /** Extra text for the delete question. */
  removeText?: (item: T) => string
}

/**
 * A resource page: the list, one create/edit dialog bound to a form, and delete with a question first.
 * Errors of the list and the form hold the server's message.
 */
export function useCrud<T extends { id: Id }, F>(options: CrudOptions<T, F>) {
  const ui = useUiStore()
  const list = useList(options.list)
  const action = useAction()
  const dialogOpen = ref(false)
  const editing = ref(null) as Ref<T | null>
  const form = ref(options.emptyForm()) as Ref<F>

  function openCreate(): void {
    editing.value = null
    form.value = options.emptyForm()
    action.reset()
    dialogOpen.value = true
  }

  function openEdit(item: T): void {
    editing.value = item
    form.value = options.toForm(item)
    action.reset()
    dialogOpen.value = true
  }

  async function submit(): Promise<void> {
    const wasEditing = editing.value
    const ok = await action.run(() => options.save(form.value, wasEditing))
    if (ok) {
      dialogOpen.value = false
      ui.notify(wasEditing ? `Saved ${options.noun} "${options.name(wasEditing)}"` : `Created ${options.noun}`)
      await list.load()
    }
  }

  function confirmRemove(item: T): void {
    ui.confirm({
      title: `Delete ${options.noun} "${options.name(item)}"?`,
      text: options.removeText?.(item) ?? 'This cannot be undone.',
      action: async () => {
        await options.remove(item)
        ui.notify(`Deleted ${options.noun} "${options.name(item)}"`)
        await list.load()
      },
    })
  }

  return {
    ...list,
    dialogOpen,
    editing,
    form,
    busy: action.busy,
    formError: action.error,
    openCreate,
    openEdit,
    submit,
    confirmRemove,
  }
}
