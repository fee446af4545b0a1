import type { ProjectRoleName } from '@/api'

export const ROLES: { value: ProjectRoleName; title: string; description: string }[] = [
  { value: 'owner', title: 'Owner', description: 'Everything, including project settings and the team' },
  { value: 'manager', title: 'Manager', description: 'Runs tasks and manages templates, keys, inventories…' },
  { value: 'task_runner', title: 'Task Runner', description: 'Runs tasks; sees everything' },
  { value: 'guest', title: 'Guest', description: 'Sees everything, changes nothing' },
]

export function roleTitle(role: string): string {
  return ROLES.find((r) => r.value === role)?.title ?? role
}
