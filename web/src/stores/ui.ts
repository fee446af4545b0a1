import { defineStore } from 'pinia'
import { ref } from 'vue'

export type ThemeName = 'light' | 'dark'
const THEME_KEY = 'semaphore.theme'

export interface ConfirmRequest {
  title: string
  text: string
  confirmText?: string
  /** Red button for actions that destroy something. Default true. */
  danger?: boolean
  /** Runs when the user confirms; a thrown error is shown in the dialog, which stays open. */
  action: () => Promise<void> | void
}

export interface Toast {
  text: string
  color: 'success' | 'error' | 'info'
}

/** Theme, snackbar messages and the one "are you sure?" dialog. */
export const useUiStore = defineStore('ui', () => {
  const theme = ref<ThemeName>(initialTheme())
  const toast = ref<Toast | null>(null)
  const confirmRequest = ref<ConfirmRequest | null>(null)

  function setTheme(name: ThemeName): void {
    theme.value = name
    try {
      localStorage.setItem(THEME_KEY, name)
    } catch {
      // private mode: the choice lasts for this page only
    }
  }

  function toggleTheme(): void {
    setTheme(theme.value === 'dark' ? 'light' : 'dark')
  }

  function notify(text: string, color: Toast['color'] = 'success'): void {
    toast.value = { text, color }
  }

  /** Asks before a destructive action; the dialog runs `action` and closes when it succeeds. */
  function confirm(request: ConfirmRequest): void {
    confirmRequest.value = request
  }

  return { theme, toast, confirmRequest, setTheme, toggleTheme, notify, confirm }
})

function initialTheme(): ThemeName {
  try {
    const saved = localStorage.getItem(THEME_KEY)
    if (saved === 'dark' || saved === 'light') return saved
    if (typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches) return 'dark'
  } catch {
    // no storage (tests, private mode)
  }
  return 'light'
}
