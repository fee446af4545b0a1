import { createHmac } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { curlExample, webhookUrl } from '@/api/integrations'

describe('webhookUrl', () => {
  it('aPath_getsThisPagesOrigin_aFullUrlStays', () => {
    // no browser here: the page's location is stood in for
    ;(globalThis as { window?: unknown }).window = { location: { origin: 'https://ui.example.com' } }
    expect(webhookUrl('/api/integrations/abc')).toBe('https://ui.example.com/api/integrations/abc')
    expect(webhookUrl('https://s.example.com/api/integrations/abc')).toBe('https://s.example.com/api/integrations/abc')
  })
})

describe('curlExample', () => {
  const url = 'https://s.example.com/api/integrations/abc'

  it('none_postsJson', () => {
    const c = curlExample(url, { auth_method: '', auth_header: '' })
    expect(c).toContain(`curl -X POST '${url}'`)
    expect(c).toContain(`-d '{"ref": "refs/heads/main"}'`)
    expect(c).not.toContain('X-Hub-Signature-256')
  })

  it('token_sendsTheHeader', () => {
    expect(curlExample(url, { auth_method: 'token', auth_header: 'X-Hook-Token' })).toContain(`-H 'X-Hook-Token: <your token>'`)
  })

  it('github_signsTheExactBodyItSends', () => {
    const c = curlExample(url, { auth_method: 'github', auth_header: '' })
    const signing = c.match(/\$\((.*)\)/)![1].replace('<secret>', 's3cret')
    const signature = execFileSync('bash', ['-c', signing]).toString().trim()
    const expected = createHmac('sha256', 's3cret').update('{"ref": "refs/heads/main"}').digest('hex')
    expect(signature).toBe(expected)
    expect(c).toContain('X-Hub-Signature-256: sha256=')
  })

  it('hmac_usesTheIntegrationsHeader', () => {
    expect(curlExample(url, { auth_method: 'hmac', auth_header: 'X-Signature' })).toContain('-H "X-Signature: $(printf')
  })
})
