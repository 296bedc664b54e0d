// The code cache: hits, misses, rebuilt and corrupt caches in real processes (the cache is
// written at exit), and the built binary running from its caches.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cacheFileFor, commandVariant, compileCacheDir } from '../src/compile-cache.js'
import { repoRoot, runCli } from './support/cli.js'

/** A fresh directory under the system's temporary one, removed after the test. */
const made: string[] = []
const temporaryDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('compileCacheDir', () => {
  const versioned = `${process.version}-${process.arch}`

  it('is under XDG_CACHE_HOME, else under ~/.cache, per Node version and architecture', () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/me' })).toBe(`/x/cache/ecsctl/compile-cache/${versioned}`)
    expect(compileCacheDir({ HOME: '/home/me' })).toBe(`/home/me/.cache/ecsctl/compile-cache/${versioned}`)
  })

  it.each(['1', 'true', 'yes'])('is off when ECSCTL_NO_COMPILE_CACHE=%s', (value) => {
    expect(compileCacheDir({ HOME: '/home/me', ECSCTL_NO_COMPILE_CACHE: value })).toBeUndefined()
  })

  it.each(['', '0', 'false', 'FALSE'])('stays on when ECSCTL_NO_COMPILE_CACHE=%j', (value) => {
    expect(compileCacheDir({ HOME: '/home/me', ECSCTL_NO_COMPILE_CACHE: value })).toBe(`/home/me/.cache/ecsctl/compile-cache/${versioned}`)
  })
})

describe('commandVariant', () => {
  const isCommand = (id: string) => ['validate', 'deploy'].includes(id)

  it('is the command a run names', () => {
    expect(commandVariant(['validate', '-f', 'x.yml'], isCommand)).toBe('validate')
  })

  it.each([[[]], [['--help']], [['valdate']], [['../validate']], [['Deploy']]])('is default for %j', (argv) => {
    expect(commandVariant(argv, isCommand)).toBe('default')
  })
})

describe('cacheFileFor', () => {
  const choice = { cacheDir: '/c', variant: 'validate' }

  it('names the file, the variant and the content', () => {
    expect(cacheFileFor('a', '/dist/ecsctl.cjs', choice)).toMatch(/^\/c\/ecsctl\.cjs\.validate\.[0-9a-f]{20}\.v8$/)
    expect(cacheFileFor('a', '/dist/ecsctl.cjs', choice)).toBe(cacheFileFor('a', '/other/ecsctl.cjs', choice))
  })

  it('differs for content of the same length, which V8 alone would not tell apart', () => {
    expect(cacheFileFor('x = 1', '/dist/ecsctl.cjs', choice)).not.toBe(cacheFileFor('x = 2', '/dist/ecsctl.cjs', choice))
  })
})

