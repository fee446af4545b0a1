import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import { useAuthStore } from '@/stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** Only for global admins. */
    admin?: boolean
    title?: string
  }
}

// Every page is its own lazily loaded chunk, so the first load carries only the shell and one page.
export const routes: RouteRecordRaw[] = [
  {
    path: '/auth/login',
    name: 'login',
    component: () => import('@/views/auth/SignInView.vue'),
    meta: { public: true, title: 'Sign in' },
  },
  {
    path: '/',
    component: () => import('@/views/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: 'Projects' } },
      {
        path: 'projects',
        name: 'projects',
        component: () => import('@/views/ProjectsView.vue'),
        meta: { title: 'Projects' },
      },
      {
        path: 'project/:projectId(\\d+)',
        component: () => import('@/views/project/ProjectView.vue'),
        children: [
          { path: '', redirect: (to) => ({ name: 'history', params: to.params }) },
          {
            path: 'history',
            name: 'history',
            component: () => import('@/views/project/DashboardView.vue'),
            meta: { title: 'Dashboard' },
            // Semaphore's task links: /project/1/history?t=42
            beforeEnter: (to) => {
              const t = Number(to.query.t)
              return Number.isInteger(t) && t > 0 ? { name: 'task', params: { ...to.params, taskId: t }, replace: true } : true
            },
          },
          {
            path: 'tasks/:taskId(\\d+)',
            name: 'task',
            component: () => import('@/views/project/TaskView.vue'),
            meta: { title: 'Task' },
          },
          {
            path: 'templates',
            name: 'templates',
            component: () => import('@/views/project/TemplatesView.vue'),
            meta: { title: 'Task Templates' },
          },
          {
            path: 'templates/:templateId(\\d+)',
            name: 'template',
            component: () => import('@/views/project/TemplateView.vue'),
            meta: { title: 'Task Template' },
          },
          {
            path: 'inventory',
            name: 'inventory',
            component: () => import('@/views/project/InventoryView.vue'),
            meta: { title: 'Inventory' },
          },
          {
            path: 'environment',
            name: 'environment',
            component: () => import('@/views/project/EnvironmentView.vue'),
            meta: { title: 'Variable Groups' },
          },
          {
            path: 'keys',
            name: 'keys',
            component: () => import('@/views/project/KeysView.vue'),
            meta: { title: 'Key Store' },
          },
          {
            path: 'repositories',
            name: 'repositories',
            component: () => import('@/views/project/RepositoriesView.vue'),
            meta: { title: 'Repositories' },
          },
          {
            path: 'schedule',
            name: 'schedule',
            component: () => import('@/views/project/SchedulesView.vue'),
            meta: { title: 'Schedules' },
          },
          {
            path: 'integrations',
            name: 'integrations',
            component: () => import('@/views/project/IntegrationsView.vue'),
            meta: { title: 'Integrations' },
          },
          {
            path: 'runners',
            name: 'project-runners',
            component: () => import('@/views/project/RunnersView.vue'),
            meta: { title: 'Runners' },
          },
          {
            path: 'team',
            name: 'team',
            component: () => import('@/views/project/TeamView.vue'),
            meta: { title: 'Team' },
          },
          {
            path: 'activity',
            name: 'activity',
            component: () => import('@/views/project/ActivityView.vue'),
            meta: { title: 'Activity' },
          },
          {
            path: 'settings',
            name: 'settings',
            component: () => import('@/views/project/SettingsView.vue'),
            meta: { title: 'Project Settings' },
          },
        ],
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/admin/UsersView.vue'),
        meta: { admin: true, title: 'Users' },
      },
      {
        path: 'runners',
        name: 'runners',
        component: () => import('@/views/admin/RunnersView.vue'),
        meta: { admin: true, title: 'Runners' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('@/views/admin/NotificationsView.vue'),
        meta: { admin: true, title: 'Notifications' },
      },
      {
        path: 'sign-in-options',
        name: 'sign-in-options',
        component: () => import('@/views/admin/SignInOptionsView.vue'),
        meta: { admin: true, title: 'Sign-in options' },
      },
      {
        path: 'profile',
        name: 'profile',
        component: () => import('@/views/user/ProfileView.vue'),
        meta: { title: 'Profile & API tokens' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/NotFoundView.vue'),
        meta: { title: 'Not found' },
      },
    ],
  },
]

export function createAppRouter(): Router {
  const router = createRouter({ history: createWebHistory('/'), routes })

  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    if (!auth.checked) {
      try {
        await auth.fetchUser()
      } catch {
        // Server unreachable or failing: the sign-in page shows what the server says.
      }
    }
    if (to.meta.public) {
      if (to.name === 'login' && auth.signedIn) {
        const redirect = typeof to.query.redirect === 'string' ? to.query.redirect : '/'
        return safeRedirect(redirect)
      }
      return true
    }
    if (!auth.signedIn) {
      return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    }
    if (to.meta.admin && !auth.isAdmin) {
      return { name: 'home' }
    }
    return true
  })

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Semaphore` : 'Semaphore'
  })

  return router
}

/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeRedirect(target: string): string {
  return target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/api/') ? target : '/'
}
