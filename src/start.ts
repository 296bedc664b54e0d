// What bin/run.js runs for everything but --version: the code cache, then oclif from the bundle.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { commandVariant, compileCacheDir, installCompileCache } from './compile-cache.js'

interface Bundle {
  execute(options: { dir: string }): Promise<unknown>
}

/** Runs the CLI for `argv`; `binUrl` is bin/run.js, which oclif starts from to find package.json. */
export async function start(binUrl: string, argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const main = fileURLToPath(new URL('../dist/ecsctl.cjs', binUrl))
  const cacheDir = compileCacheDir(env)
  if (cacheDir !== undefined) {
    // The bundles scripts/build.mjs writes, all directly in dist/ (the one-line command files are
    // not worth a cache): ecsctl.cjs with a cache per command, and those it loads on use (the
    // SDK, the prompts) with one each, as they serve commands that wait on the network anyway.
    const isCommand = (id: string): boolean => existsSync(new URL(`../dist/commands/${id}.cjs`, binUrl))
    const command = commandVariant(argv, isCommand)
    const variantOf = (filename: string): string | undefined => {
      if (filename === main) return command
      return dirname(filename) === dirname(main) && filename.endsWith('.cjs') ? 'shared' : undefined
    }
    installCompileCache({ variantOf, cacheDir })
  }
  const bundle = createRequire(binUrl)(main) as Bundle
  await bundle.execute({ dir: binUrl })
}
