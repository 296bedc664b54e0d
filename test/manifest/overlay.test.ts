import { describe, expect, it } from 'vitest'
import { deepMerge, mergeLocations, rebaseLocations } from '../../src/lib/manifest/overlay.js'
import { pathKey, type NodeLocation } from '../../src/lib/manifest/positions.js'
import { check } from './helpers.js'

describe('deepMerge', () => {
  it('merges mappings key by key and replaces lists and scalars', () => {
    const base = { a: 1, nested: { keep: true, change: 'old', list: [1, 2, 3] }, list: ['x'] }
    const overlay = { nested: { change: 'new', list: [9] }, list: [], added: { b: 2 } }
    expect(deepMerge(base, overlay)).toEqual({ a: 1, nested: { keep: true, change: 'new', list: [9] }, list: [], added: { b: 2 } })
    expect(base.nested.change).toBe('old')
  })

  it('lets an overlay replace a mapping with a scalar and the other way round', () => {
    expect(deepMerge({ logging: { group: '/x' } }, { logging: false })).toEqual({ logging: false })
    expect(deepMerge({ logging: false }, { logging: { group: '/x' } })).toEqual({ logging: { group: '/x' } })
  })
})

describe('merged positions', () => {
  const at = (line: number, column: number): NodeLocation => ({ value: { line, column } })
  const base = new Map([
    [pathKey([]), at(1, 1)],
    [pathKey(['cluster']), at(2, 10)],
    [pathKey(['ports']), at(3, 8)],
    [pathKey(['ports', 0]), at(3, 9)],
    [pathKey(['ports', 1]), at(3, 13)],
    [pathKey(['environments']), at(4, 3)],
    [pathKey(['environments', 'staging']), at(5, 5)],
    [pathKey(['environments', 'staging', 'ports']), at(5, 14)],
    [pathKey(['environments', 'staging', 'ports', 0]), at(5, 15)],
  ])

  it('rebases an environment to the root and lets its nodes win; a replaced list keeps none of the old entries', () => {
    const overlay = rebaseLocations(base, ['environments', 'staging'])
    expect([...overlay.keys()]).toEqual([pathKey(['ports']), pathKey(['ports', 0])])
    const merged = mergeLocations(base, overlay, { cluster: 'a', ports: [1, 2] }, { ports: [3] })
    expect(merged.get(pathKey(['ports']))).toEqual(at(5, 14))
    expect(merged.get(pathKey(['ports', 0]))).toEqual(at(5, 15))
    expect(merged.has(pathKey(['ports', 1]))).toBe(false)
    expect(merged.get(pathKey(['cluster']))).toEqual(at(2, 10))
    expect(merged.get(pathKey([]))).toEqual(at(1, 1))
  })
})

const MANIFEST = `
  version: 1
  name: web
  cluster: prod
  memory: 512
  containers:
    app:
      image: nginx
      command: [serve, --verbose]
      environment: { LOG_LEVEL: info, PORT: 8080 }
  environments:
    staging:
      cluster: staging
      containers:
        app:
          command: [serve]
          environment: { LOG_LEVEL: debug }
    prod: {}
`

