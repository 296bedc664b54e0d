// Rules between fields that the schema cannot express: Fargate sizes, references from one
// section to another, what AWS would refuse at deploy time. Pure: a validated Manifest in,
// findings out, each naming the field to change and what to write instead.
import { describeFargateMemory, FARGATE_CPU, fargateCpuFor, fargateMemoryFor } from './fargate.js'
import type { Finding } from './findings.js'
import { FARGATE_PROVIDERS, isFargate, networkModeOf, portMappings } from './launch.js'
import type { Path } from './positions.js'
import { scheduleProblem, isKnownTimeZone, suggestTimeZone } from './schedule.js'
import type { Manifest } from './schema.js'
import { didYouMean, quotedList } from './suggest.js'
import { isMapping } from './values.js'

export type Rule = (m: Manifest) => Finding[]

const EXECUTION_ROLE_FIX = 'add `roles.execution: ecsTaskExecutionRole` (a role name or ARN)'
const LAUNCH: readonly Path[] = [['launchType'], ['capacityProviders']]

/** `; did you mean "app"?`, else the names there are. */
function suggestName(name: string, names: readonly string[], what: string): string {
  const listed = names.length > 0 ? `; the ${what}s are ${names.join(', ')}` : `; there are no ${what}s`
  return didYouMean(name, names, listed)
}

const joinNames = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ')

// --- where tasks run ---------------------------------------------------------------------

export const launchTypeOrProviders: Rule = (m) =>
  m.launchType && m.capacityProviders
    ? [{ path: ['capacityProviders'], at: 'key', message: 'cannot be set together with launchType: keep capacityProviders (they decide where tasks run) or launchType, not both' }]
    : []

export const capacityProviderStrategy: Rule = (m) => {
  const providers = m.capacityProviders ?? []
  const findings: Finding[] = []
  const fargate = providers.filter((p) => FARGATE_PROVIDERS.has(p.provider))
  if (fargate.length > 0 && fargate.length < providers.length) {
    findings.push({ path: ['capacityProviders'], at: 'key', message: 'mixes Fargate (FARGATE, FARGATE_SPOT) and EC2 capacity providers, which one service cannot use together: keep one kind' })
  }
  const seen = new Set<string>()
  providers.forEach((p, i) => {
    if (seen.has(p.provider)) findings.push({ path: ['capacityProviders', i, 'provider'], message: `"${p.provider}" is listed twice: list each capacity provider once` })
    seen.add(p.provider)
  })
  const withBase = providers.flatMap((p, i) => ((p.base ?? 0) > 0 ? [i] : []))
  for (const i of withBase.slice(1)) {
    findings.push({ path: ['capacityProviders', i, 'base'], message: 'only one capacity provider may have a base: remove it here or on the other' })
  }
  if (providers.length > 1 && providers.every((p) => (p.weight ?? 0) === 0)) {
    findings.push({ path: ['capacityProviders'], at: 'key', message: 'needs a weight above 0 on at least one provider, e.g. { provider: FARGATE, weight: 1 }' })
  }
  return findings
}

export const fargateSize: Rule = (m) => {
  if (!isFargate(m)) return []
  const findings: Finding[] = []
  const cpuOffered = m.cpu !== undefined && fargateMemoryFor(m.cpu) !== undefined
  if (m.cpu === undefined) {
    findings.push({ path: ['cpu'], near: LAUNCH, message: `Fargate needs a task cpu: add \`cpu: 256\` (or ${FARGATE_CPU.slice(1).join(', ')})` })
  } else if (!cpuOffered) {
    const forMemory = m.memory === undefined ? [] : fargateCpuFor(m.memory)
    const hint = forMemory.length > 0 ? `; with memory ${m.memory}, use cpu ${quotedList(forMemory)}` : ''
    findings.push({ path: ['cpu'], message: `Fargate offers cpu ${FARGATE_CPU.join(', ')}, found ${m.cpu}${hint}` })
  }
  if (m.memory === undefined) {
    const choices = m.cpu !== undefined && cpuOffered ? ` (with cpu ${m.cpu}: ${describeFargateMemory(m.cpu)})` : ''
    findings.push({ path: ['memory'], near: [['cpu'], ...LAUNCH], message: `Fargate needs a task memory in MiB: add \`memory: ...\`${choices}` })
  } else if (m.cpu !== undefined && cpuOffered && !fargateMemoryFor(m.cpu)?.includes(m.memory)) {
    const otherCpu = fargateCpuFor(m.memory)
    const hint = otherCpu.length > 0 ? `; or keep memory ${m.memory} with cpu ${quotedList(otherCpu)}` : ''
    findings.push({ path: ['memory'], message: `Fargate with cpu ${m.cpu} offers memory ${describeFargateMemory(m.cpu)} (MiB), found ${m.memory}${hint}` })
  }
  return findings
}

