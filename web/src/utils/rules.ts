/** Validation rules for Vuetify fields: each returns true or the message to show under the field. */
export type Rule = (v: unknown) => true | string

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v))

export const required =
  (label = 'This field'): Rule =>
  (v) =>
    (Array.isArray(v) ? v.length > 0 : text(v).trim() !== '') || `${label} is required`

export const selected =
  (label = 'An option'): Rule =>
  (v) =>
    (v !== null && v !== undefined && v !== '') || `${label} must be chosen`

export const maxLength =
  (n: number): Rule =>
  (v) =>
    text(v).length <= n || `At most ${n} characters`

export const minLength =
  (n: number, label = 'It'): Rule =>
  (v) =>
    text(v) === '' || text(v).length >= n || `${label} must have at least ${n} characters`

export const nonNegativeInt: Rule = (v) =>
  text(v).trim() === '' || /^\d+$/.test(text(v).trim()) || 'Enter a whole number, 0 or more'

export const email: Rule = (v) =>
  text(v).trim() === '' || /^[^\s@]+@[^\s@]+$/.test(text(v).trim()) || 'Enter an e-mail address'

export const noSpaces: Rule = (v) => !/\s/.test(text(v)) || 'No spaces allowed'

/** Empty, or a JSON object such as `{"key": "value"}`. */
export const jsonObject: Rule = (v) => {
  const s = text(v).trim()
  if (s === '') return true
  try {
    const parsed: unknown = JSON.parse(s)
    return (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) || 'Must be a JSON object: {…}'
  } catch (e) {
    return `Not valid JSON: ${(e as Error).message}`
  }
}

/** Empty, or a JSON array of strings such as `["-v", "--check"]`. */
export const jsonStringArray: Rule = (v) => {
  const s = text(v).trim()
  if (s === '') return true
  try {
    const parsed: unknown = JSON.parse(s)
    return (
      (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) ||
      'Must be a JSON array of strings: ["--arg", "value"]'
    )
  } catch (e) {
    return `Not valid JSON: ${(e as Error).message}`
  }
}

/** YAML forbids tabs in indentation; the server would only say the inventory does not parse when a task runs. */
export const yamlIndentation: Rule = (v) => {
  const lines = text(v).split('\n')
  const i = lines.findIndex((l) => /^[ ]*\t/.test(l))
  return i < 0 || `Line ${i + 1} is indented with a tab; YAML needs spaces`
}
