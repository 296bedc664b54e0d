// `ecsctl --version` without loading oclif, which is about a third of a cold start. Its own entry
// of the bundle (dist/version.js), so that bin/run.js can ask it before importing anything else.
import { readFileSync } from 'node:fs'

/** Arguments oclif answers with the version: `--version` and the package's `additionalVersionFlags`. */
const VERSION_FLAGS = ['--version', '-v']

/**
 * The line oclif prints for `--version` (its `config.userAgent`: `ecsctl/0.1.0 linux-x64
 * node-v20.20.2`) when `argv` is just a version flag; undefined otherwise, for oclif to handle.
 */
export function quickVersion(argv: readonly string[], packageJsonUrl: URL): string | undefined {
  if (argv.length !== 1 || !VERSION_FLAGS.includes(argv[0] ?? '')) return undefined
  const { name, version } = JSON.parse(readFileSync(packageJsonUrl, 'utf8')) as { name: string; version: string }
  return `${name}/${version} ${process.platform}-${process.arch} node-${process.version}`
}
