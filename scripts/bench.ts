// The benchmark: prints its numbers, never fails a build. `npm run bench [-- --runs N]`.
//  1. Cold start: median wall time of fresh processes beside bare `node -e ''`. A command's first
//     run compiles from source and writes its code cache (src/compile-cache.ts); later runs start
//     from the cache. Both are shown: first runs each get an empty cache directory of their own.
//  2. diff and deploy of the complete example against the local endpoint with 50 ms added to
//     every request: requests sent, the longest chain of dependent requests, wall time.
//  3. 20 services deployed from one directory with --concurrency 8, beside one service alone.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { manifestFacts, seedForManifest } from '../test/endpoint/examples.js'
import { longestDependentChain, startEndpoint, type Endpoint } from '../test/endpoint/index.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const runsFlag = process.argv.indexOf('--runs')
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 11
const cacheHome = mkdtempSync(join(tmpdir(), 'ecsctl-bench-cache-'))
process.on('exit', () => rmSync(cacheHome, { recursive: true, force: true }))
const baseEnv = { ...process.env, IMAGE_TAG: 'v1.2.3', NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', XDG_CACHE_HOME: cacheHome }

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}
const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`

function timeSync(args: string[], env: Record<string, string> = {}): number {
  const start = performance.now()
  const result = spawnSync(process.execPath, args, { cwd: root, env: { ...baseEnv, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  const elapsed = performance.now() - start
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return elapsed
}

/** Runs the CLI asynchronously (the endpoint lives in this process) and times it. */
function timeCli(args: string[], env: Record<string, string>): Promise<{ elapsed: number; code: number; stderr: string }> {
  const start = performance.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/run.js', ...args], { cwd: root, env: { ...baseEnv, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += String(chunk)))
    child.on('close', (code) => resolve({ elapsed: performance.now() - start, code: code ?? 1, stderr }))
  })
}

async function coldStart(): Promise<void> {
  const validate = ['bin/run.js', 'validate', '-f', 'examples/complete.yml']
  const render = ['bin/run.js', 'render', '-f', 'examples/complete.yml', '--json']
  const firstRun = () => ({ XDG_CACHE_HOME: mkdtempSync(join(cacheHome, 'first-run-')) })
  const cases = [
    { label: "node -e ''", args: ['-e', ''] },
    { label: 'ecsctl --version', args: ['bin/run.js', '--version'] },
    { label: 'ecsctl validate (complete example)', args: validate },
    { label: '  its first run (no code cache yet)', args: validate, env: firstRun },
    { label: 'ecsctl render (complete example)', args: render },
    { label: '  its first run (no code cache yet)', args: render, env: firstRun },
  ]
  const samples = cases.map(() => [] as number[])
  for (const c of cases) timeSync(c.args, c.env?.()) // warm the file cache once, and write the code caches
  // Interleaved, so that machine noise spreads evenly over the cases.
  for (let i = 0; i < runs; i++) cases.forEach((c, index) => samples[index]?.push(timeSync(c.args, c.env?.())))
  const base = median(samples[0] ?? [])
  console.log(`Cold start, median of ${runs} runs (Node ${process.version}, ${process.platform}-${process.arch})`)
  cases.forEach((c, index) => {
    const m = median(samples[index] ?? [])
    console.log(`  ${c.label.padEnd(36)} ${ms(m)}   ${(m / base).toFixed(2)}x node`)
  })
  console.log('  goals: --version within 2x of node (aim 1.5x), validate within 3x')
}

/** An endpoint in the manifest's account and region, with 50 ms added to every request, seeded for it. */
async function endpointFor(manifest: string): Promise<Endpoint> {
  const text = readFileSync(join(root, manifest), 'utf8')
  const { account, region } = manifestFacts(text)
  const endpoint = await startEndpoint({ accountId: account, region, latencyMs: 50 })
  seedForManifest(endpoint, text)
  return endpoint
}

async function measure(endpoint: Endpoint, label: string, args: string[]): Promise<void> {
  endpoint.clearRequests()
  const { elapsed, code, stderr } = await timeCli(args, endpoint.env())
  const writes = endpoint.requests.filter((request) => !request.readOnly).length
  const chain = longestDependentChain(endpoint.requests).length
  const status = code === 0 ? '' : `   exit ${code}: ${stderr.split('\n')[0]}`
  console.log(`  ${label.padEnd(44)} ${String(endpoint.requests.length).padStart(4)} requests (${writes} writes)   chain ${String(chain).padStart(2)}   ${ms(elapsed)}${status}`)
}

async function pipeline(): Promise<void> {
  const endpoint = await endpointFor('examples/complete.yml')
  try {
    console.log('\ndiff and deploy of examples/complete.yml, 50 ms added to every request')
    const file = ['-f', 'examples/complete.yml']
    await measure(endpoint, 'diff (nothing deployed yet)', ['diff', ...file])
    await measure(endpoint, 'deploy --no-wait (first deploy)', ['deploy', ...file, '--no-wait'])
    await measure(endpoint, 'diff (after the deploy)', ['diff', ...file])
    await measure(endpoint, 'deploy --no-wait (unchanged manifest)', ['deploy', ...file, '--no-wait'])
    console.log('  goals: diff at most 3 dependent round trips; an unchanged deploy sends no write request')
  } finally {
    await endpoint.close()
  }
}

/** 20 copies of the minimal Fargate example under other names and hosts, in one directory. */
function twentyServices(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecsctl-bench-'))
  const text = readFileSync(join(root, 'examples/fargate-web.yml'), 'utf8')
  for (let i = 1; i <= 20; i++) {
    const copy = text
      .replace(/^name: .*$/m, `name: svc-${i}`)
      // Each its own rule on the shared listener: priorities and hosts are unique per listener.
      .replace('priority: 100', `priority: ${100 + i}`)
      .replace('hosts: [shop.example.com]', `hosts: [svc-${i}.example.com]`)
    writeFileSync(join(dir, `svc-${String(i).padStart(2, '0')}.yml`), copy)
  }
  return dir
}

async function concurrency(): Promise<void> {
  const dir = twentyServices()
  const endpoint = await endpointFor('examples/fargate-web.yml')
  const text = readFileSync(join(root, 'examples/fargate-web.yml'), 'utf8')
  try {
    console.log('\nfirst deploy (--no-wait), 50 ms added to every request')
    const one = await timeCli(['deploy', '-f', join(dir, 'svc-01.yml'), '--no-wait'], endpoint.env())
    endpoint.reset()
    seedForManifest(endpoint, text)
    const twenty = await timeCli(['deploy', '-f', dir, '--no-wait', '--concurrency', '8'], endpoint.env())
    console.log(`  one service                                  ${ms(one.elapsed)}${one.code ? `   exit ${one.code}: ${one.stderr.split('\n')[0]}` : ''}`)
    console.log(`  20 services, --concurrency 8                 ${ms(twenty.elapsed)}${twenty.code ? `   exit ${twenty.code}: ${twenty.stderr.split('\n')[0]}` : ''}   ${(twenty.elapsed / one.elapsed).toFixed(2)}x one`)
    console.log('  goal: at most 3x the wall time of one')
  } finally {
    await endpoint.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

await coldStart()
await pipeline()
await concurrency()
