import { describe, expect, it } from 'vitest'
import { filterProjects } from '@/components/project/projectForm'

const list = [{ name: 'Web Frontend' }, { name: 'web-backend' }, { name: 'Ops' }, { name: 'Database backups' }]
const names = (q: string | null) => filterProjects(list, q).map((p) => p.name)

describe('filterProjects', () => {
  it('blankQuery_keepsAllInOrder', () => {
    expect(names('')).toEqual(list.map((p) => p.name))
    expect(names('   ')).toEqual(list.map((p) => p.name))
    expect(names(null)).toEqual(list.map((p) => p.name))
  })

  it('ignoresCase', () => {
    expect(names('WEB')).toEqual(['Web Frontend', 'web-backend'])
  })

  it('everyWordMustMatch_inAnyOrder', () => {
    expect(names('backend web')).toEqual(['web-backend'])
    expect(names(' back ')).toEqual(['web-backend', 'Database backups'])
  })

  it('noMatch_isEmpty', () => {
    expect(names('nothing')).toEqual([])
  })

  it('returnsACopy', () => {
    expect(filterProjects(list, '')).not.toBe(list)
  })
})
