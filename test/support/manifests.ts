// Small manifests for unit tests: a valid base that each test changes only where it matters.
// They go through the schema, so defaults apply exactly as they do for a user's file.
import { manifestSchema, type Manifest } from '../../src/lib/manifest/schema.js'
import type { RenderContext } from '../../src/lib/render/index.js'

export const ACCOUNT_ID = '123456789012'
export const REGION = 'us-east-1'
export const context: RenderContext = { region: REGION, accountId: ACCOUNT_ID }

export const ALB_LISTENER = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:listener/app/public/50dc6c495c0c9188/f2f7dc8efc522ab2`
export const NLB_LISTENER = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:listener/net/tcp-in/73e2d6bc24d8a067/0467ef3c8400ae65`

export const fargateNetwork = { subnets: ['subnet-0a1b2c3d', 'subnet-0e5f6a7b'], securityGroups: ['sg-0c3d4e5f'] }

const baseManifest = (): Record<string, unknown> => ({
  version: 1,
  name: 'web',
  cluster: 'prod',
  launchType: 'FARGATE',
  cpu: 256,
  memory: 512,
  network: fargateNetwork,
  containers: { app: { image: 'nginx:1.27', ports: [8080] } },
})

/**
 * A Fargate web service with one container. `changes` replace top-level fields; `without` names
 * top-level fields to drop (to test what happens in their absence).
 */
export function buildManifest(changes: Record<string, unknown> = {}, without: string[] = []): Manifest {
  const document = { ...baseManifest(), ...changes }
  for (const field of without) delete document[field]
  return manifestSchema.parse(document)
}

/** Freezes a value and everything in it, so that a test notices a renderer that mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) deepFreeze(item)
  }
  return value
}
