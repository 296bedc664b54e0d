// Runs the built CLI (bin/run.js -> dist/) as a user would: a subprocess, its output and its exit code.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const binPath = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<CliResult> {
  // A clean environment: nothing from the developer's shell (AWS_PROFILE, ECSCTL_*) leaks in.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value
  return new Promise((resolve) => {
    execFile(process.execPath, [binPath, ...args], { cwd: options.cwd ?? repoRoot, env, timeout: options.timeoutMs ?? 15000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}
