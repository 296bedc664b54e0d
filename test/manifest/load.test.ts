import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EcsctlError } from '../../src/lib/errors.js'
import { loadManifests, ManifestError } from '../../src/lib/manifest/index.js'
import { dedent } from './helpers.js'

const service = (name: string, cluster = 'prod') =>
  dedent(`
    version: 1
    name: ${name}
    cluster: ${cluster}
    containers: { app: { image: "nginx:\${TAG:-latest}", memory: 512 } }
  `)

let cwd: string

beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'ecsctl-load-'))
})

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true })
})

const write = async (file: string, text: string) => {
  await mkdir(path.dirname(path.join(cwd, file)), { recursive: true })
  await writeFile(path.join(cwd, file), text)
}

/** The error a promise rejects with, failing the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected the load to fail'),
    (error: unknown) => error,
  )
}

describe('loadManifests', () => {
  it('reads ecsctl.yml in the working directory when no file is given', async () => {
    await write('ecsctl.yml', service('web'))
    const loaded = await loadManifests({ files: [], vars: { TAG: 'v1' }, cwd })
    expect(loaded).toEqual([{ file: 'ecsctl.yml', manifest: expect.objectContaining({ name: 'web' }) }])
    expect(loaded[0]?.manifest.containers.app?.image).toBe('nginx:v1')
  })

  it('falls back to ecsctl.yaml', async () => {
    await write('ecsctl.yaml', service('web'))
    const loaded = await loadManifests({ files: [], vars: {}, cwd })
    expect(loaded.map((l) => l.file)).toEqual(['ecsctl.yaml'])
  })

  it('without a manifest, fails as invalid with a hint', async () => {
    const error = await rejection(loadManifests({ files: [], vars: {}, cwd }))
    expect(error).toBeInstanceOf(EcsctlError)
    expect(error).toMatchObject({ kind: 'invalid', exitCode: 2, hint: 'Create one with `ecsctl init`, or pass -f PATH.' })
    expect((error as Error).message).toContain('has no ecsctl.yml or ecsctl.yaml')
  })

  it('names every file that is missing', async () => {
    await write('web.yml', service('web'))
    const error = await rejection(loadManifests({ files: ['web.yml', 'api.yml', 'nothing/'], vars: {}, cwd }))
    expect(error).toMatchObject({ kind: 'invalid', message: 'manifest not found: api.yml does not exist; nothing/ does not exist' })
  })

  it('reads every *.yml and *.yaml of a directory in name order, skipping hidden files and others', async () => {
    await write('services/b.yaml', service('b'))
    await write('services/a.yml', service('a'))
    await write('services/.draft.yml', 'not: [valid')
    await write('services/notes.txt', 'hello')
    await mkdir(path.join(cwd, 'services', 'nested.yml'))
    const loaded = await loadManifests({ files: ['services'], vars: {}, cwd })
    expect(loaded.map((l) => [l.file, l.manifest.name])).toEqual([
      [path.join('services', 'a.yml'), 'a'],
      [path.join('services', 'b.yaml'), 'b'],
    ])
  })

  it('follows a symlinked manifest in a directory', async () => {
    await write('elsewhere/web.yml', service('web'))
    await mkdir(path.join(cwd, 'services'))
    await symlink(path.join(cwd, 'elsewhere', 'web.yml'), path.join(cwd, 'services', 'web.yml'))
    const loaded = await loadManifests({ files: ['services'], vars: {}, cwd })
    expect(loaded.map((l) => l.manifest.name)).toEqual(['web'])
  })

  it('fails for a directory without manifests', async () => {
    await mkdir(path.join(cwd, 'empty'))
    const error = await rejection(loadManifests({ files: ['empty'], vars: {}, cwd }))
    expect(error).toMatchObject({ kind: 'invalid', message: 'manifest not found: empty has no *.yml or *.yaml file' })
  })

  it('takes files and directories together, in the order given', async () => {
    await write('web.yml', service('web'))
    await write('more/api.yml', service('api'))
    const loaded = await loadManifests({ files: ['web.yml', 'more'], vars: {}, cwd })
    expect(loaded.map((l) => l.file)).toEqual(['web.yml', path.join('more', 'api.yml')])
  })

  it('loads a file named twice once', async () => {
    await write('services/web.yml', service('web'))
    const loaded = await loadManifests({ files: ['services/web.yml', 'services'], vars: {}, cwd })
    expect(loaded.map((l) => l.file)).toEqual(['services/web.yml'])
  })

  it('collects the problems of every file into one ManifestError', async () => {
    await write('a.yml', service('a').replace('memory: 512', 'memroy: 512'))
    await write('b.yml', service('b').replace('cluster: prod', 'cluster: [prod'))
    const error = await rejection(loadManifests({ files: ['a.yml', 'b.yml'], vars: {}, cwd }))
    expect(error).toBeInstanceOf(ManifestError)
    const { problems, kind } = error as ManifestError
    expect(kind).toBe('invalid')
    expect(problems.map((p) => [p.file, p.line, p.path])).toEqual([
      ['a.yml', 4, 'containers.app.memroy'],
      ['b.yml', 4, ''],
    ])
    expect((error as Error).message).toContain('a.yml:4:53  containers.app.memroy  unknown key "memroy"; did you mean "memory"?')
  })

  it('refuses two manifests for the same service in the same cluster', async () => {
    await write('a.yml', service('web'))
    await write('b.yml', service('web'))
    await write('c.yml', service('web', 'staging'))
    const error = await rejection(loadManifests({ files: ['a.yml', 'b.yml', 'c.yml'], vars: {}, cwd }))
    expect((error as ManifestError).problems).toEqual([
      { file: 'b.yml', line: 2, column: 7, path: 'name', message: 'service "web" in cluster "prod" is also defined in a.yml: give one of them another name or cluster' },
    ])
  })

  it('passes --env and the variables through', async () => {
    await write('web.yml', `${service('web')}environments:\n  staging: { cluster: staging }\n`)
    const loaded = await loadManifests({ files: ['web.yml'], env: 'staging', vars: { TAG: 'v9' }, cwd })
    expect(loaded[0]?.manifest).toMatchObject({ cluster: 'staging', containers: { app: { image: 'nginx:v9' } } })
  })

  it('reports paths as the user gave them, absolute ones included', async () => {
    await write('web.yml', service('web').replace('cluster: prod', 'cluster: 7'))
    const absolute = path.join(cwd, 'web.yml')
    const error = await rejection(loadManifests({ files: [absolute], vars: {}, cwd: tmpdir() }))
    expect((error as ManifestError).problems[0]?.file).toBe(absolute)
  })
})
