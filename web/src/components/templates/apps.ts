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
