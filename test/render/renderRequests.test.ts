// The whole list: order, references between requests, determinism, purity.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { renderRequests } from '../../src/lib/render/index.js'
import { loadExample } from '../support/examples.js'
import { buildManifest, context, deepFreeze } from '../support/manifests.js'

const operationsOf = (requests: ReturnType<typeof renderRequests>) => requests.map((r) => `${r.service}:${r.operation}`)

describe('renderRequests', () => {
  it('orders the complete example as a first deploy sends it', () => {
    expect(operationsOf(renderRequests(loadExample('complete'), context))).toEqual([
      'cloudwatch-logs:CreateLogGroup',
      'cloudwatch-logs:PutRetentionPolicy',
      'efs:CreateAccessPoint',
      'ecs:RegisterTaskDefinition',
      'elastic-load-balancing-v2:CreateTargetGroup',
      'elastic-load-balancing-v2:ModifyTargetGroupAttributes',
      'elastic-load-balancing-v2:CreateRule',
      'ecs:CreateService',
      'application-auto-scaling:RegisterScalableTarget',
      'application-auto-scaling:PutScalingPolicy',
      'application-auto-scaling:PutScalingPolicy',
      'application-auto-scaling:PutScalingPolicy',
      'application-auto-scaling:PutScalingPolicy',
      'application-auto-scaling:PutScalingPolicy',
      'cloudwatch:PutMetricAlarm',
      'application-auto-scaling:PutScheduledAction',
      'application-auto-scaling:PutScheduledAction',
      'eventbridge:PutRule',
      'eventbridge:PutTargets',
      'eventbridge:PutRule',
      'eventbridge:PutTargets',
    ])
  })

  it('renders a minimal service as a log group, a task definition and a service', () => {
    expect(operationsOf(renderRequests(buildManifest(), context))).toEqual([
      'cloudwatch-logs:CreateLogGroup',
      'ecs:RegisterTaskDefinition',
      'ecs:CreateService',
    ])
  })

  it('creates every placeholder resource before a request refers to it', () => {
    const requests = renderRequests(loadExample('complete'), context)
    const created = new Set<string>()
    for (const request of requests) {
      const text = JSON.stringify(request.input)
      for (const [, name] of text.matchAll(/<target-group:([^:>]+):(?:arn|id)>/g)) expect(created, `${request.operation} refers to ${name}`).toContain(`tg:${name}`)
      for (const [, name] of text.matchAll(/<scaling-policy:([^:>]+):arn>/g)) expect(created, `${request.operation} refers to ${name}`).toContain(`policy:${name}`)
      if (request.operation === 'CreateTargetGroup') created.add(`tg:${String(request.input.Name)}`)
      if (request.operation === 'PutScalingPolicy') created.add(`policy:${String(request.input.PolicyName)}`)
    }
  })

  it('is deterministic and leaves the manifest untouched', () => {
    const manifest = deepFreeze(loadExample('complete'))
    const first = JSON.stringify(renderRequests(manifest, context))
    expect(JSON.stringify(renderRequests(manifest, context))).toBe(first)
    expect(JSON.stringify(renderRequests(loadExample('complete'), context))).toBe(first)
  })

  it('sends no undefined values', () => {
    const hasUndefined = (value: unknown): boolean =>
      value === undefined || (typeof value === 'object' && value !== null && Object.values(value).some(hasUndefined))
    for (const request of renderRequests(loadExample('complete'), context)) expect(hasUndefined(request.input), request.operation).toBe(false)
  })
})

describe('the render layer', () => {
  it('imports the AWS SDK for types only, to keep start-up fast', () => {
    const dir = fileURLToPath(new URL('../../src/lib/render/', import.meta.url))
    // Every import or re-export statement, across lines, that names an @aws-sdk package.
    const sdkStatement = /^(?:import|export)\b[^'"]*?['"]@aws-sdk\/[^'"]+['"]|\bimport\(\s*['"`]@aws-sdk/gm
    const runtimeImports = readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(`${dir}${file}`, 'utf8').matchAll(sdkStatement)].map((match) => `${file}: ${match[0]}`))
      .filter((statement) => !/^[\w.]+: (?:import|export) type\b/.test(statement))
    expect(runtimeImports).toEqual([])
  })
})
