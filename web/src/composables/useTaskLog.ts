import { computed, onBeforeUnmount, ref, shallowRef } from 'vue'
import { errorMessage, tasksApi, type Id } from '@/api'
import { useLiveStore } from '@/stores/live'
import { LogPager } from '@/utils/logPaging'

/**
 * One task's output for the log viewer: the tail first (a million lines open at once), older pages on demand,
 * live lines from the app's WebSocket, and a catch-up after the socket reconnects. Changes are batched to one
 * re-render per animation frame however fast lines arrive.
 */
export function useTaskLog(projectId: Id, taskId: Id) {
  const live = useLiveStore()
  const revision = ref(0)
  const error = ref<string | null>(null)
  let frame = 0

  function bump(): void {
    if (frame) return
    const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (fn: () => void) => setTimeout(fn, 16)
    frame = raf(() => {
      frame = 0
      revision.value++
    }) as unknown as number
  }

  const pager = shallowRef(
    new LogPager((offset, limit) => tasksApi.output(projectId, taskId, offset, limit), {
      onChange: bump,
      onError: (e) => {
        error.value = errorMessage(e)
      },
    }),
  )

  async function guard(fn: () => Promise<unknown>): Promise<void> {
    error.value = null
    try {
      await fn()
    } catch (e) {
      error.value = errorMessage(e)
    }
  }

  /** When a line last arrived or the log was last checked (ms). */
  let lastActivity = Date.now()

  const unwatch = live.watchLogs(taskId)
  const stopListening = live.listen((event) => {
    const p = pager.value
    if (event.type === 'log') {
      if (event.task_id === taskId) {
        lastActivity = Date.now()
        p.pushLive(event)
      }
    } else if (event.type === 'open' && event.reconnect) {
      // lines were missed while the connection was down
      void guard(() => p.catchUp())
    }
  })

  onBeforeUnmount(() => {
    stopListening()
    unwatch()
    pager.value.dispose()
    if (frame && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame)
  })

  /** Everything the viewer shows; recomputed on each batched change. */
  const view = computed(() => {
    void revision.value
    const p = pager.value
    return {
      lines: p.lines,
      start: p.start,
      end: p.end,
      loading: p.loading,
      loadingOlder: p.loadingOlder,
      hasOlder: p.hasOlder,
      hasNewer: p.hasNewer,
      loadingNewer: p.loadingNewer,
      /** Lines in the whole log as far as known (for the scrollbar over the whole log). */
      total: p.total,
      capped: p.capped,
      resets: p.resets,
      times: p.lineTimes,
      pinned: p.pinned,
      revision: revision.value,
    }
  })

  return {
    view,
    error,
    load: () => guard(() => pager.value.loadTail()),
    loadOlder: () => guard(() => pager.value.loadOlder()),
    /** After a jump: the page after the loaded lines. */
    loadNewer: () => guard(() => pager.value.loadNewer()),
    /** Loads the lines around line `n` (1-based); resolves to the line shown (0 when it failed or the log is empty). */
    jumpTo: async (n: number): Promise<number> => {
      error.value = null
      try {
        const shown = await pager.value.jumpTo(n)
        revision.value++ // now, not at the next animation frame: the caller scrolls to the line next
        return shown
      } catch (e) {
        error.value = errorMessage(e)
        return 0
      }
    },
    /** After the task finished: make sure no line was missed. */
    verify: () => guard(() => pager.value.verifyEnd()),
    /**
     * While the task runs, call now and then: when no line came for `quietMs`, fetch what is stored after the
     * last shown line. Lines printed in the moment between the first load and the server taking our
     * subscription reach us only this way when the task then goes quiet (a later live line reveals the gap).
     */
    checkWhileQuiet: (quietMs = 3000) => {
      const p = pager.value
      if (Date.now() - lastActivity < quietMs || !p.live || p.loading) return
      lastActivity = Date.now()
      void guard(() => p.catchUp())
    },
  }
}
