// Manifest files -> validated Manifests, or every problem of every file at once.
//   YAML (with positions) -> plain values, ${VAR} resolved -> the file checked as written ->
//   the environment overlay merged -> the schema -> the rules.
// Only loadManifests touches the file system; parseManifestText is pure.
import { readdir, readFile, stat } from 'node:fs/promises'
import nodePath from 'node:path'
import { LineCounter, parseDocument, type YAMLError } from 'yaml'
import { invalid } from '../errors.js'
import { placeFinding, type Finding } from './findings.js'
import type { Variables } from './interpolate.js'
import { findingsFromIssues, PARSE_OPTIONS } from './issues.js'
import { deepMerge, mergeLocations, rebaseLocations } from './overlay.js'
import { formatPath, isUnder, locate, pathKey, type Locations, type Path, type Position } from './positions.js'
import { ManifestError, sortProblems, type Problem } from './problems.js'
import { checkRules } from './rules.js'
import { manifestFileSchema, manifestSchema, type Manifest } from './schema.js'
import { didYouMean } from './suggest.js'
import { readTree, type Tree, type TreeProblem } from './tree.js'
import { defineEntry, describeValue, isMapping, valueAt, type Mapping } from './values.js'

export interface ParseOptions {
  /** The environment overlay to merge (`--env`). */
  env?: string
  /** The variables `${VAR}` reads: the process environment, passed in. */
  vars: Variables
}

export interface ParseResult {
  /** Set only when there is no problem at all. */
  manifest?: Manifest
  problems: Problem[]
}

export interface LoadOptions extends ParseOptions {
  /** Files or directories as the user gave them; none means ecsctl.yml in `cwd`. */
  files: string[]
  cwd?: string
}

export interface LoadedManifest {
  /** The file as the user gave it (relative to the working directory when they wrote it so). */
  file: string
  manifest: Manifest
}

export const DEFAULT_FILES = ['ecsctl.yml', 'ecsctl.yaml'] as const

const MANIFEST_HINT = 'Create one with `ecsctl init`, or pass -f PATH.'

/** Parses and validates one manifest's text. Every problem is reported, none thrown. */
export function parseManifestText(text: string, file: string, options: ParseOptions): ParseResult {
  const { manifest, problems } = analyzeManifest(text, file, options)
  return manifest ? { manifest, problems } : { problems }
}

interface Analysis extends ParseResult {
  /** Where the selected manifest's fields are, for problems found across files. */
  locations?: Locations
}

/** One way of reading the file: the base, or the base with one environment merged over it. */
interface Variant {
  value: Mapping
  locations: Locations
  unresolved: Path[]
}

