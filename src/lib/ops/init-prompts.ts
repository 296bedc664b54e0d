// `ecsctl init` in a terminal: a few questions, each checked as it is answered, so that the
// starter manifest is valid when the last one is. The questions go through a Prompter so that
// tests answer them; the terminal one draws them with @inquirer/prompts on stderr.
import { FARGATE_CPU, fargateMemoryFor } from '../manifest/fargate.js'
import { loadBalancerSchema, manifestSchema, roleRef, type ManifestInput } from '../manifest/schema.js'
import type { Prompter, Validate } from './terminal.js'

export type InitPrompter = Pick<Prompter, 'input' | 'select' | 'confirm'>

// --- checks, each the schema's own where it has one ----------------------------------------

/** A check from a zod schema: its first message, or true. */
function bySchema(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, convert: (answer: string) => unknown = (answer) => answer): Validate {
  return (answer) => {
    const result = schema.safeParse(convert(answer.trim()))
    return result.success ? true : (result.error?.issues[0]?.message ?? 'not valid here')
  }
}

const shape = manifestSchema.shape
const albShape = loadBalancerSchema.shape.alb.unwrap().shape
const networkShape = shape.network.unwrap().shape

/** Comma- or space-separated ids as a list. */
export const splitList = (answer: string): string[] => answer.split(/[\s,]+/).map((item) => item.trim()).filter(Boolean)

const wholeNumber = (answer: string) => (/^\d+$/.test(answer) ? Number(answer) : answer)

const validPort: Validate = (answer) => (/^\d+$/.test(answer.trim()) && Number(answer) >= 1 && Number(answer) <= 65535 ? true : 'a port is a whole number from 1 to 65535')

const optional =
  (check: Validate): Validate =>
  (answer) =>
    answer.trim() === '' ? true : check(answer)

// --- the questions -------------------------------------------------------------------------

export interface StarterDefaults {
  /** The service name to offer: the working directory's name, cleaned up. */
  name: string
}

/** A directory name as a service name: letters, digits, "-" and "_". */
export function serviceNameFrom(directory: string): string {
  const cleaned = directory.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')
  return cleaned || 'web'
}

const CPU_LABEL = (cpu: number) => `${cpu} (${cpu / 1024} vCPU)`

/** Asks for a starter manifest; every answer is checked, so the document validates. */
export async function askStarterManifest(prompter: InitPrompter, defaults: StarterDefaults): Promise<ManifestInput> {
  const name = (await prompter.input({ message: 'Service name', default: defaults.name, validate: bySchema(shape.name) })).trim()
  const cluster = (await prompter.input({ message: 'ECS cluster', default: 'default', validate: bySchema(shape.cluster) })).trim()
  const launchType = await prompter.select<'FARGATE' | 'EC2'>({
    message: 'Where do the tasks run?',
    choices: [
      { value: 'FARGATE', name: 'Fargate', description: 'serverless: AWS runs the tasks, you pick cpu and memory' },
      { value: 'EC2', name: 'EC2', description: "on the cluster's container instances" },
    ],
    default: 'FARGATE',
  })
  const fargate = launchType === 'FARGATE'
  const image = (await prompter.input({ message: 'Container image', default: 'nginx:latest', validate: (answer) => (answer.trim() ? true : 'needs an image, e.g. nginx:1.27 or an ECR image URI') })).trim()
  const portAnswer = await prompter.input({ message: 'Port the container listens on (empty for none)', default: '8080', validate: optional(validPort) })
  const port = portAnswer.trim() === '' ? undefined : Number(portAnswer)

  const size = fargate ? await askFargateSize(prompter) : await askEc2Memory(prompter)

  const subnets = splitList(
    await prompter.input({
      message: fargate ? 'Subnets (comma-separated)' : 'Subnets for awsvpc networking (comma-separated; empty for bridge networking)',
      validate: (answer) => {
        if (splitList(answer).length === 0) return fargate ? 'Fargate tasks need at least one subnet, e.g. subnet-0a1b2c3d' : true
        return bySchema(networkShape.subnets, splitList)(answer)
      },
    }),
  )
  const securityGroups =
    subnets.length > 0
      ? splitList(await prompter.input({ message: 'Security groups (comma-separated)', validate: optional(bySchema(networkShape.securityGroups, splitList)) }))
      : []
  const assignPublicIp = subnets.length > 0 && fargate ? await prompter.confirm({ message: 'Give the tasks a public IP (public subnets without a NAT gateway)?', default: false }) : false
  // Fargate pulls images and writes logs with the execution role; the rules require one there.
  const executionRole = (
    await prompter.input({
      message: fargate ? 'Task execution role (name or ARN)' : 'Task execution role (name or ARN; empty for none)',
      default: 'ecsTaskExecutionRole',
      validate: fargate ? bySchema(roleRef) : optional(bySchema(roleRef)),
    })
  ).trim()

  const alb = port !== undefined && (await prompter.confirm({ message: 'Does it sit behind an Application Load Balancer?', default: false })) ? await askAlb(prompter) : undefined

  return {
    version: 1,
    name,
    cluster,
    launchType,
    ...(size.task ?? {}),
    desiredCount: 1,
    roles: executionRole ? { execution: executionRole } : undefined,
    network: subnets.length > 0 ? { subnets, securityGroups: securityGroups.length > 0 ? securityGroups : undefined, assignPublicIp: assignPublicIp || undefined } : undefined,
    containers: {
      app: {
        image,
        ports: port === undefined ? undefined : [port],
        memory: size.containerMemory,
      },
    },
    loadBalancers: alb && port !== undefined ? [{ container: 'app', port, alb }] : undefined,
    deployment: { circuitBreaker: { enable: true, rollback: true } },
  }
}

