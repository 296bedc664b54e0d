// The task sizes Fargate offers: for each task cpu (units, 1024 = 1 vCPU), the memory (MiB).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html

interface Steps {
  from: number
  to: number
  step: number
}

const steps = (from: number, to: number, step: number): Steps => ({ from, to, step })

const MEMORY_BY_CPU: ReadonlyMap<number, readonly number[] | Steps> = new Map<number, readonly number[] | Steps>([
  [256, [512, 1024, 2048]],
  [512, steps(1024, 4096, 1024)],
  [1024, steps(2048, 8192, 1024)],
  [2048, steps(4096, 16384, 1024)],
  [4096, steps(8192, 30720, 1024)],
  [8192, steps(16384, 61440, 4096)],
  [16384, steps(32768, 122880, 8192)],
])

export const FARGATE_CPU: readonly number[] = [...MEMORY_BY_CPU.keys()]

/** The memory sizes Fargate offers with `cpu`, or undefined for a cpu it does not offer. */
export function fargateMemoryFor(cpu: number): number[] | undefined {
  const sizes = MEMORY_BY_CPU.get(cpu)
  if (!sizes) return undefined
  if (Array.isArray(sizes)) return [...sizes]
  const { from, to, step } = sizes as Steps
  const list: number[] = []
  for (let memory = from; memory <= to; memory += step) list.push(memory)
  return list
}

/** `512, 1024 or 2048`, or `2048 to 8192 in steps of 1024` when the list is long. */
export function describeFargateMemory(cpu: number): string {
  const sizes = MEMORY_BY_CPU.get(cpu)
  if (!sizes) return ''
  if (!Array.isArray(sizes)) {
    const { from, to, step } = sizes as Steps
    if ((to - from) / step >= 4) return `${from} to ${to} in steps of ${step}`
  }
  const list = fargateMemoryFor(cpu) ?? []
  return `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`
}

/** The cpu values that offer `memory`, to suggest when the memory is right and the cpu is not. */
export function fargateCpuFor(memory: number): number[] {
  return FARGATE_CPU.filter((cpu) => fargateMemoryFor(cpu)?.includes(memory))
}
