import { computed, ref, type Ref } from 'vue'
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
  /** False when what follows a creation says so itself (e.g. a dialog): no "Created …" message. */
  notifyCreated?: boolean
}

export interface ConfirmDeleteOptions {
  /** "key", "template"…: used in the question and the message. */
  noun: string
  name: string
  text: string
  remove: () => Promise<unknown>
  /** Runs after the deletion, e.g. reloads the list. */
  then: () => Promise<unknown>
}

/**
 * Asks `Delete <noun> "<name>"?` first; on yes deletes, says so and runs `then`. A refusal of the server shows in
 * the dialog, which stays open.
 */
export function confirmDelete(options: ConfirmDeleteOptions): void {
  const ui = useUiStore()
  ui.confirm({
    title: `Delete ${options.noun} "${options.name}"?`,
    text: options.text,
    action: async () => {
      await options.remove()
      ui.notify(`Deleted ${options.noun} "${options.name}"`)
      await options.then()
    },
  })
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
      if (wasEditing) ui.notify(`Saved ${options.noun} "${options.name(wasEditing)}"`)
      else if (options.notifyCreated !== false) ui.notify(`Created ${options.noun}`)
      await list.load()
    }
  }

  function confirmRemove(item: T): void {
    confirmDelete({
      noun: options.noun,
      name: options.name(item),
      text: options.removeText?.(item) ?? 'This cannot be undone.',
      remove: () => options.remove(item),
      then: list.load,
    })
  }

  /** The create/edit dialog's props and listeners, for `<FormDialog v-bind="dialog">`. */
  const dialog = computed(() => ({
    modelValue: dialogOpen.value,
    'onUpdate:modelValue': (open: boolean) => {
      dialogOpen.value = open
    },
    title: editing.value ? `Edit ${options.noun} ${options.name(editing.value)}` : `New ${options.noun}`,
    submitText: editing.value ? 'Save' : 'Create',
    busy: action.busy.value,
    error: action.error.value,
    onSubmit: submit,
  }))

  return {
    ...list,
    editing,
    form,
    openCreate,
    openEdit,
    confirmRemove,
    dialog,
  }
}