export const networkForAwsvpc: Rule = (m) => {
  if (m.network) return []
  const example = 'add `network: { subnets: [subnet-...], securityGroups: [sg-...] }`'
  if (isFargate(m)) {
    const tasks = m.tasks && Object.keys(m.tasks).length > 0 ? ' (the scheduled tasks run with it too)' : ''
    return [{ path: ['network'], near: LAUNCH, message: `Fargate tasks run in awsvpc mode and need a network${tasks}: ${example}` }]
  }
  if (m.networkMode === 'awsvpc') return [{ path: ['network'], near: [['networkMode']], message: `networkMode awsvpc needs a network: ${example}` }]
  return []
}

export const fargateNetworkMode: Rule = (m) =>
  isFargate(m) && m.networkMode && m.networkMode !== 'awsvpc'
    ? [{ path: ['networkMode'], message: `Fargate supports only awsvpc, found ${m.networkMode}: remove networkMode (awsvpc is the default)` }]
    : []

export const networkOutsideAwsvpc: Rule = (m) =>
  m.network && m.networkMode && m.networkMode !== 'awsvpc' && !isFargate(m)
    ? [{ path: ['network'], at: 'key', message: `applies to networkMode awsvpc only, and networkMode is ${m.networkMode}: remove network, or set networkMode: awsvpc` }]
    : []

export const fargatePlacement: Rule = (m) =>
  isFargate(m) && m.placement ? [{ path: ['placement'], at: 'key', message: 'Fargate places tasks itself: remove placement (it is for EC2)' }] : []

export const ephemeralStorage: Rule = (m) => {
  if (m.ephemeralStorage === undefined) return []
  if (!isFargate(m)) {
    return [{ path: ['ephemeralStorage'], message: 'is for Fargate only (EC2 tasks use the instance\'s disk): remove it, or set launchType: FARGATE' }]
  }
  if (m.ephemeralStorage < 21 || m.ephemeralStorage > 200) {
    return [{ path: ['ephemeralStorage'], message: `must be between 21 and 200 GiB (Fargate gives 20 without it), found ${m.ephemeralStorage}` }]
  }
  return []
}

export const externalLaunch: Rule = (m) => {
  if (m.launchType !== 'EXTERNAL') return []
  const findings: Finding[] = []
  if (m.loadBalancers?.length) findings.push({ path: ['loadBalancers'], at: 'key', message: 'EXTERNAL (ECS Anywhere) services cannot use load balancers: remove loadBalancers' })
  if (m.network || m.networkMode === 'awsvpc') {
    findings.push({ path: m.network ? ['network'] : ['networkMode'], at: 'key', message: 'EXTERNAL (ECS Anywhere) supports networkMode bridge, host or none, not awsvpc: remove it' })
  }
  return findings
}

// --- containers --------------------------------------------------------------------------

export const essentialContainer: Rule = (m) =>
  Object.values(m.containers).some((c) => c.essential)
    ? []
    : [{ path: ['containers'], at: 'key', message: 'no container is essential: set `essential: true` on at least one (ECS stops the task when an essential container stops)' }]

