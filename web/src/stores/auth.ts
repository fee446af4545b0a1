import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError, authApi, userApi, type CurrentUser, type LoginMethods } from '@/api'

/** Who is signed in, and signing in and out. */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<CurrentUser | null>(null)
  /** True once we asked the server who we are (whatever the answer). */
  const checked = ref(false)
  const methods = ref<LoginMethods | null>(null)
  /** The session is signed in with the password but still owes its TOTP code. */
  const totpPending = ref(false)

  const signedIn = computed(() => user.value !== null)
  const isAdmin = computed(() => user.value?.admin === true)
  const canCreateProject = computed(() => user.value?.admin === true || user.value?.can_create_project === true)

  /** Loads the current user; resolves to null when not signed in (401). Other errors are thrown. */
  async function fetchUser(): Promise<CurrentUser | null> {
    try {
      user.value = await userApi.current()
      totpPending.value = false
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        user.value = null
        totpPending.value = e.message.startsWith('TOTP_REQUIRED')
      } else {
        throw e
      }
    } finally {
      checked.value = true
    }
    return user.value
  }

  async function loadMethods(): Promise<LoginMethods> {
    methods.value = await authApi.methods()
    return methods.value
  }

  /** Password sign-in; throws ApiError (401 wrong password, 429 too many attempts) with the server's message. */
  async function login(auth: string, password: string): Promise<CurrentUser | null> {
    await authApi.login({ auth: auth.trim(), password })
    return fetchUser()
  }

  /** The TOTP code (or, with `recovery`, the recovery code) of a session that owes it; then who we are. */
  async function verify(code: string, recovery = false): Promise<CurrentUser | null> {
    await (recovery ? authApi.recovery(code.trim()) : authApi.verify(code.replace(/\s/g, '')))
    return fetchUser()
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      forget()
    }
  }

  /** Drops what we know about the user (after sign-out or an expired session). */
  function forget(): void {
    user.value = null
    totpPending.value = false
    checked.value = true
  }

  return {
    user, checked, methods, totpPending, signedIn, isAdmin, canCreateProject,
    fetchUser, loadMethods, login, verify, logout, forget,
  }
})
