#!/usr/bin/env node
// Builds dist/ with esbuild. Type-checking is `npm run typecheck`; esbuild only strips types.
//
//   dist/version.js, dist/start.js   ESM, what bin/run.js imports: --version, then the code cache
//   dist/ecsctl.cjs                  oclif, every command and src/lib, in one CommonJS file
//   dist/aws.cjs, dist/prompts.cjs   the AWS SDK and the terminal prompts, loaded on first use
//   dist/commands/*.cjs, dist/hooks/*.cjs
//                                    what oclif finds: one line each, handing out a command or
//                                    hook from ecsctl.cjs, whose modules initialise on first use
//
// CommonJS because Node 20 can keep a V8 code cache only for scripts, not for ES modules; with
// the cache (src/compile-cache.ts) a command starts without recompiling what it ran last time.
// Bundling also spares oclif's and the SDK's hundreds of small files their resolution.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { build } from 'esbuild'

rmSync('dist', { recursive: true, force: true })

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // ESM builds of dependencies where they exist: they tree-shake.
  mainFields: ['module', 'main'],
  // Smaller files parse faster; identifiers stay readable in --debug stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
}

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

// oclif sorts command ids with localeCompare while it loads its config. The first localeCompare in
// a process builds an ICU collator, 6-20 ms of every start on these machines, for ids that are
// lower-case ASCII, where code-unit order is the same order. A build against an oclif whose code
// has moved on fails here, so the patch is revisited rather than silently lost.
const oclifCommandSortWithoutCollator = {
  name: 'oclif-command-sort-without-collator',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8')
      const localeSort = '.sort((a, b) => a.id.localeCompare(b.id))'
      if (!source.includes(localeSort)) {
        throw new Error(`${args.path} no longer sorts commands with "${localeSort}": update or drop oclifCommandSortWithoutCollator in scripts/build.mjs`)
      }
      return { contents: source.replace(localeSort, '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))'), loader: 'js' }
    })
  },
}

// Packages only some commands use get files of their own, which ecsctl.cjs requires when one of
// them is first imported (src imports them with import() only): the commands that never call AWS
// or ask a question neither read nor compile the SDK or the prompts (with their encoding tables).
const lazyBundles = [
  { file: 'aws.cjs', packages: /^@aws-sdk\//, imported: new Set() },
  { file: 'prompts.cjs', packages: /^@inquirer\/prompts$/, imported: new Set() },
]
const fromLazyBundles = {
  name: 'from-lazy-bundles',
  setup(pluginBuild) {
    for (const bundle of lazyBundles) {
      pluginBuild.onResolve({ filter: bundle.packages }, (args) => {
        bundle.imported.add(args.path)
        return { path: args.path, namespace: 'lazy-bundle', pluginData: bundle.file }
      })
    }
    pluginBuild.onLoad({ filter: /.*/, namespace: 'lazy-bundle' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`./${args.pluginData}`)})[${JSON.stringify(args.path)}]()`,
      loader: 'js',
    }))
    pluginBuild.onResolve({ filter: /^\.\/[a-z]+\.cjs$/, namespace: 'lazy-bundle' }, (args) => ({ path: args.path, external: true }))
  },
}

// An entry that hands out each command and hook on request: require() of a bundled ES module
// initialises it (and what it imports) only then, so `validate` runs none of `deploy`'s modules.
const commandIds = readdirSync('src/commands').filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''))
const hookIds = readdirSync('src/hooks').filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''))
const loaders = (dir, ids) => ids.map((id) => `  ${JSON.stringify(id)}: () => require(${JSON.stringify(`./src/${dir}/${id}.ts`)}).default,`).join('\n')
const ecsctlEntry = `export { execute } from '@oclif/core/execute'
export const commands = {
${loaders('commands', commandIds)}
}
export const hooks = {
${loaders('hooks', hookIds)}
}
`

await build({
  ...common,
  entryPoints: { version: 'src/version.ts', start: 'src/start.ts' },
  outdir: 'dist',
  format: 'esm',
})

// The bundles run as V8 scripts (see src/compile-cache.ts), where Node 20 offers import() only
// behind --experimental-vm-modules: dependencies' import() calls become require().
const script = { format: 'cjs', supported: { 'dynamic-import': false } }

await build({
  ...common,
  ...script,
  stdin: { contents: ecsctlEntry, resolveDir: '.', sourcefile: 'ecsctl-entry.js', loader: 'js' },
  outfile: 'dist/ecsctl.cjs',
  // oclif can load a TypeScript compiler for its dev mode; we never use it.
  external: ['typescript'],
  plugins: [englishOnlyZodLocales, oclifCommandSortWithoutCollator, fromLazyBundles],
})

// Each lazy bundle: a table of the packages ecsctl.cjs imported from it, each initialised on request.
for (const bundle of lazyBundles) {
  const table = [...bundle.imported].sort().map((name) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(name)}),`)
  await build({
    ...common,
    stdin: { contents: `module.exports = {\n${table.join('\n')}\n}\n`, resolveDir: '.', sourcefile: `${bundle.file}-entry.js`, loader: 'js' },
    ...script,
    outfile: `dist/${bundle.file}`,
  })
}

const writeStub = (dir, id, table) => {
  mkdirSync(`dist/${dir}`, { recursive: true })
  writeFileSync(`dist/${dir}/${id}.cjs`, `module.exports = require('../ecsctl.cjs').${table}[${JSON.stringify(id)}]()\n`)
}
for (const id of commandIds) writeStub('commands', id, 'commands')
for (const id of hookIds) writeStub('hooks', id, 'hooks')