export const containerSizes: Rule = (m) => {
  const findings: Finding[] = []
  // One container over the task says enough; the sum is reported only when each fits alone.
  let containerOverCpu = false
  let containerOverMemory = false
  for (const [name, c] of Object.entries(m.containers)) {
    const at = (field: string): Path => ['containers', name, field]
    if (m.memory !== undefined && c.memory !== undefined && c.memory > m.memory) {
      findings.push({ path: at('memory'), message: `${c.memory} MiB is more than the task's memory (${m.memory}): lower it, or raise the task memory` })
      containerOverMemory = true
    }
    if (m.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation > m.memory) {
      findings.push({ path: at('memoryReservation'), message: `${c.memoryReservation} MiB is more than the task's memory (${m.memory}): lower it, or raise the task memory` })
      containerOverMemory = true
    }
    if (c.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation > c.memory) {
      findings.push({ path: at('memoryReservation'), message: `the soft limit (${c.memoryReservation}) must not be more than memory, the hard limit (${c.memory})` })
    }
    if (m.cpu !== undefined && c.cpu !== undefined && c.cpu > m.cpu) {
      findings.push({ path: at('cpu'), message: `${c.cpu} units is more than the task's cpu (${m.cpu}): lower it, or raise the task cpu` })
      containerOverCpu = true
    }
  }
  const containers = Object.values(m.containers)
  const cpuSum = containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0)
  if (m.cpu !== undefined && !containerOverCpu && cpuSum > m.cpu) {
    findings.push({ path: ['containers'], at: 'key', message: `the containers' cpu adds up to ${cpuSum}, more than the task's cpu (${m.cpu}): lower them, or raise cpu` })
  }
  // ECS reserves memoryReservation, or memory where there is no reservation.
  const memorySum = containers.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0)
  if (m.memory !== undefined && !containerOverMemory && memorySum > m.memory) {
    findings.push({ path: ['containers'], at: 'key', message: `the containers reserve ${memorySum} MiB in all (memoryReservation, else memory), more than the task's memory (${m.memory}): lower them, or raise memory` })
  }
  return findings
}

export const containerMemoryOnEc2: Rule = (m) => {
  if (m.memory !== undefined || isFargate(m)) return []
  return Object.entries(m.containers)
    .filter(([, c]) => c.memory === undefined && c.memoryReservation === undefined)
    .map(([name]) => ({
      path: ['containers', name, 'memory'],
      near: [['containers', name, 'image']],
      message: 'the task has no memory, so each container needs memory or memoryReservation (MiB): add `memory: 512` here, or a task memory at the top',
    }))
}

export const containerDependencies: Rule = (m) => {
  const names = Object.keys(m.containers)
  const findings: Finding[] = []
  for (const [name, c] of Object.entries(m.containers)) {
    ;(c.dependsOn ?? []).forEach((dependency, i) => {
      const at: Path = ['containers', name, 'dependsOn', i]
      const target = m.containers[dependency.container]
      if (dependency.container === name) {
        findings.push({ path: [...at, 'container'], message: `"${name}" cannot depend on itself: name another container` })
      } else if (!target) {
        findings.push({ path: [...at, 'container'], message: `names no container${suggestName(dependency.container, names, 'container')}` })
      } else if ((dependency.condition === 'COMPLETE' || dependency.condition === 'SUCCESS') && target.essential) {
        findings.push({
          path: [...at, 'condition'],
          message: `${dependency.condition} waits for "${dependency.container}" to exit, which an essential container must not do: set \`essential: false\` on "${dependency.container}", or use START or HEALTHY`,
        })
      } else if (dependency.condition === 'HEALTHY' && !target.healthCheck) {
        findings.push({ path: [...at, 'condition'], message: `HEALTHY needs a healthCheck on "${dependency.container}": add one there, or use START` })
      }
    })
  }
  const cycle = dependencyCycle(m)
  if (cycle) {
    const [first = '', second = ''] = cycle
    const index = (m.containers[first]?.dependsOn ?? []).findIndex((d) => d.container === second)
    findings.push({ path: ['containers', first, 'dependsOn', index], message: `dependsOn goes round in a circle (${cycle.join(' -> ')}), so none of them would start: remove one link` })
  }
  return findings
}

/** The first dependsOn cycle between two or more containers, as `[a, b, a]`. */
function dependencyCycle(m: Manifest): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>()
  const stack: string[] = []
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name]
    state.set(name, 'visiting')
    stack.push(name)
    for (const dependency of m.containers[name]?.dependsOn ?? []) {
      if (dependency.container === name || !m.containers[dependency.container]) continue
      const cycle = visit(dependency.container)
      if (cycle) return cycle
    }
    stack.pop()
    state.set(name, 'done')
    return undefined
  }
  for (const name of Object.keys(m.containers)) {
    const cycle = visit(name)
    if (cycle) return cycle
  }
  return undefined
}

