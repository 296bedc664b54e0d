// Seeding: the resources ecsctl expects to exist and never creates (clusters, load balancers
// and listeners, EFS file systems, ECR images, log groups), put in place by a test.
import type { Cluster } from '@aws-sdk/client-ecs'
import type { FileSystemDescription } from '@aws-sdk/client-efs'
import type { Listener, LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2'
import { putImage } from './services/ecr.js'
import { clusterRecord } from './services/ecs.js'
import { fileSystemDescription } from './services/efs.js'
import { seedListener, seedLoadBalancer, type ListenerSeed, type LoadBalancerSeed } from './services/elbv2.js'
import { createLogGroup } from './services/logs.js'
import type { EcrImage, EndpointState } from './state.js'

export type { ListenerSeed, LoadBalancerSeed } from './services/elbv2.js'

export interface Seeder {
  /** An ECS cluster; ECS refuses services and tasks in a cluster that does not exist. */
  cluster(name: string, options?: { region?: string }): Cluster
  /** An ALB or NLB; the name, id and kind come from the ARN (`loadbalancer/app/<name>/<id>`). */
  loadBalancer(seed: LoadBalancerSeed): LoadBalancer
  /** A listener with its default rule; its load balancer is seeded too if it is not yet. */
  listener(seed: ListenerSeed): Listener
  /** An EFS file system; `name` becomes its Name tag. */
  fileSystem(seed: { id: string; name?: string; region?: string }): FileSystemDescription
  /** An image `repository:tag` in ECR; once a repository is seeded, ECS fails to pull its missing tags. */
  image(repository: string, tag: string): EcrImage
  /** A CloudWatch Logs group. */
  logGroup(name: string, options?: { region?: string }): void
}

/** The same seeds as plain data, for main.ts's --seed-file and the control API. */
export interface SeedDocument {
  clusters?: string[]
  loadBalancers?: LoadBalancerSeed[]
  listeners?: ListenerSeed[]
  fileSystems?: { id: string; name?: string }[]
  images?: { repository: string; tag: string }[]
  logGroups?: string[]
}

export function createSeeder(state: EndpointState, defaultRegion: string): Seeder {
  const now = () => new Date()
  return {
    cluster(name, options) {
      const record = clusterRecord(name, options?.region ?? defaultRegion, state.accountId)
      state.ecs.clusters.set(name, record)
      return record.cluster
    },
    loadBalancer: (seed) => seedLoadBalancer(state, seed, now()),
    listener: (seed) => seedListener(state, seed, now()),
    fileSystem(seed) {
      const description = fileSystemDescription(seed.id, seed.name, seed.region ?? defaultRegion, state.accountId, now())
      state.efs.fileSystems.set(seed.id, description)
      return description
    },
    image: (repository, tag) => putImage(state.ecr, repository, tag, now()),
    logGroup(name, options) {
      if (!state.logs.groups.has(name)) createLogGroup(state.logs, name, options?.region ?? defaultRegion, state.accountId, now(), {})
    },
  }
}

export function applySeedDocument(seeder: Seeder, document: SeedDocument): void {
  for (const name of document.clusters ?? []) seeder.cluster(name)
  for (const seed of document.loadBalancers ?? []) seeder.loadBalancer(seed)
  for (const seed of document.listeners ?? []) seeder.listener(seed)
  for (const seed of document.fileSystems ?? []) seeder.fileSystem(seed)
  for (const { repository, tag } of document.images ?? []) seeder.image(repository, tag)
  for (const name of document.logGroups ?? []) seeder.logGroup(name)
}
