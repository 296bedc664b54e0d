// A V8 code cache for ecsctl's bundles (dist/*.cjs). Without one, Node 20 parses and compiles
// every function a command runs from source on every start: half of a cold `ecsctl validate`.
// V8 can serialise what a run compiled and accept it back the next time (Node 22 offers the same
// as module.enableCompileCache, for itself only). So a command's first run writes its cache as it
// exits, and later runs of that command start from it. The cache is an optimisation only: any
// failure to read or write one leaves the command to run as it would without.
//
// npm's v8-compile-cache does this too, but it serialises right after compiling, before any
// function has run, and so misses the lazily compiled functions that are most of the gain.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { Script } from 'node:vm'

export interface CompileCacheOptions {
  /**
   * Which cache a file (an absolute path) compiles through, or undefined for a file that loads as
   * usual. A file can keep several: one per command, say, each holding the functions that command
   * compiled, as a cache written by `validate` would leave most of `deploy` to compile from source.
   */
  variantOf: (filename: string) => string | undefined
  /** Where the caches live. */
  cacheDir: string
}

/** How a file met its cache: read and accepted, or compiled from source and written at exit. */
export interface CacheUse {
  filename: string
  cacheFile: string
  outcome: 'hit' | 'missing' | 'rejected'
}

export interface InstalledCompileCache {
  /** Every file compiled through a cache so far, in order. */
  uses: CacheUse[]
  /** Back to Node's own compiling; caches still waiting for the exit are then never written. */
  uninstall: () => void
}

/** What Node's CommonJS loader calls to run a file; not in @types/node. */
type Compile = (this: LoadingModule, content: string, filename: string) => unknown
interface LoadingModule {
  exports: unknown
}
const cjsLoader = Module.prototype as unknown as { _compile: Compile }

/**
 * Compiles the files `variantOf` picks through a code cache from now on. Caches missing or
 * rejected by V8 (another Node version, other V8 flags) are written when the process exits.
 */
export function installCompileCache(options: CompileCacheOptions): InstalledCompileCache {
  const original = cjsLoader._compile
  const uses: CacheUse[] = []
  const writes: Array<() => void> = []
  cjsLoader._compile = function (content, filename) {
    const variant = options.variantOf(filename)
    if (variant === undefined) return original.call(this, content, filename)
    const { run, use, write } = compileCached(content, filename, { cacheDir: options.cacheDir, variant })
    uses.push(use)
    if (use.outcome !== 'hit') writes.push(write)
    return run(this)
  }
  const writeAll = (): void => {
    for (const write of writes.splice(0)) write()
  }
  process.once('exit', writeAll)
  const uninstall = (): void => {
    cjsLoader._compile = original
    process.removeListener('exit', writeAll)
  }
  return { uses, uninstall }
}

interface CacheChoice {
  cacheDir: string
  variant: string
}

/** The cache's file: one per bundle content and variant (the directory names Node and arch). */
export function cacheFileFor(content: string, filename: string, options: CacheChoice): string {
  // V8 checks only the source's length against a cache, so the content picks the file: a rebuilt
  // bundle of the same length must never run on the bytecode of the old one.
  const digest = createHash('sha256').update(content).digest('hex').slice(0, 20)
  return join(options.cacheDir, `${cachePrefix(filename, options.variant)}${digest}.v8`)
}

const cachePrefix = (filename: string, variant: string): string => `${basename(filename)}.${variant}.`

interface Compiled {
  run: (module: LoadingModule) => unknown
  use: CacheUse
  /** Written at exit rather than now: by then the cache holds every function the run compiled. */
  write: () => void
}

function compileCached(content: string, filename: string, options: CacheChoice): Compiled {
  const cacheFile = cacheFileFor(content, filename, options)
  const cachedData = readIfPresent(cacheFile)
  const script = new Script(Module.wrap(content), { filename, cachedData })
  const run = (module: LoadingModule): unknown => {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown
    return wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename))
  }
  const outcome = cachedData === undefined ? 'missing' : script.cachedDataRejected === true ? 'rejected' : 'hit'
  const write = (): void => writeCache(cacheFile, script, cachePrefix(filename, options.variant))
  return { run, use: { filename, cacheFile, outcome }, write }
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}

function writeCache(file: string, script: Script, prefix: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true })
    // Renamed into place, so that a command starting meanwhile never reads half a cache.
    const partial = `${file}.${process.pid}.partial`
    writeFileSync(partial, script.createCachedData())
    renameSync(partial, file)
    removeSupersededCaches(file, prefix)
  } catch {
    // A read-only or full disk costs speed, never the command.
  }
}

/** Caches of the same bundle and command for another build: they can never be read again. */
function removeSupersededCaches(file: string, prefix: string): void {
  const name = basename(file)
  for (const other of readdirSync(dirname(file))) {
    if (other !== name && other.startsWith(prefix) && other.endsWith('.v8')) rmSync(join(dirname(file), other), { force: true })
  }
}

/**
 * `$XDG_CACHE_HOME/ecsctl/compile-cache/<node>-<arch>`, or under ~/.cache; undefined when
 * ECSCTL_NO_COMPILE_CACHE is set to anything but 0 or false.
 */
export function compileCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const off = env.ECSCTL_NO_COMPILE_CACHE
  if (off !== undefined && off !== '' && off !== '0' && off.toLowerCase() !== 'false') return undefined
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache')
  return join(base, 'ecsctl', 'compile-cache', `${process.version}-${process.arch}`)
}

/** The command a run names (its first argument), which picks its cache; `default` for the rest. */
export function commandVariant(argv: readonly string[], isCommand: (id: string) => boolean): string {
  const first = argv[0] ?? ''
  // Checked, so that typos and arguments do not each leave a cache behind.
  return /^[a-z][a-z0-9-]{0,31}$/.test(first) && isCommand(first) ? first : 'default'
}