export const mountPoints: Rule = (m) => {
  const volumes = Object.keys(m.volumes ?? {})
  const findings: Finding[] = []
  for (const [name, c] of Object.entries(m.containers)) {
    const paths = new Set<string>()
    ;(c.mountPoints ?? []).forEach((mount, i) => {
      const at: Path = ['containers', name, 'mountPoints', i]
      if (!volumes.includes(mount.volume)) findings.push({ path: [...at, 'volume'], message: `names no volume${suggestName(mount.volume, volumes, 'volume')}` })
      if (paths.has(mount.path)) findings.push({ path: [...at, 'path'], message: `${mount.path} is mounted twice in this container: mount each path once` })
      paths.add(mount.path)
    })
  }
  return findings
}

export const containerPorts: Rule = (m) => {
  const mode = networkModeOf(m)
  const findings: Finding[] = []
  const hostPorts = new Map<string, string>()
  for (const [name, c] of Object.entries(m.containers)) {
    const own = new Set<string>()
    if (mode === 'none' && c.ports?.length) {
      findings.push({ path: ['containers', name, 'ports'], at: 'key', message: 'networkMode none gives the task no network: remove ports, or choose another networkMode' })
      continue
    }
    portMappings(c).forEach((port, i) => {
      const at: Path = ['containers', name, 'ports', i]
      const id = `${port.containerPort}/${port.protocol}`
      if ((mode === 'awsvpc' || mode === 'host') && port.hostPort !== undefined && port.hostPort !== port.containerPort) {
        findings.push({
          path: [...at, 'hostPort'],
          message: `under networkMode ${mode} the host port is the container port: remove hostPort, or set it to ${port.containerPort}`,
        })
      }
      if (own.has(id)) findings.push({ path: at, message: `port ${id} is listed twice in this container: list it once` })
      own.add(id)
      // The port taken on the host (or the task's network interface): fixed ones must not collide.
      const hostPort = mode === 'awsvpc' || mode === 'host' ? port.containerPort : port.hostPort
      if (hostPort === undefined || hostPort === 0) return
      const hostId = `${hostPort}/${port.protocol}`
      const owner = hostPorts.get(hostId)
      if (owner !== undefined && owner !== name) {
        findings.push({ path: at, message: `port ${hostId} is also taken by container "${owner}"; the containers of a task share ${mode === 'bridge' ? 'the host\'s ports' : 'one network interface'}: use another port` })
      }
      if (owner === undefined) hostPorts.set(hostId, name)
    })
  }
  return findings
}

export const environmentAndSecrets: Rule = (m) =>
  Object.entries(m.containers).flatMap(([name, c]) =>
    Object.keys(c.secrets ?? {})
      .filter((key) => c.environment && Object.hasOwn(c.environment, key))
      .map((key) => ({ path: ['containers', name, 'secrets', key], at: 'key' as const, message: `${key} is also set in environment: keep one of them` })),
  )

// --- roles ---------------------------------------------------------------------------------

const PRIVATE_ECR = /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//

export const executionRole: Rule = (m) => {
  if (m.roles?.execution) return []
  const findings: Finding[] = []
  const containers = Object.entries(m.containers)
  const withSecrets = containers.filter(([, c]) => Object.keys(c.secrets ?? {}).length > 0).map(([name]) => name)
  const [firstWithSecrets] = withSecrets
  if (firstWithSecrets) {
    findings.push({
      path: ['containers', firstWithSecrets, 'secrets'],
      at: 'key',
      message: `secrets (in ${joinNames(withSecrets)}) are fetched by ECS with the execution role, and there is none: ${EXECUTION_ROLE_FIX}`,
    })
  }
  if (!isFargate(m)) return findings
  // On EC2 the container instance's role can pull images and write logs; on Fargate only this role can.
  const privateImages = containers.filter(([, c]) => PRIVATE_ECR.test(c.image)).map(([name]) => name)
  const [firstPrivate] = privateImages
  if (firstPrivate) {
    findings.push({ path: ['containers', firstPrivate, 'image'], message: `Fargate pulls from a private ECR repository (in ${joinNames(privateImages)}) with the execution role, and there is none: ${EXECUTION_ROLE_FIX}` })
  }
  const logging = containers.filter(([, c]) => c.logging !== false).map(([name]) => name)
  const [firstLogging] = logging
  if (firstLogging) {
    findings.push({
      path: ['containers', firstLogging, 'logging'],
      near: [['containers', firstLogging]],
      message: `awslogs (the default logging, in ${joinNames(logging)}) on Fargate writes with the execution role, and there is none: ${EXECUTION_ROLE_FIX}, or set \`logging: false\``,
    })
  }
  return findings
}