describe('a process loading through the cache', () => {
  let dir: string
  let cacheDir: string

  beforeEach(() => {
    dir = temporaryDir('ecsctl-compile-cache-')
    cacheDir = join(dir, 'cache')
    writeFileSync(join(dir, 'helper.cjs'), 'exports.twice = (n) => n * 2\n')
    writeMain(21)
  })

  /** main.cjs requires a sibling, which is not cached, and reports what it computed. */
  const writeMain = (n: number) =>
    writeFileSync(join(dir, 'main.cjs'), `const helper = require('./helper.cjs')\nmodule.exports = () => ({ value: helper.twice(${n}), dirname: __dirname })\n`)

  /** Loads main.cjs in a fresh Node with the cache installed; what it computed and how the cache was met. */
  function load(cache = cacheDir): { value: number; dirname: string; uses: Array<{ file: string; outcome: string }> } {
    const script = `
      const { createRequire } = await import('node:module')
      const { basename } = await import('node:path')
      const { installCompileCache } = await import('./src/compile-cache.ts')
      const installed = installCompileCache({ cacheDir: ${JSON.stringify(cache)}, variantOf: (f) => (f.endsWith('main.cjs') ? 'run' : undefined) })
      const main = createRequire(${JSON.stringify(join(dir, 'x.cjs'))})('./main.cjs')
      console.log(JSON.stringify({ ...main(), uses: installed.uses.map((u) => ({ file: basename(u.filename), outcome: u.outcome })) }))
    `
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    return JSON.parse(result.stdout) as ReturnType<typeof load>
  }
  const caches = () => readdirSync(cacheDir).filter((name) => name.startsWith('main.cjs.run.'))

  it('compiles from source the first time and writes the cache at exit; later runs read it', () => {
    expect(load()).toEqual({ value: 42, dirname: dir, uses: [{ file: 'main.cjs', outcome: 'missing' }] })
    expect(caches()).toHaveLength(1)
    expect(load()).toEqual({ value: 42, dirname: dir, uses: [{ file: 'main.cjs', outcome: 'hit' }] })
    expect(load().uses).toEqual([{ file: 'main.cjs', outcome: 'hit' }])
  })

  it('never runs a rebuilt file of the same length on the old cache, and drops the old cache', () => {
    load()
    const [before] = caches()
    writeMain(12)
    expect(load()).toEqual({ value: 24, dirname: dir, uses: [{ file: 'main.cjs', outcome: 'missing' }] })
    expect(caches()).toHaveLength(1)
    expect(caches()).not.toContain(before)
    expect(load().uses).toEqual([{ file: 'main.cjs', outcome: 'hit' }])
  })

  it('compiles from source when V8 rejects a cache, and replaces it', () => {
    load()
    const file = join(cacheDir, caches()[0] ?? '')
    writeFileSync(file, Buffer.alloc(readFileSync(file).length, 7))
    expect(load()).toEqual({ value: 42, dirname: dir, uses: [{ file: 'main.cjs', outcome: 'rejected' }] })
    expect(load().uses).toEqual([{ file: 'main.cjs', outcome: 'hit' }])
  })

  it('runs as usual when the cache cannot be written', () => {
    const notADirectory = join(dir, 'helper.cjs')
    expect(load(notADirectory)).toEqual({ value: 42, dirname: dir, uses: [{ file: 'main.cjs', outcome: 'missing' }] })
    expect(load(notADirectory).uses).toEqual([{ file: 'main.cjs', outcome: 'missing' }])
  })
})

describe('the built binary', () => {
  const validate = ['validate', '-f', 'examples/complete.yml']
  const env = (cacheHome: string, extra: Record<string, string> = {}) => ({ XDG_CACHE_HOME: cacheHome, IMAGE_TAG: 'v1.2.3', ...extra })
  const cacheFiles = (cacheHome: string): string[] => {
    try {
      return readdirSync(join(cacheHome, 'ecsctl', 'compile-cache', `${process.version}-${process.arch}`)).sort()
    } catch {
      return []
    }
  }

  // Every bundle a run loads gets a cache, so the cache files also show that validate and render
  // never load the SDK (aws.cjs) or the prompts (prompts.cjs).
  it('keeps a cache per command, answers the same from it, and loads neither the SDK nor the prompts offline', async () => {
    const cacheHome = temporaryDir('ecsctl-cache-home-')
    const first = await runCli(validate, { env: env(cacheHome) })
    expect(first.code).toBe(0)
    expect(cacheFiles(cacheHome)).toEqual([expect.stringMatching(/^ecsctl\.cjs\.validate\.[0-9a-f]{20}\.v8$/)])
    expect(await runCli(validate, { env: env(cacheHome) })).toEqual(first)

    const rendered = await runCli(['render', '-f', 'examples/complete.yml', '--json'], { env: env(cacheHome) })
    expect(await runCli(['render', '-f', 'examples/complete.yml', '--json'], { env: env(cacheHome) })).toEqual(rendered)
    expect(JSON.parse(rendered.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ operation: 'RegisterTaskDefinition' })]))

    // A typo is not a command: it shares the default cache rather than leaving one of its own.
    expect((await runCli(['valdate'], { env: env(cacheHome) })).code).toBe(2)
    expect(cacheFiles(cacheHome).map((name) => name.split('.')[2])).toEqual(['default', 'render', 'validate'])
  })

  it('writes nothing with ECSCTL_NO_COMPILE_CACHE=1', async () => {
    const cacheHome = temporaryDir('ecsctl-cache-home-')
    const result = await runCli(validate, { env: env(cacheHome, { ECSCTL_NO_COMPILE_CACHE: '1' }) })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('is valid')
    expect(cacheFiles(cacheHome)).toEqual([])
  })
})
