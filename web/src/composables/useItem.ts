import { ref, type Ref } from 'vue'
import { ApiError, errorMessage } from '@/api'

/**
 * One thing loaded from the API for its own page: the `item`, `loading` until the first answer, the server's
 * `error`, and `notFound` when the server says it does not exist. A failed reload keeps the item loaded before.
 */
export function useItem<T>(loader: () => Promise<T>) {
  const item = ref(null) as Ref<T | null>
  const loading = ref(true)
  const error = ref<string | null>(null)
  const notFound = ref(false)

  /** The item, or null when loading failed. */
  async function load(): Promise<T | null> {
    try {
      const value = await loader()
      item.value = value
      error.value = null
      return value
    } catch (e) {
      notFound.value = e instanceof ApiError && e.notFound
      error.value = errorMessage(e)
      return null
    } finally {
      loading.value = false
    }
  }

  return { item, loading, error, notFound, load }
}
