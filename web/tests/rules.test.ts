import { describe, expect, it } from 'vitest'
import { email, jsonObject, jsonStringArray, nonNegativeInt, required } from '@/utils/rules'
import { formatDuration } from '@/utils/format'

describe('validation rules', () => {
  it('required_rejectsBlank', () => {
    expect(required('Name')('  ')).toBe('Name is required')
    expect(required('Name')('x')).toBe(true)
  })

  it('jsonObject_acceptsObjectsOnly', () => {
    expect(jsonObject('{"a": 1}')).toBe(true)
    expect(jsonObject('')).toBe(true)
    expect(jsonObject('[1]')).toBe('Must be a JSON object: {…}')
    expect(jsonObject('{a')).toMatch(/^Not valid JSON/)
  })

  it('jsonStringArray_acceptsStringArrays', () => {
    expect(jsonStringArray('["-v", "--check"]')).toBe(true)
    expect(jsonStringArray('[1]')).toMatch(/array of strings/)
  })

  it('nonNegativeInt_and_email', () => {
    expect(nonNegativeInt('3')).toBe(true)
    expect(nonNegativeInt('-1')).not.toBe(true)
    expect(email('a@b.c')).toBe(true)
    expect(email('nope')).not.toBe(true)
  })

  it('formatDuration_showsMinutesAndSeconds', () => {
    expect(formatDuration('2024-01-01T00:00:00Z', '2024-01-01T00:02:05Z')).toBe('2m 5s')
    expect(formatDuration(null, null)).toBe('—')
  })
})
