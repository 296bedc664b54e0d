// Where a service's tasks run, derived from the manifest the same way by the rules and render.
import type { Container, Manifest } from './schema.js'

export const FARGATE_PROVIDERS: ReadonlySet<string> = new Set(['FARGATE', 'FARGATE_SPOT'])

/** Fargate by launch type, or by a FARGATE / FARGATE_SPOT capacity provider. */
export function isFargate(m: Pick<Manifest, 'launchType' | 'capacityProviders'>): boolean {
  if (m.launchType) return m.launchType === 'FARGATE'
  return (m.capacityProviders ?? []).some((p) => FARGATE_PROVIDERS.has(p.provider))
}

export type NetworkMode = NonNullable<Manifest['networkMode']>

/** The task's network mode: as written, else awsvpc on Fargate or with `network`, else bridge. */
export function networkModeOf(m: Pick<Manifest, 'launchType' | 'capacityProviders' | 'networkMode' | 'network'>): NetworkMode {
  return m.networkMode ?? (isFargate(m) || m.network ? 'awsvpc' : 'bridge')
}

export interface PortMapping {
  containerPort: number
  hostPort?: number
  protocol: 'tcp' | 'udp'
  name?: string
  appProtocol?: 'http' | 'http2' | 'grpc'
}

/** `ports: [8080]` and `ports: [{ containerPort: 8080 }]` in one shape. */
export function portMappings(container: Pick<Container, 'ports'>): PortMapping[] {
  return (container.ports ?? []).map((port) => (typeof port === 'number' ? { containerPort: port, protocol: 'tcp' } : { ...port, protocol: port.protocol ?? 'tcp' }))
}

/** The containers whose entry in the task definition is essential. */
export const essentialContainers = (m: Pick<Manifest, 'containers'>): string[] =>
  Object.entries(m.containers)
    .filter(([, c]) => c.essential)
    .map(([name]) => name)

/** The container a scheduled task runs its command in: the one named, else the first essential. */
export const taskContainer = (m: Pick<Manifest, 'containers'>, task: { container?: string }): string | undefined =>
  task.container ?? essentialContainers(m)[0]
