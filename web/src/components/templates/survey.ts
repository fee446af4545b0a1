import type { SurveyVar } from '@/api'

/** Survey variable types: "" string, int (digits only), enum (one of `values`), secret (password; sent apart). */
export const SURVEY_TYPES = [
  { value: '', title: 'String' },
  { value: 'int', title: 'Integer' },
  { value: 'enum', title: 'Choice (enum)' },
  { value: 'secret', title: 'Secret' },
] as const

export type SurveyAnswers = Record<string, string>

/** Rule of an answer field: required, and digits only for int. */
export function answerRules(v: SurveyVar): ((x: unknown) => true | string)[] {
  const label = v.title || v.name
  const rules: ((x: unknown) => true | string)[] = []
  if (v.required) rules.push((x) => (x !== null && x !== undefined && String(x).trim() !== '') || `${label} is required`)
  if (v.type === 'int') rules.push((x) => x === null || x === undefined || String(x).trim() === '' || /^\d+$/.test(String(x).trim()) || 'Digits only')
  if (v.type === 'enum') {
    const allowed = (v.values ?? []).map((o) => o.value)
    rules.push((x) => x === null || x === undefined || x === '' || allowed.includes(String(x)) || 'Choose one of the values')
  }
  return rules
}

/**
 * The `environment` and `secret` JSON of a task request: answers of secret variables go into `secret`, the
 * others into `environment` (ints as numbers), merged over `extra` (variables a re-run keeps). Empty answers
 * are left out; an empty object is not sent.
 */
export function surveyRequest(
  vars: readonly SurveyVar[],
  answers: SurveyAnswers,
  extra: Record<string, unknown> = {},
): { environment?: string; secret?: string } {
  const env: Record<string, unknown> = { ...extra }
  const secret: Record<string, string> = {}
  for (const v of vars) {
    const raw = answers[v.name]
    const value = raw === undefined || raw === null ? '' : String(raw)
    if (v.type === 'secret') {
      delete env[v.name]
      if (value !== '') secret[v.name] = value
      continue
    }
    if (value.trim() === '') {
      delete env[v.name]
      continue
    }
    env[v.name] = v.type === 'int' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : v.type === 'int' ? value.trim() : value
  }
  const out: { environment?: string; secret?: string } = {}
  if (Object.keys(env).length) out.environment = JSON.stringify(env)
  if (Object.keys(secret).length) out.secret = JSON.stringify(secret)
  return out
}

/** Splits a task's stored `environment` into answers of the survey and the other variables (for re-runs). */
export function answersFromEnvironment(
  vars: readonly SurveyVar[],
  environment: string | null | undefined,
): { answers: SurveyAnswers; extra: Record<string, unknown> } {
  const answers: SurveyAnswers = {}
  let extra: Record<string, unknown> = {}
  if (environment && environment.trim()) {
    try {
      const parsed: unknown = JSON.parse(environment)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) extra = { ...(parsed as Record<string, unknown>) }
    } catch {
      // not JSON: nothing to reuse
    }
  }
  for (const v of vars) {
    if (v.type === 'secret' || !(v.name in extra)) continue
    const value = extra[v.name]
    answers[v.name] = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
    delete extra[v.name]
  }
  return { answers, extra }
}

/** One problem of a survey definition: the row (0-based) it is about and what is wrong. */
export interface SurveyProblem {
  index: number
  message: string
}

/** Problems of a survey definition the server would refuse (names, duplicates, enums without values), by row. */
export function surveyProblemRows(vars: readonly SurveyVar[]): SurveyProblem[] {
  const problems: SurveyProblem[] = []
  const seen = new Set<string>()
  vars.forEach((v, index) => {
    const label = v.name ? `"${v.name}"` : `#${index + 1}`
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.name ?? ''))
      problems.push({ index, message: `Variable ${label}: the name must be letters, digits and _, not starting with a digit` })
    else if (seen.has(v.name)) problems.push({ index, message: `Variable ${label} is defined twice` })
    seen.add(v.name)
    if (v.type === 'enum' && !(v.values ?? []).some((o) => o.value !== ''))
      problems.push({ index, message: `Variable ${label} is a choice and needs values` })
  })
  return problems
}

/** The messages of {@link surveyProblemRows}. */
export function surveyProblems(vars: readonly SurveyVar[]): string[] {
  return surveyProblemRows(vars).map((p) => p.message)
}