// --- volumes -------------------------------------------------------------------------------

export const volumes: Rule = (m) => {
  const findings: Finding[] = []
  for (const [name, v] of Object.entries(m.volumes ?? {})) {
    const at = (...rest: string[]): Path => ['volumes', name, ...rest]
    if (v.s3 !== undefined) {
      findings.push({ path: at('s3'), at: 'key', message: 'S3 cannot be mounted into ECS tasks; use an efs volume, or read the bucket from code with the task role' })
      continue
    }
    const kinds = (['efs', 'host'] as const).filter((kind) => v[kind] !== undefined)
    if (kinds.length === 0) findings.push({ path: at(), at: 'key', message: 'has no kind: write `efs: { fileSystemId: fs-... }` or `host: { path: /data }` under it' })
    if (kinds.length > 1) findings.push({ path: at('host'), at: 'key', message: 'a volume is one kind: keep efs or host, and declare the other as a second volume' })
    if (v.host && isFargate(m)) findings.push({ path: at('host'), at: 'key', message: 'Fargate cannot mount a path of the host: use an efs volume' })
    const efs = v.efs
    if (!efs) continue
    if (efs.fileSystemId === undefined && efs.fileSystem === undefined) {
      findings.push({ path: at('efs'), at: 'key', message: 'needs `fileSystemId: fs-...` or `fileSystem: NAME` (found by its Name tag)' })
    }
    if (efs.fileSystemId !== undefined && efs.fileSystem !== undefined) {
      findings.push({ path: at('efs', 'fileSystem'), at: 'key', message: 'write fileSystemId or fileSystem, not both' })
    }
    const needsEncryption = [efs.accessPoint !== undefined ? 'an access point' : '', efs.iam === true ? 'iam' : ''].filter(Boolean)
    if (needsEncryption.length > 0 && efs.transitEncryption !== true) {
      findings.push({
        path: at('efs', 'transitEncryption'),
        near: [at('efs', efs.accessPoint !== undefined ? 'accessPoint' : 'iam')],
        message: `${needsEncryption.join(' and ')} need${needsEncryption.length > 1 ? '' : 's'} encryption in transit: add \`transitEncryption: true\``,
      })
    }
    if (efs.transitEncryptionPort !== undefined && efs.transitEncryption !== true) {
      findings.push({ path: at('efs', 'transitEncryptionPort'), message: 'applies only with `transitEncryption: true`: add it, or remove the port' })
    }
    if (efs.accessPoint !== undefined && efs.rootDirectory !== undefined && efs.rootDirectory !== '/') {
      findings.push({
        path: at('efs', 'rootDirectory'),
        message: `must be / (or left out) with an access point, whose own path is the root: ${typeof efs.accessPoint === 'object' ? `set accessPoint.path to ${efs.rootDirectory}` : 'remove rootDirectory'}`,
      })
    }
  }
  return findings
}

// --- load balancers --------------------------------------------------------------------------

const LISTENER_KIND = /:listener\/(app|net|gwy)\//
const LISTENER_REGION = /^arn:[^:]+:elasticloadbalancing:([^:]+):/

const LOAD_BALANCER_KINDS: Record<string, string> = { app: 'an application', net: 'a network', gwy: 'a gateway' }

/** An alb entry needs an ALB's listener (listener/app/...), an nlb entry an NLB's (listener/net/...). */
function listenerKindProblem(kind: 'alb' | 'nlb', actual: string | undefined): string | undefined {
  const expected = kind === 'alb' ? 'app' : 'net'
  if (actual === undefined || actual === expected) return undefined
  const found = `is ${LOAD_BALANCER_KINDS[actual]} load balancer's listener (listener/${actual}/...)`
  if (actual === 'gwy') return `${found}, which ECS services cannot use: use an ALB (listener/app/...) or NLB (listener/net/...) listener`
  const other = kind === 'alb' ? 'nlb' : 'alb'
  return `${found}, and ${kind} needs ${LOAD_BALANCER_KINDS[expected]} load balancer's (listener/${expected}/...): write \`${other}:\` instead of \`${kind}:\`, or use another listener`
}