describe('--env', () => {
  it('deep-merges the environment over the base: maps merge, lists replace', () => {
    const result = check(MANIFEST, { env: 'staging' })
    expect(result.problems).toEqual([])
    expect(result.manifest).toMatchObject({ cluster: 'staging' })
    expect(result.manifest?.containers.app).toMatchObject({ image: 'nginx', command: ['serve'], environment: { LOG_LEVEL: 'debug', PORT: 8080 } })
    expect(result.manifest).not.toHaveProperty('environments')
  })

  it('without --env, the base is the manifest', () => {
    const result = check(MANIFEST)
    expect(result.manifest).toMatchObject({ cluster: 'prod' })
    expect(result.manifest?.containers.app?.command).toEqual(['serve', '--verbose'])
    expect(result.manifest).not.toHaveProperty('environments')
  })

  it('names the environments there are for an unknown one', () => {
    const result = check(MANIFEST, { env: 'stagin' })
    expect(result.manifest).toBeUndefined()
    expect(result.problems).toEqual([
      { file: 'ecsctl.yml', line: 10, column: 1, path: 'environments', message: 'has no environment "stagin"; did you mean "staging"?; the environments are staging, prod' },
    ])
  })

  it('says so when a file has no environments at all', () => {
    const result = check(
      `
        version: 1
        name: web
        cluster: prod
        containers: { app: { image: nginx, memory: 512 } }
      `,
      { env: 'staging' },
    )
    expect(result.problems).toEqual([
      { file: 'ecsctl.yml', line: 1, column: 1, path: 'environments', message: expect.stringContaining('--env staging was given, but this file has no environments') },
    ])
  })

  it('points at the overlay for a problem in what the overlay wrote', () => {
    const result = check(
      `
        version: 1
        name: web
        cluster: prod
        memory: 512
        containers: { app: { image: nginx } }
        environments:
          staging:
            memory: lots
      `,
      { env: 'staging' },
    )
    expect(result.problems).toEqual([{ file: 'ecsctl.yml', line: 8, column: 13, path: 'memory', message: 'must be a whole number, found the string "lots"' }])
  })

  it('points at the field as written when the merge breaks a rule', () => {
    const result = check(
      `
        version: 1
        name: web
        cluster: prod
        memory: 512
        containers:
          app: { image: nginx, memory: 256 }
        environments:
          small:
            memory: 128
      `,
      { env: 'small' },
    )
    expect(result.problems).toEqual([{ file: 'ecsctl.yml', line: 6, column: 32, path: 'containers.app.memory', message: "256 MiB is more than the task's memory (128): lower it, or raise the task memory" }])
  })

  it('accepts a base that leaves a required field to its environments when one is chosen', () => {
    const yaml = `
      version: 1
      name: web
      memory: 512
      containers: { app: { image: nginx } }
      environments:
        staging: { cluster: staging }
        prod: { cluster: prod }
    `
    expect(check(yaml, { env: 'prod' })).toMatchObject({ problems: [], manifest: { cluster: 'prod' } })
    expect(check(yaml).problems).toEqual([
      { file: 'ecsctl.yml', line: 1, column: 1, path: 'cluster', message: 'is required: add `cluster: prod` (environments staging, prod set it: pass --env NAME)' },
    ])
  })

  it('checks the environments that are not chosen, and says which one a problem is in', () => {
    const yaml = `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      environments:
        staging:
          desiredCont: 1
        prod:
          autoscaling: { min: 3, max: 2 }
    `
    const expected = [
      { file: 'ecsctl.yml', line: 8, column: 5, path: 'desiredCont', message: 'with --env staging: unknown key "desiredCont"; did you mean "desiredCount"?' },
      { file: 'ecsctl.yml', line: 10, column: 25, path: 'autoscaling.min', message: 'with --env prod: 3 is more than max (2): min must be at most max' },
    ]
    expect(check(yaml).problems).toEqual(expected)
    // The chosen environment's problems are the manifest's own: no prefix.
    expect(check(yaml, { env: 'staging' }).problems).toEqual([{ ...expected[0], message: 'unknown key "desiredCont"; did you mean "desiredCount"?' }, expected[1]])
  })

  it('reports a problem of the base once, not again for every environment', () => {
    const result = check(`
      version: 1
      name: web
      cluster: prod
      memroy: 512
      containers: { app: { image: nginx, memory: 256 } }
      environments:
        staging: { cluster: staging }
        prod: { desiredCount: 3 }
    `)
    expect(result.problems.map((p) => [p.line, p.path])).toEqual([[4, 'memroy']])
  })

  it('reports a problem of the base once when an environment is chosen, too', () => {
    const result = check(
      `
        version: 1
        name: web
        cluster: prod
        owner: payments
        containers: { app: { image: nginx, memory: 256 } }
        environments:
          staging: { cluster: staging }
      `,
      { env: 'staging' },
    )
    expect(result.problems.map((p) => [p.line, p.column, p.path])).toEqual([[4, 1, 'owner']])
  })

  it('refuses an environment that is not a mapping', () => {
    const result = check(`
      version: 1
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512 } }
      environments:
        staging: small
    `)
    expect(result.problems).toEqual([{ file: 'ecsctl.yml', line: 6, column: 12, path: 'environments.staging', message: 'must be a mapping (key: value), found the string "small"' }])
  })

  it('ignores $schema, the editor hint', () => {
    const result = check(`
      $schema: ./ecsctl.schema.json
      version: 1
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512 } }
    `)
    expect(result.problems).toEqual([])
    expect(result.manifest).not.toHaveProperty('$schema')
  })
})

describe('variables in environments', () => {
  const yaml = `
    version: 1
    name: web
    cluster: prod
    containers: { app: { image: "nginx:\${TAG:-latest}", memory: 512 } }
    environments:
      staging: { containers: { app: { image: "nginx:\${STAGING_TAG}" } } }
      prod: { desiredCount: 2 }
  `

  it('needs only the variables of the chosen environment', () => {
    expect(check(yaml, { env: 'prod' })).toMatchObject({ problems: [], manifest: { desiredCount: 2 } })
    expect(check(yaml)).toMatchObject({ problems: [], manifest: { desiredCount: 1 } })
  })

  it('reports a variable the chosen environment needs', () => {
    expect(check(yaml, { env: 'staging' }).problems).toEqual([
      { file: 'ecsctl.yml', line: 6, column: 49, path: 'environments.staging.containers.app.image', message: expect.stringContaining('the variable STAGING_TAG is not set') },
    ])
    expect(check(yaml, { env: 'staging', vars: { STAGING_TAG: 'rc1' } }).manifest?.containers.app?.image).toBe('nginx:rc1')
  })
})