function analyzeManifest(text: string, file: string, options: ParseOptions): Analysis {
  const read = readManifestTree(text, file, options)
  if (!('root' in read)) return { problems: read.problems }
  const { root, tree } = read
  const environments = isMapping(root.environments) ? root.environments : {}
  const base = baseOf(root)
  const baseVariant: Variant = { value: base, locations: tree.locations, unresolved: tree.unresolved.filter((p) => p[0] !== 'environments') }
  const variantOf = (env: string): Variant | undefined => {
    const overlay = environments[env]
    if (!isMapping(overlay)) return undefined
    const prefix = ['environments', env]
    return {
      value: deepMerge(base, overlay) as Mapping,
      locations: mergeLocations(tree.locations, rebaseLocations(tree.locations, prefix), base, overlay),
      unresolved: [...baseVariant.unresolved, ...tree.unresolved.filter((p) => isUnder(p, prefix)).map((p) => p.slice(prefix.length))],
    }
  }
  const place = (locations: Locations) => (finding: Finding) =>
    placeFinding(file, locations, withEnvironmentHint(finding, options.env, environments))
  const reported = new Reported()

  // The file as written: typos in the base are caught whichever environment is chosen. With an
  // environment chosen, a field missing from the base may come from the overlay; the merged
  // check below says whether it does.
  const fileCheck = validate(manifestFileSchema, { value: root, locations: tree.locations, unresolved: tree.unresolved })
  reported.addLayer(fileCheck.findings.filter((finding) => !(options.env !== undefined && finding.missing)).map(place(tree.locations)))

  // The manifest asked for: the base, or the base with the chosen environment.
  const selected = options.env === undefined ? baseVariant : variantOf(options.env)
  if (options.env !== undefined && !Object.hasOwn(environments, options.env)) {
    reported.addLayer([unknownEnvironment(options.env, environments, file, tree.locations)])
  }
  // Without an environment, the file's own check already parsed the base: its rules need no second pass.
  const parsedBase = options.env === undefined && fileCheck.data ? withoutFileFields(fileCheck.data as Mapping) : undefined
  const result = selected ? check(selected, parsedBase) : { findings: [] }
  reported.addLayer(result.findings.map(place(selected?.locations ?? tree.locations)))

  // Every other environment too, so that a typo in staging shows before the day staging deploys.
  for (const env of Object.keys(environments)) {
    const variant = env === options.env ? undefined : variantOf(env)
    if (variant) reported.addLayer(check(variant).findings.map(place(variant.locations)), `with --env ${env}: `)
  }

  const problems = sortProblems([...read.problems, ...reported.problems])
  const locations = selected?.locations
  return problems.length === 0 && result.manifest ? { manifest: result.manifest, problems, locations } : { problems, locations }
}

/**
 * The YAML read into plain values with their positions and ${VAR}s resolved, or the problems
 * that stop the check here: syntax errors, an empty file, a file that is not a mapping, another
 * version of the format.
 */
function readManifestTree(text: string, file: string, options: ParseOptions): { problems: Problem[] } | { problems: Problem[]; root: Mapping; tree: Tree } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false, merge: true, prettyErrors: false, lineCounter })
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }
  const lines = text.split(/\r?\n/)
  const yamlProblems = [...syntaxProblems(doc.errors.map((error) => yamlProblem(error, file, lines, position))), ...doc.warnings.map((warning) => yamlProblem(warning, file, lines, position))]
  // After a syntax error the tree is a guess; the schema would only report the guess's oddities.
  if (doc.errors.length > 0) return { problems: yamlProblems }

  const tree = readTree({ doc, text, lineCounter, vars: options.vars })
  // A variable that only an environment other than the chosen one reads is not needed now.
  const needed = (problem: TreeProblem) =>
    !problem.unresolved || problem.path[0] !== 'environments' || (options.env !== undefined && problem.path[1] === options.env)
  const problems: Problem[] = [
    ...yamlProblems,
    ...tree.problems.filter(needed).map((p) => ({ file, ...p.position, path: formatPath(p.path), message: p.message })),
  ]
  const root = tree.value
  if (!isMapping(root)) {
    const at = doc.contents?.range ? position(doc.contents.range[0]) : { line: 1, column: 1 }
    const message =
      root === null
        ? 'the file is empty: a manifest starts with `version: 1`, then name, cluster and containers'
        : `a manifest is a mapping of fields (version: 1, name: web, ...), found ${describeValue(root)}`
    return { problems: [...problems, { file, ...at, path: '', message }] }
  }
  // Another version is another format: checking it against this one would bury the one real problem.
  if (typeof root.version === 'number' && root.version !== 1) {
    const at = locate(tree.locations, ['version'])
    return { problems: [...problems, { file, ...at, path: 'version', message: `must be 1 (the only manifest version so far), found ${root.version}: write \`version: 1\`` }] }
  }
  return { problems, root, tree }
}

/** The file schema's output less what only the file has: the base schema's output for the same text. */
function withoutFileFields(parsed: Mapping): Mapping {
  const { environments: _environments, $schema: _schema, ...base } = parsed
  return base
}

