// Loads the manifests in examples/ through the real loader (YAML, interpolation, overlays, schema
// and rules), so an example that stops being valid fails the tests that use it.
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'
import { parseManifestText } from '../../src/lib/manifest/load.js'
import { formatProblem } from '../../src/lib/manifest/problems.js'
import type { Manifest } from '../../src/lib/manifest/schema.js'

export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url))
/** The one variable the examples use. */
export const EXAMPLE_VARS = { IMAGE_TAG: 'v1.2.3' }

/** The example names (file names without .yml), sorted. */
export const exampleNames = (): string[] =>
  readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.yml'))
    .map((file) => file.slice(0, -'.yml'.length))
    .sort()

export const readExample = (name: string): string => readFileSync(`${EXAMPLES_DIR}${name}.yml`, 'utf8')

/** The environment overlays an example declares. */
export function exampleEnvironments(name: string): string[] {
  const document: unknown = YAML.parse(readExample(name))
  const environments = (document as { environments?: Record<string, unknown> } | null)?.environments
  return Object.keys(environments ?? {})
}

/** The manifest as `ecsctl render` would see it, or an error listing every problem. */
export function parseManifestForTest(text: string, file: string, env?: string): Manifest {
  const { manifest, problems } = parseManifestText(text, file, { env, vars: EXAMPLE_VARS })
  if (!manifest) throw new Error(`${file} is not valid:\n${problems.map(formatProblem).join('\n')}`)
  return manifest
}

export const loadExample = (name: string, env?: string): Manifest => parseManifestForTest(readExample(name), `examples/${name}.yml`, env)
