import { describe, expect, it } from 'vitest'
import { interpolate, retypePlain } from '../../src/lib/manifest/interpolate.js'
import { check } from './helpers.js'

describe('interpolate (one string)', () => {
  it.each([
    ['${TAG}', { TAG: 'v1' }, 'v1'],
    ['web:${TAG}-${ARCH}', { TAG: 'v1', ARCH: 'arm64' }, 'web:v1-arm64'],
    ['${TAG:-latest}', {}, 'latest'],
    ['${TAG:-latest}', { TAG: '' }, 'latest'],
    ['${TAG:-latest}', { TAG: 'v2' }, 'v2'],
    ['${TAG:-}', {}, ''],
    ['${TAG:?set the tag}', { TAG: 'v3' }, 'v3'],
    ['$${TAG}', { TAG: 'v1' }, '${TAG}'],
    ['cost: $$5 and $HOME', {}, 'cost: $$5 and $HOME'],
    ['${EMPTY}', { EMPTY: '' }, ''],
  ])('%s with %j is %j', (text, vars, expected) => {
    const result = interpolate(text, vars)
    expect(result.errors).toEqual([])
    expect(result.text).toBe(expected)
  })

  it.each([
    ['${TAG}', {}, 'the variable TAG is not set: set it in the environment, or write ${TAG:-default}'],
    ['${TAG:?the image tag, e.g. TAG=v1}', {}, 'TAG: the image tag, e.g. TAG=v1'],
    ['${TAG:?}', { TAG: '' }, 'the variable TAG is not set or empty'],
    ['${1TAG}', {}, '"${1TAG}" is not a variable reference'],
    ['${TAG', {}, '"${TAG" has no closing "}"'],
    ['${}', {}, '"${}" is not a variable reference'],
  ])('%s with %j fails: %s', (text, vars, message) => {
    const result = interpolate(text, vars)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]?.message).toContain(message)
  })

  it('reports every missing variable of one string', () => {
    expect(interpolate('${A}/${B}', {}).errors.map((e) => e.expression)).toEqual(['${A}', '${B}'])
  })

  it.each([
    ['3', 3],
    ['-2', -2],
    ['0.5', 0.5],
    ['true', true],
    ['false', false],
    // Re-typing would change these texts, so they stay strings.
    ['1.10', '1.10'],
    ['007', '007'],
    ['1e3', '1e3'],
    ['True', 'True'],
    ['', ''],
    ['v1', 'v1'],
  ])('a plain scalar reading %j becomes %j', (text, expected) => {
    expect(retypePlain(text)).toBe(expected)
  })
})

describe('interpolation in a manifest', () => {
  const manifest = (vars: Record<string, string>) =>
    check(
      `
        version: 1
        name: web
        cluster: \${CLUSTER:-prod}
        desiredCount: \${COUNT}
        containers:
          app:
            image: "nginx:\${TAG}"
            memory: 512
            environment:
              COUNT_AS_TEXT: "\${COUNT}"
              DEBUG: \${DEBUG}
              VERSION: \${VERSION}
              LITERAL: $\${NOT_A_VAR}
            # \${IN_A_COMMENT} is never read
            command: [echo, "\${COUNT}"]
      `,
      { vars },
    )

  it('fills values, re-types plain scalars and keeps quoted ones as text', () => {
    const result = manifest({ COUNT: '3', TAG: '1.27', DEBUG: 'true', VERSION: '1.10' })
    expect(result.problems).toEqual([])
    expect(result.manifest).toMatchObject({ cluster: 'prod', desiredCount: 3 })
    expect(result.manifest?.containers.app).toMatchObject({
      image: 'nginx:1.27',
      environment: { COUNT_AS_TEXT: '3', DEBUG: true, VERSION: '1.10', LITERAL: '${NOT_A_VAR}' },
      command: ['echo', '3'],
    })
  })

  it('reports each missing variable at its own line and column, and nothing else for it', () => {
    const result = manifest({ COUNT: '3', DEBUG: 'true' })
    expect(result.manifest).toBeUndefined()
    expect(result.problems).toEqual([
      { file: 'ecsctl.yml', line: 7, column: 19, path: 'containers.app.image', message: 'the variable TAG is not set: set it in the environment, or write ${TAG:-default}' },
      { file: 'ecsctl.yml', line: 12, column: 16, path: 'containers.app.environment.VERSION', message: expect.stringContaining('the variable VERSION is not set') },
    ])
  })

  it('reports a missing number once, not again as a wrong type', () => {
    const result = manifest({ TAG: '1', DEBUG: 'true', VERSION: '1' })
    expect(result.problems).toEqual([
      { file: 'ecsctl.yml', line: 4, column: 15, path: 'desiredCount', message: expect.stringContaining('the variable COUNT is not set') },
      { file: 'ecsctl.yml', line: 10, column: 23, path: 'containers.app.environment.COUNT_AS_TEXT', message: expect.stringContaining('COUNT') },
      { file: 'ecsctl.yml', line: 15, column: 22, path: 'containers.app.command[1]', message: expect.stringContaining('COUNT') },
    ])
  })

  it('fails with the message of ${VAR:?message}', () => {
    const result = check(
      `
        version: 1
        name: web
        cluster: prod
        containers:
          app: { image: "web:\${TAG:?pass the image tag as TAG}", memory: 512 }
      `,
    )
    expect(result.problems).toEqual([{ file: 'ecsctl.yml', line: 5, column: 22, path: 'containers.app.image', message: 'TAG: pass the image tag as TAG' }])
  })

  it('never interpolates keys', () => {
    const result = check(
      `
        version: 1
        name: web
        cluster: prod
        containers:
          app:
            image: nginx
            memory: 512
            environment: { "\${KEY}": value }
      `,
    )
    expect(result.problems).toEqual([])
    expect(result.manifest?.containers.app?.environment).toEqual({ '${KEY}': 'value' })
  })

  it('points into a block scalar', () => {
    const result = check(
      `
        version: 1
        name: web
        cluster: prod
        containers:
          app:
            image: nginx
            memory: 512
            command:
              - sh
              - -c
              - |
                echo start
                exec server --port \${PORT}
      `,
    )
    expect(result.problems).toEqual([expect.objectContaining({ line: 13, column: 28, path: 'containers.app.command[2]' })])
  })
})