/** The manifest without what only the file needs: its environments and its editor schema link. */
function baseOf(root: Mapping): Mapping {
  const base: Mapping = {}
  for (const [key, value] of Object.entries(root)) if (key !== 'environments' && key !== '$schema') defineEntry(base, key, value)
  return base
}

/**
 * The schema's findings for a variant, then the rules'. When the structure is not sound, the
 * rules still run on the manifest without the fields at fault (if it is sound then), so that every
 * problem shows at once. Of their findings only those about values written in the file, and
 * not about the dropped fields, are kept.
 */
function check(variant: Variant, parsed?: unknown): { manifest?: Manifest; findings: Finding[] } {
  const structure = parsed === undefined ? validate(manifestSchema, variant) : { data: parsed, findings: [] }
  if (structure.data) {
    const manifest = structure.data as Manifest
    return { manifest, findings: withoutUnresolved(checkRules(manifest), variant.unresolved) }
  }
  const repaired = withoutFieldsAtFault(variant.value, structure.findings)
  const reparsed = repaired && manifestSchema.safeParse(repaired.value, PARSE_OPTIONS)
  if (!repaired || !reparsed?.success) return { findings: structure.findings }
  // Only findings about what the file says: "needs a memory" may just be the dropped field missing.
  const trustworthy = (finding: Finding) =>
    valueAt(variant.value, finding.path) !== undefined && !repaired.dropped.some((dropped) => isUnder(finding.path, dropped) || isUnder(dropped, finding.path))
  const ruleFindings = withoutUnresolved(checkRules(reparsed.data as Manifest), variant.unresolved).filter(trustworthy)
  return { findings: [...structure.findings, ...ruleFindings] }
}

/**
 * `value` without the fields the findings name: a list item takes its whole list (removing one
 * item would move the others, and their positions with them). Undefined when a finding is about a
 * missing field, which nothing can stand in for.
 */
export function withoutFieldsAtFault(value: Mapping, findings: readonly Finding[]): { value: Mapping; dropped: Path[] } | undefined {
  if (findings.some((finding) => finding.missing || finding.path.length === 0)) return undefined
  const copy = structuredClone(value)
  const dropped: Path[] = []
  for (const finding of findings) {
    const lastKey = finding.path.findLastIndex((segment) => typeof segment === 'string')
    if (lastKey < 0) return undefined
    const path = finding.path.slice(0, lastKey + 1)
    const parent = valueAt(copy, path.slice(0, -1))
    if (isMapping(parent)) delete parent[path[path.length - 1] as string]
    dropped.push(path)
  }
  return { value: copy, dropped }
}

function validate(schema: typeof manifestSchema | typeof manifestFileSchema, variant: Pick<Variant, 'value' | 'locations' | 'unresolved'>): { data?: unknown; findings: Finding[] } {
  const result = schema.safeParse(variant.value, PARSE_OPTIONS)
  if (result.success) return { data: result.data, findings: [] }
  const findings = findingsFromIssues(result.error.issues, {
    data: variant.value,
    schema,
    sourceAt: (path) => variant.locations.get(pathKey(path))?.source,
  })
  return { findings: withoutUnresolved(findings, variant.unresolved) }
}

/** A `${VAR}` that could not be resolved is reported once, not again as a wrong value. */
const withoutUnresolved = (findings: Finding[], unresolved: readonly Path[]): Finding[] =>
  findings.filter((finding) => !unresolved.some((path) => isUnder(finding.path, path)))

/** A required field the base leaves to its environments: say which ones set it. */
function withEnvironmentHint(finding: Finding, env: string | undefined, environments: Mapping): Finding {
  if (!finding.missing || env !== undefined) return finding
  const setting = Object.keys(environments).filter((name) => valueAt(environments[name], finding.path) !== undefined)
  if (setting.length === 0) return finding
  return { ...finding, message: `${finding.message} (environments ${setting.join(', ')} set it: pass --env NAME)` }
}

