#!/usr/bin/env node
// The SDK warns on Node 20 that its releases after January 2027 will need Node 22. ecsctl ships
// with a locked SDK that supports Node 20, so the warning is for ecsctl's maintainers (see the
// README), not its users; a user can still turn it back on by setting the variable to false.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

// The version needs no framework: answering it first keeps `ecsctl --version` close to bare node.
const argv = process.argv.slice(2)
const { quickVersion } = await import('../dist/version.js')
const version = quickVersion(argv, new URL('../package.json', import.meta.url))
if (version === undefined) {
  const { start } = await import('../dist/start.js')
  await start(import.meta.url, argv, process.env)
} else {
  console.log(version)
}
