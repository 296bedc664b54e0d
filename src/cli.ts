// The bundled entry: bin/run.js imports oclif from here, so that oclif and the commands share
// one bundled copy (see scripts/build.mjs). Only `execute`, not oclif's whole index, is loaded
// before a command is chosen.
export { execute } from '@oclif/core/execute'