function unknownEnvironment(env: string, environments: Mapping, file: string, locations: Locations): Problem {
  const names = Object.keys(environments)
  const at = locate(locations, ['environments'], 'key')
  const message =
    names.length === 0
      ? `--env ${env} was given, but this file has no environments: remove --env, or add \`environments: { ${env}: { ... } }\``
      : `has no environment "${env}"${didYouMean(env, names, '')}; the environments are ${names.join(', ')}`
  return { file, ...at, path: 'environments', message }
}

/**
 * Problems gathered in layers (the file, the chosen manifest, the other environments). A layer
 * leaves out what an earlier layer reported about the same field, with the same message or at
 * the same place; within a layer, only exact repeats are left out.
 */
class Reported {
  readonly problems: Problem[] = []
  private readonly what = new Set<string>()
  private readonly where = new Set<string>()

  addLayer(problems: readonly Problem[], prefix = ''): void {
    const fresh = problems.filter((p) => !this.what.has(`${p.path}:${p.message}`) && !this.where.has(`${p.line}:${p.column}:${p.path}`))
    const unique = new Map(fresh.map((p) => [`${p.line}:${p.column}:${p.path}:${p.message}`, p] as const))
    for (const problem of unique.values()) {
      this.what.add(`${problem.path}:${problem.message}`)
      this.where.add(`${problem.line}:${problem.column}:${problem.path}`)
      this.problems.push(prefix ? { ...problem, message: `${prefix}${problem.message}` } : problem)
    }
  }
}

const YAML_MESSAGES: Record<string, string> = {
  TAB_AS_INDENT: 'tabs cannot indent YAML: indent with spaces',
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a second ---): keep one manifest per file, and pass a directory with -f for several',
}

/** A `${` after an unclosed `[` or `{` on the same line: braces are flow syntax there. */
const FLOW_INTERPOLATION = /[[{][^\]}]*\$\{/

function yamlProblem(error: YAMLError, file: string, lines: readonly string[], position: (offset: number) => Position): Problem {
  const at = position(error.pos[0])
  const yamlMessage = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
  if (error.code === 'TAG_RESOLVE_FAILED') {
    return { file, ...at, path: '', message: `${yamlMessage}: ecsctl reads plain YAML without tags (\${VAR} takes values from the environment)` }
  }
  let message = YAML_MESSAGES[error.code] ?? yamlMessage
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && /compact/.test(yamlMessage)) message += ': a value that contains ": " must be quoted'
  if (FLOW_INTERPOLATION.test(lines[at.line - 1] ?? '')) {
    message += '; a ${...} inside [ ] or { } must be quoted, or the list or mapping written one entry per line'
  }
  return { file, ...at, path: '', message: error.name === 'YAMLParseError' ? `YAML syntax: ${message}` : message }
}

const MAX_SYNTAX_PROBLEMS = 10

/**
 * One syntax error per line, and at most ten: after a bad indent the parser complains about
 * every line that follows, and those complaints are echoes of the first.
 */
function syntaxProblems(problems: readonly Problem[]): Problem[] {
  const lines = new Set<number>()
  const perLine = problems.filter((problem) => !lines.has(problem.line) && lines.add(problem.line))
  const next = perLine[MAX_SYNTAX_PROBLEMS]
  if (!next) return perLine
  const more = perLine.length - MAX_SYNTAX_PROBLEMS
  return [...perLine.slice(0, MAX_SYNTAX_PROBLEMS), { ...next, message: `YAML syntax: ${more} more lines from here on do not parse, most likely because of the errors above: fix those first` }]
}

// --- files ---------------------------------------------------------------------------------

interface ManifestFile {
  /** As the user gave it, for problems and results. */
  display: string
  absolute: string
}

/**
 * Loads every manifest the options name (files, directories of *.yml / *.yaml, or ecsctl.yml in
 * cwd) and throws one ManifestError with the problems of all of them.
 */
