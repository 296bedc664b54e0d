// `ecsctl init` by asking: driven through a fake prompter that answers by question, checks each
// answer with the question's own validation (as the terminal would), and records what it was
// offered. The file written must be a manifest `ecsctl validate` accepts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EcsctlError } from '../../src/lib/errors.js'
import { fargateMemoryFor } from '../../src/lib/manifest/fargate.js'
import { parseManifestText } from '../../src/lib/manifest/load.js'
import { initFromQuestions } from '../../src/lib/ops/init.js'
import { serviceNameFrom, splitList, type InitPrompter } from '../../src/lib/ops/init-prompts.js'
import { isInteractiveTerminal, type Choice, type Validate } from '../../src/lib/ops/terminal.js'

const LISTENER = 'arn:aws:elasticloadbalancing:eu-west-1:210987654321:listener/app/shop-public/8f3c1a2b4d5e6f70/1a2b3c4d5e6f7081'

interface Asked {
  message: string
  choices?: string[]
}

/**
 * Answers each question with the first scripted answer whose key its message contains; an
 * unscripted question takes its default. An answer its validation refuses fails the test.
 */
function fakePrompter(script: Record<string, string | boolean>) {
  const asked: Asked[] = []
  const answerFor = (message: string) => Object.entries(script).find(([key]) => message.includes(key))?.[1]
  const checked = (message: string, answer: string, validate?: Validate) => {
    const verdict = validate?.(answer) ?? true
    if (verdict !== true) throw new Error(`"${message}" refused "${answer}": ${verdict}`)
    return answer
  }
  const prompter: InitPrompter = {
    async input({ message, default: fallback, validate }) {
      asked.push({ message })
      const answer = answerFor(message)
      return checked(message, typeof answer === 'string' ? answer : (fallback ?? ''), validate)
    },
    async select<T extends string>({ message, choices, default: fallback }: { message: string; choices: Choice<T>[]; default?: T }) {
      asked.push({ message, choices: choices.map((choice) => choice.value) })
      const answer = answerFor(message) ?? fallback
      const choice = choices.find((c) => c.value === answer)
      if (!choice) throw new Error(`"${message}" offers no choice "${String(answer)}"`)
      return choice.value
    },
    async confirm({ message, default: fallback }) {
      asked.push({ message })
      const answer = answerFor(message)
      return typeof answer === 'boolean' ? answer : (fallback ?? false)
    },
  }
  return { prompter, asked }
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecsctl-init-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const readBack = (file: string) => {
  const text = readFileSync(file, 'utf8')
  const { manifest, problems } = parseManifestText(text, file, { vars: {} })
  expect(problems).toEqual([])
  return { text, manifest: manifest! }
}

describe('ecsctl init by asking', () => {
  it('a Fargate service behind an ALB: writes a valid manifest with the schema line first', async () => {
    const output = join(dir, 'ecsctl.yml')
    const { prompter, asked } = fakePrompter({
      'Service name': 'shop-frontend',
      'ECS cluster': 'staging',
      'Where do the tasks run': 'FARGATE',
      'Container image': '210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop-frontend:v1',
      Port: '3000',
      'Task CPU': '512',
      'Task memory': '2048',
      Subnets: 'subnet-0f3a9c2e7d1b4a568, subnet-0c7e1d9a2b3f45678',
      'Security groups': 'sg-0a9b8c7d6e5f43210',
      'public IP': true,
      'Application Load Balancer': true,
      'Listener ARN': LISTENER,
      'Path pattern': '/shop/*',
      'Rule priority': '120',
    })

    const result = await initFromQuestions(prompter, { output, force: false }, 'ignored')

    expect(result).toMatchObject({ file: output, service: 'shop-frontend', cluster: 'staging', source: 'questions', notes: [], next: `ecsctl diff -f ${output}` })
    const { text, manifest } = readBack(output)
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./ecsctl.schema.json')
    expect(manifest).toMatchObject({
      name: 'shop-frontend',
      cluster: 'staging',
      launchType: 'FARGATE',
      cpu: 512,
      memory: 2048,
      roles: { execution: 'ecsTaskExecutionRole' },
      network: { subnets: ['subnet-0f3a9c2e7d1b4a568', 'subnet-0c7e1d9a2b3f45678'], securityGroups: ['sg-0a9b8c7d6e5f43210'], assignPublicIp: true },
      containers: { app: { image: '210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop-frontend:v1', ports: [3000] } },
      loadBalancers: [{ container: 'app', port: 3000, alb: { listener: LISTENER, rule: { priority: 120, paths: ['/shop/*'] } } }],
    })
    // Memory is offered only in the sizes Fargate has for the chosen cpu.
    expect(asked.find((q) => q.message.startsWith('Task memory'))?.choices).toEqual(fargateMemoryFor(512)?.map(String))
    expect(asked.find((q) => q.message.startsWith('Task CPU'))?.choices).toEqual(['256', '512', '1024', '2048', '4096', '8192', '16384'])
  })

  it('an EC2 service without subnets: bridge networking, a container memory limit, no load balancer question without a port', async () => {
    const output = join(dir, 'worker.yml')
    const { prompter, asked } = fakePrompter({ 'Where do the tasks run': 'EC2', Port: '', 'Container memory': '768', Subnets: '', 'execution role': '' })
    await initFromQuestions(prompter, { output, force: false }, 'My Worker!')
    const { manifest } = readBack(output)
    expect(manifest).toMatchObject({ name: 'My-Worker', cluster: 'default', launchType: 'EC2', containers: { app: { image: 'nginx:latest', memory: 768 } } })
    expect(manifest.network).toBeUndefined()
    expect(manifest.roles).toBeUndefined()
    expect(asked.map((q) => q.message)).not.toContain('Does it sit behind an Application Load Balancer?')
    expect(asked.some((q) => q.message.startsWith('Security groups'))).toBe(false)
  })

  it('checks answers as they are given', async () => {
    const refuse = async (script: Record<string, string | boolean>) => {
      const { prompter } = fakePrompter(script)
      return initFromQuestions(prompter, { output: join(dir, 'x.yml'), force: false }, 'web').then(
        () => 'accepted',
        (error: Error) => error.message,
      )
    }
    expect(await refuse({ 'Service name': 'my service' })).toMatch(/refused "my service": a service name may use only letters/)
    expect(await refuse({ Subnets: '' })).toMatch(/Fargate tasks need at least one subnet/)
    expect(await refuse({ Subnets: 'subnet-zz' })).toMatch(/a subnet id looks like subnet-/)
    expect(await refuse({ Port: '70000' })).toMatch(/a port is a whole number from 1 to 65535/)
    expect(await refuse({ Subnets: 'subnet-0a1', 'Application Load Balancer': true, 'Listener ARN': LISTENER.replace('/app/', '/net/') })).toMatch(/not an Application Load Balancer listener/)
    expect(await refuse({ Subnets: 'subnet-0a1', 'Application Load Balancer': true, 'Listener ARN': LISTENER, 'Rule priority': '0' })).toMatch(/a rule priority is between 1 and 50000/)
  })

  it('refuses to overwrite an existing file (exit 2) before asking anything; --force replaces it', async () => {
    const output = join(dir, 'ecsctl.yml')
    writeFileSync(output, 'mine\n')
    const { prompter, asked } = fakePrompter({ Subnets: 'subnet-0a1' })
    const refused = await initFromQuestions(prompter, { output, force: false }, 'web').catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(EcsctlError)
    expect((refused as EcsctlError).exitCode).toBe(2)
    expect((refused as EcsctlError).hint).toContain('--force')
    expect(asked).toEqual([])
    expect(readFileSync(output, 'utf8')).toBe('mine\n')

    await initFromQuestions(prompter, { output, force: true }, 'web')
    expect(readBack(output).manifest.name).toBe('web')
  })
})

describe('helpers', () => {
  it('prompts only when both stdin and stdout are terminals', () => {
    expect(isInteractiveTerminal({ isTTY: true }, { isTTY: true })).toBe(true)
    expect(isInteractiveTerminal({ isTTY: true }, {})).toBe(false)
    expect(isInteractiveTerminal({}, { isTTY: true })).toBe(false)
  })

  it('splits comma- or space-separated lists and cleans a directory name into a service name', () => {
    expect(splitList('subnet-1, subnet-2  subnet-3,')).toEqual(['subnet-1', 'subnet-2', 'subnet-3'])
    expect(serviceNameFrom('my app (v2)')).toBe('my-app-v2')
    expect(serviceNameFrom('***')).toBe('web')
  })
})