export const loadBalancers: Rule = (m) => {
  const findings: Finding[] = []
  const containers = Object.keys(m.containers)
  const priorities = new Map<string, number>()
  const targetGroups = new Map<string, number>()
  ;(m.loadBalancers ?? []).forEach((lb, i) => {
    const at = (...rest: (string | number)[]): Path => ['loadBalancers', i, ...rest]
    const kinds = (['alb', 'nlb', 'targetGroup'] as const).filter((kind) => lb[kind] !== undefined)
    if (kinds.length !== 1) {
      const found = kinds.length === 0 ? 'none' : kinds.join(' and ')
      findings.push({ path: at(), message: `needs exactly one of alb, nlb or targetGroup, found ${found}: write one load balancer entry for each` })
    }
    const container = m.containers[lb.container]
    if (!container) {
      findings.push({ path: at('container'), message: `names no container${suggestName(lb.container, containers, 'container')}` })
    } else {
      const exposed = portMappings(container).map((p) => p.containerPort)
      if (!exposed.includes(lb.port)) {
        const instead = exposed.length > 0 ? `, or use ${quotedList(exposed)}` : ''
        findings.push({ path: at('port'), message: `container "${lb.container}" does not expose port ${lb.port}: add it to containers.${lb.container}.ports${instead}` })
      }
    }
    for (const kind of ['alb', 'nlb'] as const) {
      const listener = lb[kind]?.listener
      if (!listener) continue
      const message = listenerKindProblem(kind, LISTENER_KIND.exec(listener)?.[1])
      if (message) findings.push({ path: at(kind, 'listener'), message })
      const region = LISTENER_REGION.exec(listener)?.[1]
      if (m.region && region && region !== m.region) {
        findings.push({ path: at(kind, 'listener'), message: `is in ${region}, but the service is in ${m.region}: a service can use load balancers of its own region only` })
      }
      const name = lb[kind]?.targetGroupName
      if (name !== undefined) {
        const other = targetGroups.get(name)
        if (other !== undefined) findings.push({ path: at(kind, 'targetGroupName'), message: `"${name}" is also the target group of loadBalancers[${other}]: give each its own name` })
        else targetGroups.set(name, i)
      }
    }
    const alb = lb.alb
    if (!alb) return
    if (!alb.rule.hosts?.length && !alb.rule.paths?.length) {
      findings.push({ path: at('alb', 'rule'), at: 'key', message: 'needs hosts or paths (or both) to decide which requests it takes: add e.g. `paths: ["/*"]`' })
    }
    const key = `${alb.listener} ${alb.rule.priority}`
    const other = priorities.get(key)
    if (other !== undefined) {
      findings.push({ path: at('alb', 'rule', 'priority'), message: `${alb.rule.priority} is also the priority of loadBalancers[${other}] on the same listener: each rule needs its own` })
    } else {
      priorities.set(key, i)
    }
    if (alb.healthCheck?.protocol === 'TCP') {
      findings.push({ path: at('alb', 'healthCheck', 'protocol'), message: 'an application load balancer checks health over HTTP or HTTPS, not TCP' })
    }
  })
  return findings
}

// --- autoscaling ---------------------------------------------------------------------------

export const autoscalingBounds: Rule = (m) => {
  const a = m.autoscaling
  if (!a) return []
  const findings: Finding[] = []
  if (a.min > a.max) findings.push({ path: ['autoscaling', 'min'], message: `${a.min} is more than max (${a.max}): min must be at most max` })
  for (const metric of ['cpu', 'memory'] as const) {
    const target = a[metric]
    if (target !== undefined && (target <= 0 || target > 100)) {
      findings.push({ path: ['autoscaling', metric], message: `is a target utilization in percent: above 0 and at most 100, found ${target}` })
    }
  }
  if (a.requestsPerTarget !== undefined && !(m.loadBalancers ?? []).some((lb) => lb.alb)) {
    findings.push({
      path: ['autoscaling', 'requestsPerTarget'],
      message: 'tracks ALBRequestCountPerTarget, so it needs an alb entry in loadBalancers: add one, or remove requestsPerTarget',
    })
  }
  return findings
}

