// `--version` is answered before oclif loads: it must say exactly what oclif would.
import { Config } from '@oclif/core'
import { describe, expect, it } from 'vitest'
import { quickVersion } from '../src/version.js'
import { repoRoot, runCli } from './support/cli.js'

const packageJson = new URL('../package.json', import.meta.url)

describe('quickVersion', () => {
  it("prints oclif's user agent for --version and -v", async () => {
    const config = await Config.load(repoRoot)
    expect(config.pjson.oclif.additionalVersionFlags).toEqual(['-v'])
    expect(quickVersion(['--version'], packageJson)).toBe(config.userAgent)
    expect(quickVersion(['-v'], packageJson)).toBe(config.userAgent)
  })

  it.each([[[]], [['validate']], [['--version', '--json']], [['deploy', '--version']], [['--help']]])('leaves %j to oclif', (argv) => {
    expect(quickVersion(argv, packageJson)).toBeUndefined()
  })

  it('is what the built binary prints', async () => {
    const config = await Config.load(repoRoot)
    const result = await runCli(['--version'])
    expect(result).toEqual({ code: 0, stdout: `${config.userAgent}\n`, stderr: '' })
  })
})
