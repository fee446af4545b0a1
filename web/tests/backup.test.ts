import { describe, expect, it } from 'vitest'
import { backupFileName, readBackup } from '@/components/project/backup'

describe('project backups', () => {
  it('fileName_safeCharactersAndTheDate', () => {
    expect(backupFileName('Web Servers (prod)', new Date(2026, 2, 7))).toBe('semaphore-web-servers-prod-2026-03-07.json')
    expect(backupFileName('Café/Ops', new Date(2026, 11, 31))).toBe('semaphore-cafe-ops-2026-12-31.json')
    expect(backupFileName('!!!', new Date(2026, 0, 1))).toBe('semaphore-project-2026-01-01.json')
  })

  it('read_summarisesTheNameAndTheListsItHolds', () => {
    const { backup, summary } = readBackup(
      JSON.stringify({
        meta: { name: 'Ops' },
        templates: [{ name: 'a' }, { name: 'b' }],
        environments: [{ name: 'e' }],
        keys: [],
        inventories: 'not a list',
      }),
    )
    expect(backup.meta).toEqual({ name: 'Ops' })
    expect(summary).toEqual({
      name: 'Ops',
      parts: [
        { label: 'templates', count: 2 },
        { label: 'variable group', count: 1 },
      ],
    })
  })

  it('read_withoutAName_isLeftToTheServer', () => {
    expect(readBackup('{"templates": []}').summary).toEqual({ name: '', parts: [] })
  })

  it('read_notAJsonObject_saysWhatIsWrong', () => {
    expect(() => readBackup('')).toThrow(/empty/)
    expect(() => readBackup('{"meta":')).toThrow(/not JSON/)
    expect(() => readBackup('[1, 2]')).toThrow(/not a project backup/)
    expect(() => readBackup('"text"')).toThrow(/not a project backup/)
  })
})
