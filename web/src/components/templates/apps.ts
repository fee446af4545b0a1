import type { TemplateApp } from '@/api'

export const APPS: { value: TemplateApp; title: string; playbookLabel: string; placeholder: string }[] = [
  { value: 'ansible', title: 'Ansible', playbookLabel: 'Playbook filename', placeholder: 'playbooks/site.yml' },
  { value: 'terraform', title: 'Terraform', playbookLabel: 'Subdirectory (optional)', placeholder: 'infra/' },
  { value: 'tofu', title: 'OpenTofu', playbookLabel: 'Subdirectory (optional)', placeholder: 'infra/' },
  { value: 'bash', title: 'Bash', playbookLabel: 'Script filename', placeholder: 'scripts/deploy.sh' },
  { value: 'python', title: 'Python', playbookLabel: 'Script filename', placeholder: 'scripts/deploy.py' },
  { value: 'powershell', title: 'PowerShell', playbookLabel: 'Script filename', placeholder: 'scripts/deploy.ps1' },
]

export function appTitle(app: string): string {
  return APPS.find((a) => a.value === app)?.title ?? (app || 'Ansible')
}

export function isTerraform(app: string): boolean {
  return app === 'terraform' || app === 'tofu'
}

/** Whether a template's task_params say to apply Terraform plans without confirmation. */
export function isAutoApprove(params: Record<string, unknown> | null | undefined): boolean {
  const v = params?.auto_approve
  return v === true || v === 'true'
}

/**
 * The template's task_params with auto_approve set or removed; other parameters are kept as they are. An
 * emptied object is sent as {} because the server keeps the stored parameters when it gets null.
 */
export function withAutoApprove(
  params: Record<string, unknown> | null | undefined,
  on: boolean,
): Record<string, unknown> | null {
  const rest = { ...(params ?? {}) }
  delete rest.auto_approve
  if (on) rest.auto_approve = true
  if (Object.keys(rest).length) return rest
  return params ? {} : null
}
