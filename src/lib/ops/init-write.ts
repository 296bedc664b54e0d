// The manifest `ecsctl init` writes: YAML text that ecsctl itself accepts, checked with the same
// parser `validate` uses before a byte reaches the disk, and a file that is never silently
// overwritten.
import { writeFile } from 'node:fs/promises'
import { Document, isScalar, visit } from 'yaml'
import { EcsctlError, invalid } from '../errors.js'
import { parseManifestText } from '../manifest/load.js'
import { formatProblem } from '../manifest/problems.js'
import type { Manifest, ManifestInput } from '../manifest/schema.js'

/** The first line: editors with the YAML language server complete and check the file with `ecsctl schema`'s output. */
export const SCHEMA_COMMENT = '# yaml-language-server: $schema=./ecsctl.schema.json'

/** A mapping of plain values this short reads best on one line: `posixUser: { uid: 1000, gid: 1000 }`. */
const INLINE_MAP_WIDTH = 60

/**
 * The document as YAML, after the schema line and `header` (comment lines). Lists of plain
 * values and short mappings of plain values are written inline, as people write them.
 */
export function manifestYaml(document: ManifestInput, header: readonly string[] = []): string {
  const yaml = new Document(escapeInterpolation(document))
  visit(yaml, {
    Seq(_key, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true
    },
    Map(_key, node) {
      const plain = node.items.every((pair) => isScalar(pair.key) && isScalar(pair.value))
      const width = node.items.reduce((sum, pair) => sum + String(isScalar(pair.key) ? pair.key.value : '').length + String(isScalar(pair.value) ? pair.value.value : '').length + 4, 0)
      if (plain && node.items.length > 0 && width <= INLINE_MAP_WIDTH) node.flow = true
    },
  })
  const body = yaml.toString({ lineWidth: 0 })
  const comments = [SCHEMA_COMMENT, ...header.map((line) => `# ${line}`.trimEnd())]
  return `${comments.join('\n')}\n${body}`
}

/**
 * ecsctl reads `${NAME}` as a variable: a value that holds those characters literally (a shell
 * command in a health check) is written `$${`, which reads back as `${`.
 */
function escapeInterpolation<T>(value: T): T {
  // A replacer function: in a replacement string `$$` would itself mean one `$`.
  if (typeof value === 'string') return value.replaceAll('${', () => '$${') as T
  if (Array.isArray(value)) return value.map((item: unknown) => escapeInterpolation(item)) as T
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, escapeInterpolation(field)])) as T
  }
  return value
}

/**
 * The manifest the text describes, as `ecsctl validate` would read it (no variables set: the
 * text has none). A problem is a bug of init for answers it checked itself, and `invalid` for a
 * live service that uses settings ecsctl's rules refuse; nothing is written either way.
 */
export function checkedManifest(text: string, file: string, failure: 'bug' | 'invalid' = 'bug'): Manifest {
  const { manifest, problems } = parseManifestText(text, file, { vars: {} })
  if (manifest) return manifest
  const listed = problems.map(formatProblem).join('\n')
  throw new EcsctlError(failure, `The manifest ecsctl init produced is not valid, so it was not written:\n${listed}`, {
    details: { problems, text },
    hint: failure === 'invalid' ? 'The live service uses settings ecsctl refuses (named above): change them in the service, or write those parts of the manifest by hand.' : undefined,
  })
}

/** Writes `text` to `path`; an existing file only with `force`. */
export async function writeManifestFile(path: string, text: string, force: boolean): Promise<void> {
  try {
    // `wx` fails if the file exists, without a race between a check and the write.
    await writeFile(path, text, { flag: force ? 'w' : 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw invalid(`${path} already exists; ecsctl init does not overwrite it.`, {
        hint: 'Pass --force to replace it, or --output PATH to write another file.',
      })
    }
    throw new EcsctlError('invalid', `Cannot write ${path}: ${(error as Error).message}`, { cause: error })
  }
}
