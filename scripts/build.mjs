#!/usr/bin/env node
// Builds dist/ as an ESM bundle with code splitting: one entry for oclif and one per command,
// sharing chunks. Bundling oclif and its dependencies roughly halves their import time, and
// splitting keeps the AWS SDK out of the chunks that offline commands load.
// Type-checking is `npm run typecheck`; esbuild only strips types.
import { readdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { build } from 'esbuild'

rmSync('dist', { recursive: true, force: true })
// zod re-exports all of its ~40 message locales (a third of its size); ecsctl speaks English.
const englishOnlyZodLocales = {
  name: 'english-only-zod-locales',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js'",
      resolveDir: dirname(args.path),
    }))
  },
}

const commands = readdirSync('src/commands').filter((f) => f.endsWith('.ts'))

await build({
  entryPoints: { cli: 'src/cli.ts', version: 'src/version.ts', 'hooks/command-not-found': 'src/hooks/command-not-found.ts', ...Object.fromEntries(commands.map((f) => [`commands/${f.replace(/\.ts$/, '')}`, `src/commands/${f}`])) },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ESM builds of dependencies where they exist, so that splitting can share them.
  mainFields: ['module', 'main'],
  // oclif can load a TypeScript compiler for its dev mode; we never use it.
  external: ['typescript'],
  // CommonJS dependencies call require(); give them one in the ESM output.
  banner: { js: "import { createRequire as __ecsctlCreateRequire } from 'node:module'; const require = __ecsctlCreateRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  // Smaller files parse faster; identifiers stay readable in --debug stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [englishOnlyZodLocales],
  logLevel: 'warning',
})
