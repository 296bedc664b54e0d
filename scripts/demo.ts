// `npm run demo`: ecsctl at work without an AWS account. Starts the local AWS-compatible test
// endpoint (test/endpoint, in memory on 127.0.0.1), then runs the built CLI against it as a
// user would: deploy, diff, a new image, scale, a crashing image, rollback and status of
// examples/fargate-web.yml.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { manifestFacts, seedForManifest } from '../test/endpoint/examples.js'
import { startEndpoint } from '../test/endpoint/index.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const manifest = 'examples/fargate-web.yml'
const text = readFileSync(new URL(`../${manifest}`, import.meta.url), 'utf8')
const { account, region } = manifestFacts(text)

const bold = (s: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001B[1m${s}\u001B[22m` : s)

const endpoint = await startEndpoint({ accountId: account, region, deploymentSteps: 2 })
seedForManifest(endpoint, text)

function ecsctl(args: string[], imageTag: string): Promise<number> {
  console.log(`\n${bold(`$ IMAGE_TAG=${imageTag} ecsctl ${args.join(' ')}`)}`)
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/run.js', ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, ...endpoint.env(region), IMAGE_TAG: imageTag } })
    child.on('close', (code) => resolve(code ?? 1))
  })
}

/** Each step with the exit code it should end with; the demo stops at the first surprise. */
const steps: { args: string[]; tag: string; expect: number; note: string }[] = [
  { note: 'What a first deploy would create (nothing exists yet).', args: ['diff', '-f', manifest], tag: 'v1', expect: 0 },
  { note: 'Deploy it: task definition, target group, listener rule, service; then wait for the rollout.', args: ['deploy', '-f', manifest], tag: 'v1', expect: 0 },
  { note: 'Nothing to change now: exit 0 under --exit-code.', args: ['diff', '-f', manifest, '--exit-code'], tag: 'v1', expect: 0 },
  { note: 'A new image: exactly one field differs (exit 3 under --exit-code).', args: ['diff', '-f', manifest, '--exit-code'], tag: 'v2', expect: 3 },
  { note: 'Deploy the new image: one new revision, one rollout.', args: ['deploy', '-f', manifest], tag: 'v2', expect: 0 },
  { note: 'Scale to 3 tasks and wait for them.', args: ['scale', '3', '-f', manifest, '--wait'], tag: 'v2', expect: 0 },
  { note: 'An image that crashes on start: the deploy exits 5 and says why (stopped reason, exit code, log lines).', args: ['deploy', '-f', manifest], tag: 'crash-1', expect: 5 },
  { note: 'Back to the revision before it, and follow that rollout.', args: ['rollback', '-f', manifest], tag: 'v2', expect: 0 },
  { note: 'Where things stand.', args: ['status', '-f', manifest], tag: 'v2', expect: 0 },
]

let failed = false
try {
  console.log(`Local AWS-compatible endpoint on ${endpoint.url} (account ${account}, ${region}); nothing leaves this machine.`)
  for (const step of steps) {
    console.log(`\n# ${step.note}`)
    const code = await ecsctl(step.args, step.tag)
    if (code !== step.expect) {
      console.error(`\nThe demo expected exit ${step.expect} here and got ${code}.`)
      failed = true
      break
    }
  }
  const writes = endpoint.requests.filter((request) => !request.readOnly).length
  console.log(`\n${endpoint.requests.length} requests reached the endpoint, ${writes} of them writes.`)
} finally {
  await endpoint.close()
}
process.exitCode = failed ? 1 : 0
