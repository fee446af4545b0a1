import { ref, shallowRef, type Ref } from 'vue'
import { ApiError, errorMessage } from '@/api'

/**
 * A list loaded from the API: `items`, `loading` and the server's `error` message. A failed load keeps the
 * page alive and shows the message (endpoints still being built answer 404 or 501 for a while).
 */
export function useList<T>(loader: () => Promise<T[] | null | undefined>) {
  const items = shallowRef<T[]>([]) as Ref<T[]>
  const loading = ref(false)
  const error = ref<string | null>(null)
  const loaded = ref(false)
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const result = await loader()
      if (mine !== generation) return
      items.value = Array.isArray(result) ? result : []
      loaded.value = true
    } catch (e) {
      if (mine !== generation) return
      items.value = []
      error.value = listError(e)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  return { items, loading, error, loaded, load }
}

/** A list endpoint the server does not have (yet) says so plainly instead of "not found". */
export function listError(e: unknown): string {
  if (e instanceof ApiError && [404, 405, 501].includes(e.status)) {
    return `The server does not offer this list yet (HTTP ${e.status}: ${e.message})`
  }
  return errorMessage(e)
}

/** Runs a form submission: `busy` while it runs, `error` holds the server's message when it refuses. */
export function useAction() {
  const busy = ref(false)
  const error = ref<string | null>(null)

  async function run(fn: () => Promise<unknown>): Promise<boolean> {
    busy.value = true
    error.value = null
    try {
      await fn()
      return true
    } catch (e) {
      error.value = errorMessage(e)
      return false
    } finally {
      busy.value = false
    }
  }

  function reset(): void {
    error.value = null
    busy.value = false
  }

  return { busy, error, run, reset }
}
