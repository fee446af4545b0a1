import type { AccessKeyType } from '@/api'

export const KEY_TYPES: { value: AccessKeyType; title: string }[] = [
  { value: 'ssh', title: 'SSH key' },
  { value: 'login_password', title: 'Login with password' },
  { value: 'none', title: 'None' },
]

export function keyTypeTitle(type: string): string {
  if (type === 'string') return 'Secret string'
  return KEY_TYPES.find((t) => t.value === type)?.title ?? type
}
