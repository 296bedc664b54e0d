// The manifest layer's public API: load and validate manifests, and the types they produce.
export * from './schema.js'
export { formatProblem, ManifestError, sortProblems, type Problem } from './problems.js'
export { DEFAULT_FILES, loadManifests, parseManifestText, type LoadedManifest, type LoadOptions, type ParseOptions, type ParseResult } from './load.js'
export { essentialContainers, FARGATE_PROVIDERS, isFargate, networkModeOf, portMappings, taskContainer, type NetworkMode, type PortMapping } from './launch.js'
export { describeFargateMemory, FARGATE_CPU, fargateMemoryFor } from './fargate.js'
export { formatPath, type Path } from './positions.js'
