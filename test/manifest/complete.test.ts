// The complete example of the manifest contract (design/manifest.md), as a user would write it.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseManifestText } from '../../src/lib/manifest/index.js'

const FIXTURE = new URL('./fixtures/complete.yml', import.meta.url)
const text = readFileSync(FIXTURE, 'utf8')
const parse = (options: { env?: string; vars: Record<string, string | undefined> }) => parseManifestText(text, 'ecsctl.yml', options)

describe('the complete example', () => {
  it('parses with IMAGE_TAG set, and applies the defaults', () => {
    const { manifest, problems } = parse({ vars: { IMAGE_TAG: 'v42' } })
    expect(problems).toEqual([])
    expect(manifest).toMatchObject({
      version: 1,
      name: 'web',
      cluster: 'prod',
      launchType: 'FARGATE',
      platform: { os: 'LINUX', arch: 'ARM64' },
      cpu: 512,
      memory: 1024,
      desiredCount: 2,
      network: { subnets: ['subnet-0a1', 'subnet-0b2'], securityGroups: ['sg-0c3'], assignPublicIp: false },
      deployment: { minimumHealthyPercent: 100, maximumPercent: 200, circuitBreaker: { enable: true, rollback: true }, timeout: '15m' },
    })
    const app = manifest?.containers.app
    expect(app).toMatchObject({
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v42',
      essential: true,
      ports: [8080],
      environment: { LOG_LEVEL: 'info', PORT: 8080 },
      dependsOn: [{ container: 'migrate', condition: 'SUCCESS' }],
    })
    expect(manifest?.containers.migrate).toMatchObject({ essential: false, image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v42' })
    expect(manifest?.loadBalancers?.[0]?.alb).toMatchObject({ protocol: 'HTTP', rule: { priority: 10, hosts: ['api.example.com'], paths: ['/v1/*'] } })
    expect(manifest?.autoscaling?.steps?.[0]).toMatchObject({ adjustmentType: 'ChangeInCapacity', alarm: { statistic: 'Average', periods: 3, period: 60 } })
    expect(manifest?.tasks?.['nightly-report']).toMatchObject({ count: 1, enabled: true, container: 'app' })
    expect(manifest?.tasks?.['ingest-upload']?.eventPattern).toEqual({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['uploads'] } } })
    expect(manifest).not.toHaveProperty('environments')
  })

  it('merges the staging environment', () => {
    const { manifest, problems } = parse({ env: 'staging', vars: { IMAGE_TAG: 'v42' } })
    expect(problems).toEqual([])
    expect(manifest).toMatchObject({ cluster: 'staging', desiredCount: 1, autoscaling: { min: 1, max: 2, cpu: 60, memory: 75 } })
    expect(manifest?.containers.app?.environment).toEqual({ LOG_LEVEL: 'debug', PORT: 8080 })
    expect(manifest?.containers.app?.command).toEqual(['node', 'server.js'])
  })

  it('names IMAGE_TAG and both of its lines when it is not set', () => {
    const { manifest, problems } = parse({ vars: {} })
    expect(manifest).toBeUndefined()
    const message = 'the variable IMAGE_TAG is not set: set it in the environment, or write ${IMAGE_TAG:-default}'
    expect(problems).toEqual([
      { file: 'ecsctl.yml', line: 34, column: 61, path: 'containers.app.image', message },
      { file: 'ecsctl.yml', line: 52, column: 61, path: 'containers.migrate.image', message },
    ])
  })
})