/** A name used twice in a list of named entries. */
function duplicateNames(entries: readonly { name: string }[], path: Path, what: string): Finding[] {
  const seen = new Set<string>()
  return entries.flatMap((entry, i) => {
    const duplicate = seen.has(entry.name)
    seen.add(entry.name)
    return duplicate ? [{ path: [...path, i, 'name'], message: `"${entry.name}" is the name of another ${what}: names must be unique` }] : []
  })
}

export const scalingSteps: Rule = (m) => {
  const steps = m.autoscaling?.steps ?? []
  const findings = duplicateNames(steps, ['autoscaling', 'steps'], 'step')
  steps.forEach((step, s) => {
    const last = step.adjustments.length - 1
    step.adjustments.forEach((adjustment, j) => {
      const at: Path = ['autoscaling', 'steps', s, 'adjustments', j]
      const { lower, upper } = adjustment
      if (lower !== undefined && upper !== undefined && lower >= upper) {
        findings.push({ path: [...at, 'upper'], message: `must be above lower (${lower})` })
      }
      if (j > 0 && lower === undefined) {
        findings.push({ path: at, message: 'only the first adjustment may leave out lower (it then starts at minus infinity): add lower, and list the adjustments from low to high' })
      }
      if (j < last && upper === undefined) {
        findings.push({ path: at, message: 'only the last adjustment may leave out upper (it then goes on to infinity): add upper, and list the adjustments from low to high' })
      }
      const previous = step.adjustments[j - 1]
      if (!previous || previous.upper === undefined || lower === undefined) return
      if (lower < previous.upper) {
        findings.push({ path: [...at, 'lower'], message: `${lower} overlaps the adjustment before, which goes up to ${previous.upper}: list them from low to high, each lower equal to the previous upper` })
      } else if (lower > previous.upper) {
        findings.push({ path: [...at, 'lower'], message: `leaves a gap after the adjustment before (from ${previous.upper} to ${lower}): set lower to ${previous.upper}` })
      }
    })
  })
  return findings
}

export const scalingSchedules: Rule = (m) => {
  const schedules = m.autoscaling?.schedules ?? []
  const findings = duplicateNames(schedules, ['autoscaling', 'schedules'], 'schedule')
  schedules.forEach((schedule, i) => {
    const at = (...rest: string[]): Path => ['autoscaling', 'schedules', i, ...rest]
    const problem = scheduleProblem(schedule.schedule, { allowAt: true })
    if (problem) findings.push({ path: at('schedule'), message: problem })
    if (schedule.timezone !== undefined && !isKnownTimeZone(schedule.timezone)) {
      const suggestion = suggestTimeZone(schedule.timezone)
      findings.push({
        path: at('timezone'),
        message: `"${schedule.timezone}" is not a time zone${suggestion ? `; did you mean "${suggestion}"?` : ': use an IANA name such as Europe/Berlin, America/New_York or UTC'}`,
      })
    }
    if (schedule.min === undefined && schedule.max === undefined) {
      findings.push({ path: at(), message: 'sets neither min nor max: add one or both, e.g. `min: 1`' })
    } else if (schedule.min !== undefined && schedule.max !== undefined && schedule.min > schedule.max) {
      findings.push({ path: at('min'), message: `${schedule.min} is more than max (${schedule.max}): min must be at most max` })
    }
    const times = (['start', 'end'] as const).map((field) => {
      const text = schedule[field]
      if (text === undefined) return undefined
      const time = Date.parse(text)
      if (Number.isNaN(time)) findings.push({ path: at(field), message: `"${text}" is not a date and time: write e.g. 2027-03-01T08:00:00Z` })
      return Number.isNaN(time) ? undefined : time
    })
    const [start, end] = times
    if (start !== undefined && end !== undefined && end <= start) findings.push({ path: at('end'), message: 'must be after start' })
  })
  return findings
}

// --- scheduled tasks -----------------------------------------------------------------------

