import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import {
  runnerConfigFile,
  runnerEnvCommand,
  runnerRegisterCommand,
  runnerStartCommand,
  runnerState,
  serverUrl,
} from '@/api/runners'

describe('serverUrl', () => {
  it('theConfiguredWebHost_withoutItsTrailingSlash_elseThisPagesOrigin', () => {
    ;(globalThis as { window?: unknown }).window = { location: { origin: 'https://ui.example.com' } }
    expect(serverUrl('https://semaphore.example.com/')).toBe('https://semaphore.example.com')
    expect(serverUrl('')).toBe('https://ui.example.com')
    expect(serverUrl(null)).toBe('https://ui.example.com')
  })
})

describe('runnerConfigFile', () => {
  it('isJson_withTheServerAndTheToken_inSemaphoresKeys', () => {
    const parsed = JSON.parse(runnerConfigFile('https://s.example.com', 'tok"en'))
    expect(parsed).toEqual({ web_host: 'https://s.example.com', runner: { token: 'tok"en' } })
  })
})

describe('runnerEnvCommand', () => {
  it('setsSemaphoresVariables_andStartsWithoutAConfigFile', () => {
    const c = runnerEnvCommand('https://s.example.com', 'abc123')
    expect(c).toContain('SEMAPHORE_WEB_ROOT=https://s.example.com')
    expect(c).toContain('SEMAPHORE_RUNNER_TOKEN=abc123')
    expect(c).toContain('semaphore runner start --no-config')
  })

  it('aValueWithShellCharacters_reachesTheProgramUnchanged', () => {
    // the snippet is run by a real shell: the program it starts must see exactly the values given
    const token = `a'b $HOME "c"`
    const c = runnerEnvCommand('https://s.example.com/x y', token).replace(
      'semaphore runner start --no-config',
      `sh -c 'printf "%s\\n%s" "$SEMAPHORE_WEB_ROOT" "$SEMAPHORE_RUNNER_TOKEN"'`,
    )
    const out = execFileSync('sh', ['-c', c], { encoding: 'utf8' })
    expect(out).toBe(`https://s.example.com/x y\n${token}`)
  })
})

describe('runnerStartCommand and runnerRegisterCommand', () => {
  it('startUsesTheConfigFile', () => {
    expect(runnerStartCommand()).toBe('semaphore runner start --config ./config.runner.json')
  })

  it('registerUsesTheRegistrationToken_notTheRunnersToken', () => {
    const c = runnerRegisterCommand('https://s.example.com')
    expect(c).toContain('semaphore runner register')
    expect(c).toContain('<runner_registration_token>')
    expect(c).toContain('SEMAPHORE_WEB_ROOT=https://s.example.com')
  })
})

describe('runnerState', () => {
  it('onlineOfflineOrNeverSeen', () => {
    expect(runnerState({ online: true, touched: '2026-01-01T00:00:00Z' })).toBe('online')
    expect(runnerState({ online: false, touched: '2026-01-01T00:00:00Z' })).toBe('offline')
    expect(runnerState({ online: false, touched: null })).toBe('never seen')
  })
})