export async function loadManifests(options: LoadOptions): Promise<LoadedManifest[]> {
  const cwd = options.cwd ?? process.cwd()
  const files = await manifestFiles(options.files, cwd)
  const analyses = await Promise.all(
    files.map(async (file) => ({ file: file.display, ...analyzeManifest(await readManifest(file), file.display, options) })),
  )
  const problems = [...analyses.flatMap((analysis) => analysis.problems), ...duplicateServices(analyses)]
  if (problems.length > 0) throw new ManifestError(problems)
  return analyses.flatMap(({ file, manifest }) => (manifest ? [{ file, manifest }] : []))
}

async function readManifest(file: ManifestFile): Promise<string> {
  try {
    return await readFile(file.absolute, 'utf8')
  } catch (error) {
    throw invalid(`cannot read ${file.display}: ${(error as Error).message}`, { cause: error })
  }
}

const isManifestName = (name: string): boolean => !name.startsWith('.') && /\.ya?ml$/i.test(name)

async function manifestFiles(given: readonly string[], cwd: string): Promise<ManifestFile[]> {
  if (given.length === 0) {
    for (const name of DEFAULT_FILES) {
      const absolute = nodePath.resolve(cwd, name)
      if ((await stat(absolute).catch(() => undefined))?.isFile()) return [{ display: name, absolute }]
    }
    throw invalid(`no manifest found: ${cwd} has no ${DEFAULT_FILES.join(' or ')}`, { hint: MANIFEST_HINT })
  }
  const found: ManifestFile[] = []
  const notFound: string[] = []
  for (const entry of given) {
    const absolute = nodePath.resolve(cwd, entry)
    const info = await stat(absolute).catch(() => undefined)
    if (!info) {
      notFound.push(`${entry} does not exist`)
    } else if (info.isDirectory()) {
      const names = (await readdir(absolute)).filter(isManifestName).sort()
      const inDirectory: ManifestFile[] = []
      for (const name of names) {
        // stat follows symlinks, so a linked manifest counts and a directory named x.yml does not.
        if ((await stat(nodePath.join(absolute, name)).catch(() => undefined))?.isFile()) {
          inDirectory.push({ display: nodePath.join(entry, name), absolute: nodePath.join(absolute, name) })
        }
      }
      if (inDirectory.length === 0) notFound.push(`${entry} has no *.yml or *.yaml file`)
      found.push(...inDirectory)
    } else {
      found.push({ display: entry, absolute })
    }
  }
  if (notFound.length > 0) throw invalid(`manifest not found: ${notFound.join('; ')}`, { hint: MANIFEST_HINT })
  // The same file named twice (a file and its directory) is one manifest, not a duplicate service.
  const unique = new Map(found.map((file) => [file.absolute, file] as const))
  return [...unique.values()]
}

/** Two manifests that deploy the same service would overwrite each other. */
function duplicateServices(analyses: readonly (Analysis & { file: string })[]): Problem[] {
  const problems: Problem[] = []
  const loaded = analyses.filter((a): a is Analysis & { file: string; manifest: Manifest } => a.manifest !== undefined)
  loaded.forEach((current, i) => {
    const earlier = loaded.slice(0, i).find((other) => sameService(other.manifest, current.manifest))
    if (!earlier) return
    const at = current.locations ? locate(current.locations, ['name']) : { line: 1, column: 1 }
    const { name, cluster } = current.manifest
    problems.push({
      file: current.file,
      ...at,
      path: 'name',
      message: `service "${name}" in cluster "${cluster}" is also defined in ${earlier.file}: give one of them another name or cluster`,
    })
  })
  return problems
}

const sameService = (a: Manifest, b: Manifest): boolean =>
  a.name === b.name && a.cluster === b.cluster && (a.region === undefined || b.region === undefined || a.region === b.region)