export const scheduledTasks: Rule = (m) => {
  const tasks = Object.entries(m.tasks ?? {})
  if (tasks.length === 0) return []
  const findings: Finding[] = []
  const containers = Object.keys(m.containers)
  if (!m.roles?.events) {
    findings.push({
      path: ['roles', 'events'],
      near: [['roles'], ['tasks']],
      message: 'tasks need a role that lets EventBridge start them (ecs:RunTask, iam:PassRole): add `roles.events: ecsEventsRole` (a role name or ARN)',
    })
  }
  for (const [name, task] of tasks) {
    const at = (...rest: string[]): Path => ['tasks', name, ...rest]
    if (task.schedule !== undefined && task.eventPattern !== undefined) {
      findings.push({ path: at(), at: 'key', message: 'has both schedule and eventPattern, and a task starts on one of them: split it into two tasks' })
    } else if (task.schedule === undefined && task.eventPattern === undefined) {
      findings.push({ path: at(), at: 'key', message: 'needs a schedule (e.g. `schedule: cron(0 3 * * ? *)`) or an eventPattern' })
    }
    if (task.schedule !== undefined) {
      const problem = scheduleProblem(task.schedule, { allowAt: false })
      if (problem) findings.push({ path: at('schedule'), message: problem })
    }
    if (task.container !== undefined && !m.containers[task.container]) {
      findings.push({ path: at('container'), message: `names no container${suggestName(task.container, containers, 'container')}` })
    }
    if (task.eventPattern !== undefined) findings.push(...eventPatternFindings(task.eventPattern, at('eventPattern')))
  }
  return findings
}

/** EventBridge matches lists of values at the leaves of a pattern: `source: [aws.s3]`. */
function eventPatternFindings(pattern: Record<string, unknown>, path: Path): Finding[] {
  if (Object.keys(pattern).length === 0) {
    return [{ path, message: 'is empty, and would match nothing: add e.g. `source: [aws.s3]`' }]
  }
  return Object.entries(pattern).flatMap(([key, value]): Finding[] => {
    const at = [...path, key]
    if (isMapping(value)) return eventPatternFindings(value, at)
    if (!Array.isArray(value)) return [{ path: at, message: `must be a list of values to match, e.g. ${key}: [${JSON.stringify(value) ?? 'value'}]` }]
    if (value.length === 0) return [{ path: at, message: 'is an empty list, which EventBridge refuses: list at least one value' }]
    return []
  })
}

// --- deployment, tags --------------------------------------------------------------------------

export const deploymentPercents: Rule = (m) => {
  const findings: Finding[] = []
  const minimum = m.deployment.minimumHealthyPercent ?? 100
  const maximum = m.deployment.maximumPercent ?? 200
  if (maximum <= minimum) {
    findings.push({
      path: ['deployment', 'maximumPercent'],
      near: [['deployment', 'minimumHealthyPercent'], ['deployment']],
      message: `must be above minimumHealthyPercent (${minimum}), or a rollout can neither start a new task nor stop an old one`,
    })
  }
  const breaker = m.deployment.circuitBreaker
  if (breaker && !breaker.enable && breaker.rollback) {
    findings.push({ path: ['deployment', 'circuitBreaker', 'rollback'], message: 'needs `enable: true`: the circuit breaker is what decides to roll back' })
  }
  return findings
}

export const reservedTags: Rule = (m) =>
  Object.keys(m.tags ?? {}).flatMap((key): Finding[] => {
    if (/^aws:/i.test(key)) return [{ path: ['tags', key], at: 'key', message: 'tag keys starting with "aws:" are reserved by AWS: rename it' }]
    // ecsctl marks what it owns with `ecsctl:` tags; a user's tag there would confuse that.
    if (/^ecsctl:/i.test(key)) return [{ path: ['tags', key], at: 'key', message: 'tag keys starting with "ecsctl:" are ecsctl\'s own: rename it' }]
    return []
  })

export const RULES: readonly Rule[] = [
  launchTypeOrProviders,
  capacityProviderStrategy,
  fargateSize,
  networkForAwsvpc,
  fargateNetworkMode,
  networkOutsideAwsvpc,
  fargatePlacement,
  ephemeralStorage,
  externalLaunch,
  essentialContainer,
  containerSizes,
  containerMemoryOnEc2,
  containerDependencies,
  mountPoints,
  containerPorts,
  environmentAndSecrets,
  executionRole,
  volumes,
  loadBalancers,
  autoscalingBounds,
  scalingSteps,
  scalingSchedules,
  scheduledTasks,
  deploymentPercents,
  reservedTags,
]

/** Every rule's findings for a manifest that passed the schema. */
export function checkRules(m: Manifest): Finding[] {
  return RULES.flatMap((rule) => rule(m))
}
