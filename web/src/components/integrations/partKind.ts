import type { IntegrationMatcher, IntegrationValue } from '@/api/integrations'

/** What differs between an integration's matchers and its extracted values in their list (IntegrationPartList). */
export interface PartKind<T> {
  title: string
  /** The field that says where to read (a header or the body), its label and choices. */
  source: keyof T & string
  sourceLabel: string
  sources: string[]
  addTestid: string
  /** The row's rule in one line. */
  describe: (row: T) => string
}

const read = (source: string, body: string, key: string) => `${source}${source === 'body' ? '/' + body : ''} ${key}`

export const MATCHERS: PartKind<IntegrationMatcher> = {
  title: 'Matchers (all must hold)', source: 'match_type', sourceLabel: 'In', sources: ['header', 'body'], addTestid: 'add-matcher',
  describe: (m) => `${read(m.match_type, m.body_data_type, m.key)} ${m.method} ${m.value}`,
}

export const VALUES: PartKind<IntegrationValue> = {
  title: 'Extracted values', source: 'value_source', sourceLabel: 'From', sources: ['body', 'header'], addTestid: 'add-value',
  describe: (v) => `${read(v.value_source, v.body_data_type, v.key)} → ${v.variable_type === 'task' ? 'task field' : 'extra variable'} ${v.variable}`,
}
