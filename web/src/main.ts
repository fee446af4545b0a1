import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppRouter } from './router'
import { createAppVuetify } from './plugins/vuetify'
import { onUnauthorized } from './api'
import { useAuthStore } from './stores/auth'
import { useProjectsStore } from './stores/projects'
import { useUiStore } from './stores/ui'
import './styles/app.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)

const router = createAppRouter()
const ui = useUiStore()
app.use(createAppVuetify(ui.theme))
app.use(router)

// A 401 on any authenticated call: the session ended, so forget the user and go to the sign-in page.
onUnauthorized(() => {
  useAuthStore().forget()
  useProjectsStore().reset()
  const current = router.currentRoute.value
  if (current.name !== 'login') {
    void router.push({ name: 'login', query: current.fullPath !== '/' ? { redirect: current.fullPath } : {} })
  }
})

app.mount('#app')
