#!/usr/bin/env node
// Cold-start benchmark: median wall time of fresh processes, beside bare `node -e ''`.
// Prints numbers; it never fails a build. Usage: npm run bench [-- --runs 21]
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const runsFlag = process.argv.indexOf('--runs')
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 15
const env = { ...process.env, IMAGE_TAG: 'v1.2.3', NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

const cases = [
  { label: "node -e ''", args: ['-e', ''] },
  { label: 'ecsctl --version', args: ['bin/run.js', '--version'] },
  { label: 'ecsctl validate (complete example)', args: ['bin/run.js', 'validate', '-f', 'examples/complete.yml'] },
  { label: 'ecsctl render (complete example)', args: ['bin/run.js', 'render', '-f', 'examples/complete.yml', '--json'] },
]

function timeOnce(args) {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return ms
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

// Interleave the cases so that machine noise spreads evenly over them.
const samples = cases.map(() => [])
for (const c of cases) timeOnce(c.args) // warm the file cache once
for (let i = 0; i < runs; i++) cases.forEach((c, index) => samples[index].push(timeOnce(c.args)))

const base = median(samples[0])
console.log(`Cold start, median of ${runs} runs (Node ${process.version}, ${process.platform}-${process.arch})`)
cases.forEach((c, index) => {
  const m = median(samples[index])
  console.log(`  ${c.label.padEnd(36)} ${m.toFixed(0).padStart(5)} ms   ${(m / base).toFixed(2)}x node`)
})
console.log('Goals: --version within 2x of node (aim 1.5x), validate within 3x.')
