import type { SurveyVar, TaskWithTemplate, Template } from '@/api'

/** The mask shown for a secret survey answer: the server never stores or sends it. */
export const SECRET_MASK = '••••••••'

export interface SurveyAnswerRow {
  name: string
  title: string
  value: string
  secret: boolean
}

/** A JSON array of strings kept as text (template and task arguments); [] when empty or not readable. */
export function argumentList(text: string | null | undefined): string[] {
  if (!text || !text.trim()) return []
  try {
    const parsed: unknown = JSON.parse(text)
    return Array.isArray(parsed) ? parsed.map((a) => String(a)) : []
  } catch {
    return []
  }
}

/** Ansible tags and skipped tags named in arguments (`--tags a,b`, `--tags=a`, `-t a`, `--skip-tags b`). */
export function tagsFromArguments(args: readonly string[]): { tags: string[]; skipTags: string[] } {
  const tags: string[] = []
  const skipTags: string[] = []
  const split = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean)
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '--tags' || a === '-t') tags.push(...split(args[++i] ?? ''))
    else if (a.startsWith('--tags=')) tags.push(...split(a.slice(7)))
    else if (a === '--skip-tags') skipTags.push(...split(args[++i] ?? ''))
    else if (a.startsWith('--skip-tags=')) skipTags.push(...split(a.slice(12)))
  }
  return { tags, skipTags }
}

function environmentObject(text: string | null | undefined): Record<string, unknown> {
  if (!text || !text.trim()) return {}
  try {
    const parsed: unknown = JSON.parse(text)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function show(v: unknown): string {
  if (v === null || v === undefined) return ''
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

/**
 * The survey's answers of a task: each survey variable of the template with the task's value; secret ones are
 * always masked (their values travel with the task to its run and are never stored). Variables of the task that
 * are not survey answers come back in `extra`.
 */
export function surveyAnswers(
  vars: readonly SurveyVar[] | null | undefined,
  environment: string | null | undefined,
): { answers: SurveyAnswerRow[]; extra: { name: string; value: string }[] } {
  const env = { ...environmentObject(environment) }
  const answers: SurveyAnswerRow[] = []
  for (const v of vars ?? []) {
    const secret = v.type === 'secret'
    const value = secret ? SECRET_MASK : v.name in env ? show(env[v.name]) : ''
    delete env[v.name]
    answers.push({ name: v.name, title: v.title || v.name, value, secret })
  }
  const extra = Object.entries(env).map(([name, value]) => ({ name, value: show(value) }))
  return { answers, extra }
}

/** Who or what started a task, in words. */
export function startedBy(
  t: Pick<TaskWithTemplate, 'user_name' | 'user_id' | 'schedule_id' | 'integration_id'>,
  names: { schedule?: string; integration?: string } = {},
): string {
  if (t.user_name) return t.user_name
  if (t.user_id) return `User #${t.user_id}`
  if (t.schedule_id) return `Schedule ${names.schedule ? `“${names.schedule}”` : `#${t.schedule_id}`}`
  if (t.integration_id) return `Webhook ${names.integration ? `“${names.integration}”` : `#${t.integration_id}`}`
  return 'The server (e.g. a build’s autorun)'
}

/** Who stopped a task, or null when nobody asked. */
export function stoppedBy(t: Pick<TaskWithTemplate, 'stopped_by' | 'stopped_by_name'>): string | null {
  if (t.stopped_by_name) return t.stopped_by_name
  if (t.stopped_by) return `User #${t.stopped_by}`
  return null
}

/** The arguments a run got: the template's, then the task's own. */
export function runArguments(t: Pick<TaskWithTemplate, 'arguments'>, template: Pick<Template, 'arguments'> | null): string[] {
  return [...argumentList(template?.arguments), ...argumentList(t.arguments)]
}
