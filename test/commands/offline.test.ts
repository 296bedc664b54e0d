// The offline commands as a user runs them: the built binary, its output and its exit code.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { repoRoot, runCli } from '../support/cli.js'

const withTag = { IMAGE_TAG: 'v1.2.3' }
const exampleFiles = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.yml'))

function tempManifest(text: string, name = 'ecsctl.yml'): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ecsctl-cmd-'))
  const file = join(dir, name)
  writeFileSync(file, text)
  return { dir, file }
}

const minimal = `version: 1
name: api
cluster: prod
launchType: FARGATE
cpu: 256
memory: 512
roles: { execution: ecsTaskExecutionRole }
network: { subnets: [subnet-0a1b2c3d] }
containers:
  app:
    image: nginx:1.27
    ports: [80]
`

describe('ecsctl validate', () => {
  it.each(exampleFiles)('accepts examples/%s', async (file) => {
    const result = await runCli(['validate', '-f', `examples/${file}`], { env: withTag })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(new RegExp(`examples/${file}: service \\S+ in cluster \\S+ is valid`))
  })

  it('reads ecsctl.yml from the working directory by default', async () => {
    const { dir } = tempManifest(minimal)
    const result = await runCli(['validate'], { cwd: dir })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('ecsctl.yml: service api in cluster prod is valid')
  })

  it('reports every problem with file, line, column and field, exits 2, and prints no stack', async () => {
    const { dir } = tempManifest(minimal.replace('memory: 512', 'memroy: 512').replace('cpu: 256', 'cpu: 256\ndesiredCount: -1'))
    const result = await runCli(['validate'], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/ecsctl\.yml:7:1 {2}memroy {2}.*did you mean "memory"/)
    expect(result.stderr).toMatch(/ecsctl\.yml:6:15 {2}desiredCount {2}/)
    expect(result.stderr).not.toMatch(/^\s+at /m)
  })

  it('lists the problems as objects under --json', async () => {
    const { dir } = tempManifest(minimal.replace('memory: 512', 'memroy: 512'))
    const result = await runCli(['validate', '--json'], { cwd: dir })
    expect(result.code).toBe(2)
    const body = JSON.parse(result.stdout)
    expect(body.error.kind).toBe('invalid')
    expect(body.error.exitCode).toBe(2)
    expect(body.error.details.problems).toContainEqual(expect.objectContaining({ file: 'ecsctl.yml', line: 6, column: 1, path: 'memroy' }))
  })

  it('takes its flags from ECSCTL_* environment variables', async () => {
    const result = await runCli(['validate'], { env: { ...withTag, ECSCTL_FILE: 'examples/fargate-web.yml', ECSCTL_JSON: 'true' } })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, manifests: [{ file: 'examples/fargate-web.yml' }] })
  })

  it('names a missing manifest and says how to make one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecsctl-empty-'))
    const result = await runCli(['validate'], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/ecsctl\.yml/)
    expect(result.stderr).toMatch(/-f/)
  })

  it('refuses an environment the manifest does not declare', async () => {
    const result = await runCli(['validate', '-f', 'examples/complete.yml', '--env', 'qa'], { env: withTag })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/qa/)
    expect(result.stderr).toMatch(/staging/)
  })

  it('names a variable the manifest needs but the environment lacks', async () => {
    const result = await runCli(['validate', '-f', 'examples/complete.yml'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/IMAGE_TAG/)
  })
})

describe('ecsctl render', () => {
  it('prints the requests of a first deploy as a JSON array, in apply order', async () => {
    const result = await runCli(['render', '-f', 'examples/complete.yml', '--json'], { env: withTag })
    expect(result.code).toBe(0)
    const requests = JSON.parse(result.stdout) as { service: string; operation: string; input: Record<string, unknown> }[]
    const operations = requests.map((r) => r.operation)
    expect(operations.indexOf('RegisterTaskDefinition')).toBeLessThan(operations.indexOf('CreateService'))
    expect(operations.indexOf('CreateTargetGroup')).toBeLessThan(operations.indexOf('CreateService'))
    expect(operations.indexOf('CreateService')).toBeLessThan(operations.indexOf('RegisterScalableTarget'))
    const taskDefinition = requests.find((r) => r.operation === 'RegisterTaskDefinition')
    expect(taskDefinition).toMatchObject({ service: 'ecs', input: { family: 'web', cpu: '512', memory: '1024' } })
    expect(JSON.stringify(taskDefinition)).toContain('web:v1.2.3')
  })

  it('prints the same requests as YAML without --json', async () => {
    const [yamlResult, jsonResult] = await Promise.all([
      runCli(['render', '-f', 'examples/fargate-web.yml'], { env: withTag }),
      runCli(['render', '-f', 'examples/fargate-web.yml', '--json'], { env: withTag }),
    ])
    expect(yamlResult.code).toBe(0)
    expect(parse(yamlResult.stdout)).toEqual(JSON.parse(jsonResult.stdout))
  })

  it('uses --region over the manifest region and keeps the account as a placeholder', async () => {
    const result = await runCli(['render', '-f', 'examples/complete.yml', '--json', '--region', 'eu-west-1', '--operation', 'RegisterTaskDefinition'], { env: withTag })
    const [request] = JSON.parse(result.stdout)
    expect(JSON.stringify(request)).toContain('"awslogs-region":"eu-west-1"')
    expect(JSON.stringify(request)).toContain('arn:aws:iam::<account-id>:role/ecsTaskExecutionRole')
  })

  it('applies the environment overlay', async () => {
    const result = await runCli(['render', '-f', 'examples/complete.yml', '--env', 'staging', '--json', '--operation', 'CreateService'], { env: withTag })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject([{ input: { cluster: 'staging', desiredCount: 1 } }])
  })

  it('exits 2 on an invalid manifest without printing requests', async () => {
    const { file } = tempManifest(minimal.replace('cpu: 256', 'cpu: 300'))
    const result = await runCli(['render', '-f', file])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/cpu/)
  })
})

describe('ecsctl schema', () => {
  let schema: Record<string, unknown>
  beforeAll(async () => {
    const result = await runCli(['schema', '--output', '-'])
    expect(result.code).toBe(0)
    schema = JSON.parse(result.stdout)
  })

  it.each(exampleFiles)('accepts examples/%s', (file) => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema)
    const document = parse(readFileSync(join(repoRoot, 'examples', file), 'utf8'))
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true)
  })

  it('rejects a misspelt key, as an editor would show it', () => {
    const validate = new Ajv2020({ strict: false }).compile(schema)
    expect(validate({ ...parse(minimal), memroy: 512 })).toBe(false)
  })

  it('writes ecsctl.schema.json by default and says how to use it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecsctl-schema-'))
    const result = await runCli(['schema'], { cwd: dir })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('$schema=./ecsctl.schema.json')
    expect(JSON.parse(readFileSync(join(dir, 'ecsctl.schema.json'), 'utf8'))).toEqual(schema)
  })
})

describe('the CLI shell', () => {
  it('suggests the nearest command for a typo and exits 2', async () => {
    const result = await runCli(['valdate'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Did you mean `ecsctl validate`?')
  })

  it('exits 2 on an unknown flag', async () => {
    const result = await runCli(['validate', '--frobnicate'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/frobnicate/)
  })

  it('shows examples, global flags and exit codes in --help', async () => {
    const result = await runCli(['render', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('EXAMPLES')
    expect(result.stdout).toContain('--json')
    expect(result.stdout).toContain('ECSCTL_')
    expect(result.stdout).toContain('130  interrupted')
  })

  // --version: test/version.test.ts
})
