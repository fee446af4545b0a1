import { computed } from 'vue'
import { useRoute } from 'vue-router'
import { Permission } from '@/api'
import { useProjectsStore } from '@/stores/projects'

/** The project of the current route and what the user's role in it allows. */
export function useProject() {
  const store = useProjectsStore()
  const route = useRoute()
  const projectId = computed(() => Number(route.params.projectId))
  return {
    projectId,
    project: computed(() => store.current),
    role: computed(() => store.role?.role ?? ''),
    canRunTasks: computed(() => store.can(Permission.RunTasks)),
    canUpdateProject: computed(() => store.can(Permission.UpdateProject)),
    canManageResources: computed(() => store.can(Permission.ManageResources)),
    canManageUsers: computed(() => store.can(Permission.ManageUsers)),
  }
}

/** Text shown instead of a "create" button the role does not allow. */
export const READ_ONLY_HINT = 'Your role in this project can look but not change this.'