interface Size {
  task?: { cpu: number; memory: number }
  containerMemory?: number
}

/** Only the pairs Fargate offers: memory is chosen from the sizes of the chosen cpu. */
async function askFargateSize(prompter: InitPrompter): Promise<Size> {
  const cpu = await prompter.select({
    message: 'Task CPU units',
    choices: FARGATE_CPU.map((value) => ({ value: String(value), name: CPU_LABEL(value) })),
    default: '256',
  })
  const memoryChoices = fargateMemoryFor(Number(cpu)) ?? []
  const memory = await prompter.select({
    message: `Task memory (MiB) for ${CPU_LABEL(Number(cpu))}`,
    choices: memoryChoices.map((value) => ({ value: String(value), name: value >= 1024 ? `${value} (${value / 1024} GB)` : String(value) })),
    default: String(memoryChoices[0]),
  })
  return { task: { cpu: Number(cpu), memory: Number(memory) } }
}

/** On EC2 the container's hard memory limit is enough for ECS to place it. */
async function askEc2Memory(prompter: InitPrompter): Promise<Size> {
  const answer = await prompter.input({ message: 'Container memory limit (MiB)', default: '512', validate: bySchema(shape.memory.unwrap(), wholeNumber) })
  return { containerMemory: Number(answer) }
}

async function askAlb(prompter: InitPrompter): Promise<NonNullable<NonNullable<ManifestInput['loadBalancers']>[number]['alb']>> {
  const listener = (
    await prompter.input({
      message: 'Listener ARN (arn:aws:elasticloadbalancing:...:listener/app/...)',
      validate: (answer) => {
        const checked = bySchema(albShape.listener)(answer)
        if (checked !== true) return checked
        return /:listener\/app\//.test(answer) ? true : 'is not an Application Load Balancer listener (listener/app/...)'
      },
    })
  ).trim()
  const path = (await prompter.input({ message: 'Path pattern the rule forwards', default: '/*', validate: (answer) => (answer.trim() ? true : 'needs a path pattern such as /* or /api/*') })).trim()
  const priority = await prompter.input({ message: 'Rule priority (1-50000, unique on the listener)', default: '100', validate: bySchema(albShape.rule.shape.priority, wholeNumber) })
  return { listener, rule: { priority: Number(priority), paths: [path] } }
}
