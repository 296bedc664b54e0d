// The rules between fields, one case per bad input of manifest.md's "What bad input gets" and
// the other mistakes the rules catch: each asserts the position, the field and the message.
import { describe, expect, it } from 'vitest'
import { check, summarize, type ExpectedProblem } from './helpers.js'

interface Case {
  name: string
  yaml: string
  problems: ExpectedProblem[]
}

const LISTENER_APP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/pub/50dc6c495c0c9188/f2f7dc8efc522ab2'
const LISTENER_NET = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/pub/50dc6c495c0c9188/f2f7dc8efc522ab2'

const fargate: Case[] = [
  {
    name: 'a cpu/memory pair Fargate does not offer lists the memory for that cpu',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 512
      memory: 5000
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 6, column: 9, path: 'memory', message: 'Fargate with cpu 512 offers memory 1024, 2048, 3072 or 4096 (MiB), found 5000' }],
  },
  {
    name: 'a large cpu describes its memory as a range, and names the cpu that fits the memory',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 2048
      memory: 2048
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [
      {
        line: 6,
        column: 9,
        path: 'memory',
        message: 'Fargate with cpu 2048 offers memory 4096 to 16384 in steps of 1024 (MiB), found 2048; or keep memory 2048 with cpu 256, 512 or 1024',
      },
    ],
  },
  {
    name: 'a cpu Fargate does not offer',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 300
      memory: 1024
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 5, column: 6, path: 'cpu', message: 'Fargate offers cpu 256, 512, 1024, 2048, 4096, 8192, 16384, found 300; with memory 1024, use cpu 256 or 512' }],
  },
  {
    name: 'Fargate without cpu and memory',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [
      { line: 4, column: 1, path: 'cpu', message: 'Fargate needs a task cpu: add `cpu: 256`' },
      { line: 4, column: 1, path: 'memory', message: 'Fargate needs a task memory in MiB' },
    ],
  },
  {
    name: 'Fargate without memory points at cpu and lists the choices',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 256
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 5, column: 1, path: 'memory', message: 'add `memory: ...` (with cpu 256: 512, 1024 or 2048)' }],
  },
  {
    name: 'Fargate without network',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 256
      memory: 512
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 4, column: 1, path: 'network', message: 'Fargate tasks run in awsvpc mode and need a network: add `network: { subnets: [subnet-...]' }],
  },
  {
    name: 'scheduled tasks on Fargate without network',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 256
      memory: 512
      roles: { execution: ecsTaskExecutionRole, events: ecsEventsRole }
      containers: { app: { image: nginx } }
      tasks:
        report: { schedule: rate(1 day) }
    `,
    problems: [{ line: 4, column: 1, path: 'network', message: 'need a network (the scheduled tasks run with it too)' }],
  },
  {
    name: 'FARGATE_SPOT capacity providers bring the Fargate rules',
    yaml: `
      version: 1
      name: web
      cluster: prod
      capacityProviders: [{ provider: FARGATE_SPOT, weight: 1 }]
      cpu: 256
      memory: 512
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 4, column: 1, path: 'network', message: 'Fargate tasks run in awsvpc mode and need a network' }],
  },
  {
    name: 'launchType together with capacityProviders',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      capacityProviders: [{ provider: FARGATE, weight: 1 }]
      cpu: 256
      memory: 512
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 5, column: 1, path: 'capacityProviders', message: 'cannot be set together with launchType' }],
  },
  {
    name: 'Fargate and EC2 capacity providers mixed',
    yaml: `
      version: 1
      name: web
      cluster: prod
      capacityProviders: [{ provider: FARGATE, weight: 1 }, { provider: my-asg, weight: 1 }]
      cpu: 256
      memory: 512
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 4, column: 1, path: 'capacityProviders', message: 'mixes Fargate (FARGATE, FARGATE_SPOT) and EC2 capacity providers' }],
  },
  {
    name: 'a capacity provider strategy without any weight, with two bases, and a provider twice',
    yaml: `
      version: 1
      name: web
      cluster: prod
      capacityProviders:
        - { provider: FARGATE, base: 1 }
        - { provider: FARGATE_SPOT, base: 1 }
        - { provider: FARGATE }
      cpu: 256
      memory: 512
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [
      { line: 4, column: 1, path: 'capacityProviders', message: 'needs a weight above 0 on at least one provider' },
      { line: 6, column: 37, path: 'capacityProviders[1].base', message: 'only one capacity provider may have a base' },
      { line: 7, column: 17, path: 'capacityProviders[2].provider', message: '"FARGATE" is listed twice' },
    ],
  },
  {
    name: 'a network mode other than awsvpc on Fargate',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      networkMode: bridge
      cpu: 256
      memory: 512
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 5, column: 14, path: 'networkMode', message: 'Fargate supports only awsvpc, found bridge' }],
  },
  {
    name: 'placement on Fargate',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 256
      memory: 512
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      placement: { strategy: [{ type: spread, field: "attribute:ecs.availability-zone" }] }
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 9, column: 1, path: 'placement', message: 'Fargate places tasks itself: remove placement' }],
  },
  {
    name: 'ephemeralStorage below 21',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 256
      memory: 512
      ephemeralStorage: 20
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 7, column: 19, path: 'ephemeralStorage', message: 'must be between 21 and 200 GiB (Fargate gives 20 without it), found 20' }],
  },
  {
    name: 'ephemeralStorage above 200',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 256
      memory: 512
      ephemeralStorage: 201
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 7, column: 19, path: 'ephemeralStorage', message: 'found 201' }],
  },
  {
    name: 'ephemeralStorage on EC2',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: EC2
      memory: 512
      ephemeralStorage: 40
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 6, column: 19, path: 'ephemeralStorage', message: "is for Fargate only (EC2 tasks use the instance's disk): remove it" }],
  },
  {
    name: 'a host volume on Fargate',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 256
      memory: 512
      network: { subnets: [subnet-0a1] }
      roles: { execution: ecsTaskExecutionRole }
      containers: { app: { image: nginx } }
      volumes:
        scratch: { host: { path: /tmp } }
    `,
    problems: [{ line: 11, column: 14, path: 'volumes.scratch.host', message: 'Fargate cannot mount a path of the host: use an efs volume' }],
  },
]

const network: Case[] = [
  {
    name: 'networkMode awsvpc on EC2 without a network',
    yaml: `
      version: 1
      name: web
      cluster: prod
      networkMode: awsvpc
      memory: 512
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 4, column: 1, path: 'network', message: 'networkMode awsvpc needs a network' }],
  },
  {
    name: 'a network with networkMode bridge',
    yaml: `
      version: 1
      name: web
      cluster: prod
      networkMode: bridge
      network: { subnets: [subnet-0a1] }
      memory: 512
      containers: { app: { image: nginx } }
    `,
    problems: [{ line: 5, column: 1, path: 'network', message: 'applies to networkMode awsvpc only, and networkMode is bridge' }],
  },
  {
    name: 'load balancers on EXTERNAL',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: EXTERNAL
      memory: 512
      containers: { app: { image: nginx, ports: [80] } }
      loadBalancers:
        - { container: app, port: 80, targetGroup: web }
    `,
    problems: [{ line: 7, column: 1, path: 'loadBalancers', message: 'EXTERNAL (ECS Anywhere) services cannot use load balancers' }],
  },
  {
    name: 'ports under networkMode none',
    yaml: `
      version: 1
      name: web
      cluster: prod
      networkMode: none
      memory: 512
      containers: { app: { image: nginx, ports: [80] } }
    `,
    problems: [{ line: 6, column: 36, path: 'containers.app.ports', message: 'networkMode none gives the task no network' }],
  },
]

const containers: Case[] = [
  {
    name: 'no essential container',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app: { image: nginx, essential: false }
    `,
    problems: [{ line: 5, column: 1, path: 'containers', message: 'no container is essential: set `essential: true` on at least one' }],
  },
  {
    name: 'container memory over the task memory',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app: { image: nginx, memory: 1024 }
    `,
    problems: [{ line: 6, column: 32, path: 'containers.app.memory', message: "1024 MiB is more than the task's memory (512)" }],
  },
  {
    name: 'container cpu over the task cpu',
    yaml: `
      version: 1
      name: web
      cluster: prod
      cpu: 256
      memory: 512
      containers:
        app: { image: nginx, cpu: 512 }
    `,
    problems: [{ line: 7, column: 29, path: 'containers.app.cpu', message: "512 units is more than the task's cpu (256)" }],
  },
  {
    name: 'the containers cpu adding up to more than the task cpu',
    yaml: `
      version: 1
      name: web
      cluster: prod
      cpu: 256
      memory: 512
      containers:
        app: { image: nginx, cpu: 200 }
        sidecar: { image: envoy, cpu: 100 }
    `,
    problems: [{ line: 6, column: 1, path: 'containers', message: "the containers' cpu adds up to 300, more than the task's cpu (256)" }],
  },
  {
    name: 'the containers memory adding up to more than the task memory',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app: { image: nginx, memory: 400 }
        sidecar: { image: envoy, memoryReservation: 200, memory: 500 }
    `,
    problems: [{ line: 5, column: 1, path: 'containers', message: 'the containers reserve 600 MiB in all' }],
  },
  {
    name: 'memoryReservation above memory',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers:
        app: { image: nginx, memory: 256, memoryReservation: 512 }
    `,
    problems: [{ line: 5, column: 56, path: 'containers.app.memoryReservation', message: 'the soft limit (512) must not be more than memory, the hard limit (256)' }],
  },
  {
    name: 'an EC2 container without memory when the task has none',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers:
        app:
          image: nginx
    `,
    problems: [{ line: 6, column: 5, path: 'containers.app.memory', message: 'the task has no memory, so each container needs memory or memoryReservation' }],
  },
  {
    name: 'a dependsOn naming nothing suggests the nearest container',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app: { image: nginx, dependsOn: [{ container: migrat }] }
        migrate: { image: nginx, essential: false }
    `,
    problems: [{ line: 6, column: 49, path: 'containers.app.dependsOn[0].container', message: 'names no container; did you mean "migrate"?' }],
  },
  {
    name: 'a dependsOn naming nothing near lists the containers',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app: { image: nginx, dependsOn: [{ container: database }] }
        migrate: { image: nginx, essential: false }
    `,
    problems: [{ line: 6, column: 49, path: 'containers.app.dependsOn[0].container', message: 'names no container; the containers are app, migrate' }],
  },
  {
    name: 'a container depending on itself',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app: { image: nginx, dependsOn: [{ container: app }] }
    `,
    problems: [{ line: 6, column: 49, path: 'containers.app.dependsOn[0].container', message: '"app" cannot depend on itself' }],
  },
  {
    name: 'SUCCESS on an essential container',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app: { image: nginx, dependsOn: [{ container: migrate, condition: SUCCESS }] }
        migrate: { image: nginx }
    `,
    problems: [{ line: 6, column: 69, path: 'containers.app.dependsOn[0].condition', message: 'set `essential: false` on "migrate"' }],
  },
  {
    name: 'HEALTHY on a container without a health check',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app: { image: nginx, dependsOn: [{ container: db, condition: HEALTHY }] }
        db: { image: postgres }
    `,
    problems: [{ line: 6, column: 64, path: 'containers.app.dependsOn[0].condition', message: 'HEALTHY needs a healthCheck on "db"' }],
  },
  {
    name: 'containers depending on each other in a circle',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        a: { image: nginx, dependsOn: [{ container: b }] }
        b: { image: nginx, dependsOn: [{ container: a }] }
    `,
    problems: [{ line: 6, column: 34, path: 'containers.a.dependsOn[0]', message: 'dependsOn goes round in a circle (a -> b -> a)' }],
  },
  {
    name: 'a mount point naming no volume',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app: { image: nginx, mountPoints: [{ volume: dta, path: /data }] }
      volumes:
        data: { host: { path: /srv/data } }
    `,
    problems: [{ line: 6, column: 48, path: 'containers.app.mountPoints[0].volume', message: 'names no volume; did you mean "data"?' }],
  },
  {
    name: 'a mount point when there are no volumes',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app: { image: nginx, mountPoints: [{ volume: data, path: /data }] }
    `,
    problems: [{ line: 6, column: 48, path: 'containers.app.mountPoints[0].volume', message: 'names no volume; there are no volumes' }],
  },
  {
    name: 'a hostPort different from containerPort under awsvpc',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      network: { subnets: [subnet-0a1] }
      containers:
        app: { image: nginx, ports: [{ containerPort: 80, hostPort: 8080 }] }
    `,
    problems: [{ line: 7, column: 63, path: 'containers.app.ports[0].hostPort', message: 'under networkMode awsvpc the host port is the container port: remove hostPort, or set it to 80' }],
  },
  {
    name: 'a port listed twice in a container',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app: { image: nginx, ports: [80, 80] }
    `,
    problems: [{ line: 6, column: 36, path: 'containers.app.ports[1]', message: 'port 80/tcp is listed twice in this container' }],
  },
  {
    name: 'two containers on the same port under awsvpc',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      network: { subnets: [subnet-0a1] }
      containers:
        app: { image: nginx, ports: [80] }
        proxy: { image: envoy, ports: [80] }
    `,
    problems: [{ line: 8, column: 34, path: 'containers.proxy.ports[0]', message: 'port 80/tcp is also taken by container "app"' }],
  },
  {
    name: 'a variable both in environment and in secrets',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      roles: { execution: ecsTaskExecutionRole }
      containers:
        app:
          image: nginx
          environment: { DB_PASSWORD: x }
          secrets: { DB_PASSWORD: "arn:aws:ssm:us-east-1:123456789012:parameter/db" }
    `,
    problems: [{ line: 10, column: 16, path: 'containers.app.secrets.DB_PASSWORD', message: 'DB_PASSWORD is also set in environment: keep one of them' }],
  },
]

const roles: Case[] = [
  {
    name: 'secrets without an execution role, on EC2',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers:
        app:
          image: nginx
          secrets: { DB: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" }
    `,
    problems: [{ line: 8, column: 5, path: 'containers.app.secrets', message: 'secrets (in "app") are fetched by ECS with the execution role, and there is none: add `roles.execution: ecsTaskExecutionRole`' }],
  },
  {
    name: 'a private ECR image on Fargate without an execution role',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 256
      memory: 512
      network: { subnets: [subnet-0a1] }
      containers:
        app: { image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1, logging: false }
    `,
    problems: [{ line: 9, column: 17, path: 'containers.app.image', message: 'Fargate pulls from a private ECR repository (in "app") with the execution role' }],
  },
  {
    name: 'awslogs, the default, on Fargate without an execution role',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 256
      memory: 512
      network: { subnets: [subnet-0a1] }
      containers:
        app: { image: nginx }
        sidecar: { image: envoy, logging: { group: /ecs/envoy } }
    `,
    problems: [{ line: 9, column: 3, path: 'containers.app.logging', message: 'awslogs (the default logging, in "app", "sidecar") on Fargate writes with the execution role' }],
  },
]

const volumes: Case[] = [
  {
    name: 'an access point without transitEncryption',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      volumes:
        data:
          efs:
            fileSystemId: fs-0123456789abcdef0
            accessPoint: fsap-0123456789abcdef0
    `,
    problems: [{ line: 10, column: 7, path: 'volumes.data.efs.transitEncryption', message: 'an access point needs encryption in transit: add `transitEncryption: true`' }],
  },
  {
    name: 'iam without transitEncryption',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      volumes:
        data:
          efs:
            fileSystemId: fs-0123456789abcdef0
            iam: true
            transitEncryption: false
    `,
    problems: [{ line: 11, column: 26, path: 'volumes.data.efs.transitEncryption', message: 'iam needs encryption in transit' }],
  },
  {
    name: 'a rootDirectory other than / with an access point',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      volumes:
        data:
          efs:
            fileSystemId: fs-0123456789abcdef0
            rootDirectory: /web
            transitEncryption: true
            accessPoint: { path: /srv }
    `,
    problems: [{ line: 10, column: 22, path: 'volumes.data.efs.rootDirectory', message: 'must be / (or left out) with an access point, whose own path is the root: set accessPoint.path to /web' }],
  },
  {
    name: 'an efs volume with neither fileSystemId nor fileSystem',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      volumes:
        data:
          efs: { transitEncryption: true }
    `,
    problems: [{ line: 8, column: 5, path: 'volumes.data.efs', message: 'needs `fileSystemId: fs-...` or `fileSystem: NAME`' }],
  },
  {
    name: 'an efs volume with both fileSystemId and fileSystem',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      volumes:
        data:
          efs: { fileSystemId: fs-0123456789abcdef0, fileSystem: shared }
    `,
    problems: [{ line: 8, column: 48, path: 'volumes.data.efs.fileSystem', message: 'write fileSystemId or fileSystem, not both' }],
  },
  {
    name: 'an s3 volume is refused with the reason',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      volumes:
        assets:
          s3: { bucket: my-assets }
    `,
    problems: [
      {
        line: 8,
        column: 5,
        path: 'volumes.assets.s3',
        message: 'S3 cannot be mounted into ECS tasks; use an efs volume, or read the bucket from code with the task role',
      },
    ],
  },
  {
    name: 'a volume with no kind',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      volumes:
        data: {}
    `,
    problems: [{ line: 7, column: 3, path: 'volumes.data', message: 'has no kind: write `efs: { fileSystemId: fs-... }` or `host: { path: /data }`' }],
  },
  {
    name: 'a volume of two kinds',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      volumes:
        data:
          efs: { fileSystemId: fs-0123456789abcdef0 }
          host: { path: /data }
    `,
    problems: [{ line: 9, column: 5, path: 'volumes.data.host', message: 'a volume is one kind' }],
  },
]

const loadBalancers: Case[] = [
  {
    name: 'a load balancer naming no container',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx, ports: [80] } }
      loadBalancers:
        - container: ap
          port: 80
          targetGroup: web
    `,
    problems: [{ line: 7, column: 16, path: 'loadBalancers[0].container', message: 'names no container; did you mean "app"?' }],
  },
  {
    name: 'a load balancer port the container does not expose',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx, ports: [80, 443] } }
      loadBalancers:
        - container: app
          port: 8080
          targetGroup: web
    `,
    problems: [{ line: 8, column: 11, path: 'loadBalancers[0].port', message: 'container "app" does not expose port 8080: add it to containers.app.ports, or use 80 or 443' }],
  },
  {
    name: 'a load balancer with neither alb, nlb nor targetGroup',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx, ports: [80] } }
      loadBalancers:
        - container: app
          port: 80
    `,
    problems: [{ line: 7, column: 5, path: 'loadBalancers[0]', message: 'needs exactly one of alb, nlb or targetGroup, found none' }],
  },
  {
    name: 'a load balancer with both alb and targetGroup',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx, ports: [80] } }
      loadBalancers:
        - container: app
          port: 80
          targetGroup: web
          alb: { listener: ${LISTENER_APP}, rule: { priority: 1, paths: ["/*"] } }
    `,
    problems: [{ line: 7, column: 5, path: 'loadBalancers[0]', message: 'found alb and targetGroup' }],
  },
  {
    name: 'an alb with a network load balancer listener',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx, ports: [80] } }
      loadBalancers:
        - container: app
          port: 80
          alb:
            listener: ${LISTENER_NET}
            rule: { priority: 1, paths: ["/*"] }
    `,
    problems: [{ line: 10, column: 17, path: 'loadBalancers[0].alb.listener', message: "is a network load balancer's listener (listener/net/...), and alb needs an application load balancer's (listener/app/...): write `nlb:` instead of `alb:`" }],
  },
  {
    name: 'an nlb with an application load balancer listener',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx, ports: [80] } }
      loadBalancers:
        - container: app
          port: 80
          nlb: { listener: ${LISTENER_APP} }
    `,
    problems: [{ line: 9, column: 22, path: 'loadBalancers[0].nlb.listener', message: "is an application load balancer's listener (listener/app/...), and nlb needs a network load balancer's" }],
  },
  {
    name: 'a rule without hosts or paths',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx, ports: [80] } }
      loadBalancers:
        - container: app
          port: 80
          alb:
            listener: ${LISTENER_APP}
            rule: { priority: 1, hosts: [] }
    `,
    problems: [{ line: 11, column: 7, path: 'loadBalancers[0].alb.rule', message: 'needs hosts or paths (or both)' }],
  },
  {
    name: 'two rules with the same priority on the same listener',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx, ports: [80, 81] } }
      loadBalancers:
        - container: app
          port: 80
          alb: { listener: ${LISTENER_APP}, rule: { priority: 5, paths: ["/a/*"] } }
        - container: app
          port: 81
          alb: { listener: ${LISTENER_APP}, rule: { priority: 5, paths: ["/b/*"] } }
    `,
    problems: [{ line: 12, column: 144, path: 'loadBalancers[1].alb.rule.priority', message: '5 is also the priority of loadBalancers[0] on the same listener' }],
  },
  {
    name: 'a listener in another region than the service',
    yaml: `
      version: 1
      name: web
      cluster: prod
      region: eu-west-1
      memory: 512
      containers: { app: { image: nginx, ports: [80] } }
      loadBalancers:
        - container: app
          port: 80
          nlb: { listener: ${LISTENER_NET} }
    `,
    problems: [{ line: 10, column: 22, path: 'loadBalancers[0].nlb.listener', message: 'is in us-east-1, but the service is in eu-west-1' }],
  },
  {
    name: 'requestsPerTarget without an alb',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx, ports: [80] } }
      loadBalancers:
        - { container: app, port: 80, targetGroup: web }
      autoscaling: { min: 1, max: 4, requestsPerTarget: 1000 }
    `,
    problems: [{ line: 8, column: 51, path: 'autoscaling.requestsPerTarget', message: 'needs an alb entry in loadBalancers' }],
  },
]

const autoscaling: Case[] = [
  {
    name: 'min above max',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling: { min: 5, max: 2 }
    `,
    problems: [{ line: 6, column: 21, path: 'autoscaling.min', message: '5 is more than max (2)' }],
  },
  {
    name: 'a cpu target of 0 and a memory target above 100',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling: { min: 1, max: 2, cpu: 0, memory: 101 }
    `,
    problems: [
      { line: 6, column: 37, path: 'autoscaling.cpu', message: 'is a target utilization in percent: above 0 and at most 100, found 0' },
      { line: 6, column: 48, path: 'autoscaling.memory', message: 'found 101' },
    ],
  },
  {
    name: 'step adjustments that overlap',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        steps:
          - name: slow
            alarm: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, threshold: 0.5, comparison: GreaterThanThreshold }
            adjustments: [{ lower: 0, upper: 1, change: 1 }, { lower: 0.5, change: 2 }]
    `,
    problems: [{ line: 12, column: 65, path: 'autoscaling.steps[0].adjustments[1].lower', message: '0.5 overlaps the adjustment before, which goes up to 1' }],
  },
  {
    name: 'step adjustments with a gap',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        steps:
          - name: slow
            alarm: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, threshold: 0.5, comparison: GreaterThanThreshold }
            adjustments: [{ lower: 0, upper: 1, change: 1 }, { lower: 2, change: 2 }]
    `,
    problems: [{ line: 12, column: 65, path: 'autoscaling.steps[0].adjustments[1].lower', message: 'leaves a gap after the adjustment before (from 1 to 2): set lower to 1' }],
  },
  {
    name: 'step adjustments in the wrong order and with two open upper bounds',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        steps:
          - name: slow
            alarm: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, threshold: 0.5, comparison: GreaterThanThreshold }
            adjustments: [{ lower: 1, change: 3 }, { lower: 0, upper: 1, change: 1 }]
    `,
    problems: [{ line: 12, column: 21, path: 'autoscaling.steps[0].adjustments[0]', message: 'only the last adjustment may leave out upper' }],
  },
  {
    name: 'two adjustments without a lower bound',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        steps:
          - name: low
            alarm: { namespace: AWS/ECS, metric: CPUUtilization, threshold: 10, comparison: LessThanThreshold }
            adjustments: [{ upper: -5, change: -2 }, { upper: 0, change: -1 }]
    `,
    problems: [{ line: 12, column: 48, path: 'autoscaling.steps[0].adjustments[1]', message: 'only the first adjustment may leave out lower' }],
  },
  {
    name: 'an adjustment whose upper is not above its lower',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        steps:
          - name: slow
            alarm: { namespace: AWS/ECS, metric: CPUUtilization, threshold: 80, comparison: GreaterThanThreshold }
            adjustments: [{ lower: 5, upper: 5, change: 1 }]
    `,
    problems: [{ line: 12, column: 40, path: 'autoscaling.steps[0].adjustments[0].upper', message: 'must be above lower (5)' }],
  },
  {
    name: 'two steps with the same name',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        steps:
          - { name: hot, alarm: { namespace: AWS/ECS, metric: CPUUtilization, threshold: 80, comparison: GreaterThanThreshold }, adjustments: [{ lower: 0, change: 1 }] }
          - { name: hot, alarm: { namespace: AWS/ECS, metric: CPUUtilization, threshold: 90, comparison: GreaterThanThreshold }, adjustments: [{ lower: 0, change: 2 }] }
    `,
    problems: [{ line: 11, column: 15, path: 'autoscaling.steps[1].name', message: '"hot" is the name of another step' }],
  },
  {
    name: 'a schedule that is not cron, rate or at',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        schedules:
          - { name: morning, schedule: "0 8 * * *", min: 2 }
    `,
    problems: [{ line: 10, column: 34, path: 'autoscaling.schedules[0].schedule', message: 'must be cron(...), rate(...) or at(...)' }],
  },
  {
    name: 'a five-field cron',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        schedules:
          - { name: morning, schedule: cron(0 8 * * MON-FRI), min: 2 }
    `,
    problems: [{ line: 10, column: 34, path: 'autoscaling.schedules[0].schedule', message: 'cron(...) takes 6 fields, minutes hours day-of-month month day-of-week year, found 5' }],
  },
  {
    name: 'a cron with * in both day fields',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        schedules:
          - { name: morning, schedule: cron(0 8 * * * *), min: 2 }
    `,
    problems: [{ line: 10, column: 34, path: 'autoscaling.schedules[0].schedule', message: 'one of day-of-month and day-of-week must be ?' }],
  },
  {
    name: 'a cron hour out of range',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        schedules:
          - { name: morning, schedule: cron(0 25 ? * MON-FRI *), min: 2 }
    `,
    problems: [{ line: 10, column: 34, path: 'autoscaling.schedules[0].schedule', message: 'the hours field "25" is not valid' }],
  },
  {
    name: 'a rate with a plural for 1',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        schedules:
          - { name: hourly, schedule: rate(1 hours), min: 2 }
    `,
    problems: [{ line: 10, column: 33, path: 'autoscaling.schedules[0].schedule', message: 'write rate(1 hour), singular for 1' }],
  },
  {
    name: 'an at() that is not a date',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        schedules:
          - { name: launch, schedule: at(2027-02-30T08:00:00), min: 10 }
    `,
    problems: [{ line: 10, column: 33, path: 'autoscaling.schedules[0].schedule', message: 'at(2027-02-30T08:00:00) is not a date and time that exists' }],
  },
  {
    name: 'an unknown time zone suggests the near one',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        schedules:
          - { name: morning, schedule: cron(0 8 ? * MON-FRI *), timezone: Europe/Berln, min: 2 }
    `,
    problems: [{ line: 10, column: 69, path: 'autoscaling.schedules[0].timezone', message: '"Europe/Berln" is not a time zone; did you mean "Europe/Berlin"?' }],
  },
  {
    name: 'a time zone given as a city',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        schedules:
          - { name: morning, schedule: cron(0 8 ? * MON-FRI *), timezone: Tokyo, min: 2 }
    `,
    problems: [{ line: 10, column: 69, path: 'autoscaling.schedules[0].timezone', message: 'did you mean "Asia/Tokyo"?' }],
  },
  {
    name: 'a scheduled action with neither min nor max',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        schedules:
          - name: morning
            schedule: cron(0 8 ? * MON-FRI *)
    `,
    problems: [{ line: 10, column: 7, path: 'autoscaling.schedules[0]', message: 'sets neither min nor max' }],
  },
  {
    name: 'a scheduled action with min above max, and a duplicate name',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        schedules:
          - { name: morning, schedule: cron(0 8 ? * MON-FRI *), min: 2 }
          - { name: morning, schedule: cron(0 9 ? * MON-FRI *), min: 5, max: 3 }
    `,
    problems: [
      { line: 11, column: 15, path: 'autoscaling.schedules[1].name', message: '"morning" is the name of another schedule' },
      { line: 11, column: 64, path: 'autoscaling.schedules[1].min', message: '5 is more than max (3)' },
    ],
  },
  {
    name: 'a scheduled action ending before it starts',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      autoscaling:
        min: 1
        max: 4
        schedules:
          - name: sale
            schedule: rate(1 hour)
            min: 4
            start: 2027-03-02T00:00:00Z
            end: 2027-03-01T00:00:00Z
    `,
    problems: [{ line: 14, column: 12, path: 'autoscaling.schedules[0].end', message: 'must be after start' }],
  },
]

const tasks: Case[] = [
  {
    name: 'a task with both schedule and eventPattern',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      roles: { events: ecsEventsRole }
      containers: { app: { image: nginx } }
      tasks:
        report: { schedule: rate(1 day), eventPattern: { source: [aws.s3] } }
    `,
    problems: [{ line: 8, column: 3, path: 'tasks.report', message: 'has both schedule and eventPattern' }],
  },
  {
    name: 'a task with neither schedule nor eventPattern',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      roles: { events: ecsEventsRole }
      containers: { app: { image: nginx } }
      tasks:
        report: { command: [report] }
    `,
    problems: [{ line: 8, column: 3, path: 'tasks.report', message: 'needs a schedule (e.g. `schedule: cron(0 3 * * ? *)`) or an eventPattern' }],
  },
  {
    name: 'tasks without an events role',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      tasks:
        report: { schedule: rate(1 day) }
    `,
    problems: [{ line: 6, column: 1, path: 'roles.events', message: 'tasks need a role that lets EventBridge start them' }],
  },
  {
    name: 'tasks without an events role, pointing at roles when there are roles',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      roles: { task: web-task }
      containers: { app: { image: nginx } }
      tasks:
        report: { schedule: rate(1 day) }
    `,
    problems: [{ line: 5, column: 1, path: 'roles.events', message: 'add `roles.events: ecsEventsRole`' }],
  },
  {
    name: 'a task container naming nothing',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      roles: { events: ecsEventsRole }
      containers: { app: { image: nginx } }
      tasks:
        report: { schedule: rate(1 day), container: worker }
    `,
    problems: [{ line: 8, column: 47, path: 'tasks.report.container', message: 'names no container; the containers are app' }],
  },
  {
    name: 'a task schedule with at(), which EventBridge rules cannot run',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      roles: { events: ecsEventsRole }
      containers: { app: { image: nginx } }
      tasks:
        report: { schedule: at(2027-01-01T00:00:00) }
    `,
    problems: [{ line: 8, column: 23, path: 'tasks.report.schedule', message: 'at(...) runs once, which EventBridge rules cannot do' }],
  },
  {
    name: 'an event pattern with a value where a list belongs',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      roles: { events: ecsEventsRole }
      containers: { app: { image: nginx } }
      tasks:
        ingest:
          eventPattern: { source: aws.s3, detail: { bucket: { name: [uploads] } } }
    `,
    problems: [{ line: 9, column: 29, path: 'tasks.ingest.eventPattern.source', message: 'must be a list of values to match, e.g. source: ["aws.s3"]' }],
  },
]

const other: Case[] = [
  {
    name: 'maximumPercent not above minimumHealthyPercent',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      deployment: { minimumHealthyPercent: 100, maximumPercent: 100 }
    `,
    problems: [{ line: 6, column: 59, path: 'deployment.maximumPercent', message: 'must be above minimumHealthyPercent (100)' }],
  },
  {
    name: 'a circuit breaker that rolls back without being enabled',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      containers: { app: { image: nginx } }
      deployment: { circuitBreaker: { enable: false, rollback: true } }
    `,
    problems: [{ line: 6, column: 58, path: 'deployment.circuitBreaker.rollback', message: 'needs `enable: true`' }],
  },
  {
    name: 'tags in the reserved aws: and ecsctl: spaces',
    yaml: `
      version: 1
      name: web
      cluster: prod
      memory: 512
      tags: { "aws:team": payments, "ecsctl:service": other }
      containers: { app: { image: nginx } }
    `,
    problems: [
      { line: 5, column: 9, path: 'tags["aws:team"]', message: 'tag keys starting with "aws:" are reserved by AWS' },
      { line: 5, column: 31, path: 'tags["ecsctl:service"]', message: 'tag keys starting with "ecsctl:" are ecsctl\'s own' },
    ],
  },
]

describe.each([
  ['Fargate', fargate],
  ['network', network],
  ['containers', containers],
  ['roles', roles],
  ['volumes', volumes],
  ['load balancers', loadBalancers],
  ['autoscaling', autoscaling],
  ['tasks', tasks],
  ['deployment and tags', other],
])('rules: %s', (_group, cases) => {
  it.each(cases)('$name', ({ yaml, problems }) => {
    const result = check(yaml)
    const { actual, wanted } = summarize(result, problems)
    expect(actual).toEqual(wanted)
    expect(result.manifest).toBeUndefined()
  })
})

describe('rules that let good input through', () => {
  it.each([
    [
      'logging: false on Fargate needs no execution role for logs',
      `
        version: 1
        name: web
        cluster: prod
        launchType: FARGATE
        cpu: 256
        memory: 512
        network: { subnets: [subnet-0a1] }
        containers: { app: { image: nginx, logging: false } }
      `,
    ],
    [
      'a private ECR image on EC2 needs no execution role',
      `
        version: 1
        name: web
        cluster: prod
        launchType: EC2
        memory: 512
        containers: { app: { image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1 } }
      `,
    ],
    [
      'every Fargate size in the table',
      `
        version: 1
        name: web
        cluster: prod
        launchType: FARGATE
        cpu: 16384
        memory: 122880
        network: { subnets: [subnet-0a1] }
        roles: { execution: ecsTaskExecutionRole }
        containers: { app: { image: nginx } }
      `,
    ],
    [
      'a hostPort equal to containerPort under awsvpc, and a different one under bridge',
      `
        version: 1
        name: web
        cluster: prod
        memory: 512
        containers:
          app: { image: nginx, ports: [{ containerPort: 80, hostPort: 8080 }] }
          other: { image: nginx, ports: [80] }
      `,
    ],
    [
      'desiredCount outside autoscaling min..max (autoscaling owns the count)',
      `
        version: 1
        name: web
        cluster: prod
        memory: 512
        desiredCount: 10
        containers: { app: { image: nginx } }
        autoscaling: { min: 1, max: 2, cpu: 100 }
      `,
    ],
    [
      'step adjustments from minus infinity to infinity in order',
      `
        version: 1
        name: web
        cluster: prod
        memory: 512
        containers: { app: { image: nginx } }
        autoscaling:
          min: 1
          max: 4
          steps:
            - name: cpu
              alarm: { namespace: AWS/ECS, metric: CPUUtilization, threshold: 50, comparison: GreaterThanThreshold }
              adjustments: [{ upper: 0, change: -1 }, { lower: 0, upper: 20, change: 1 }, { lower: 20, change: 3 }]
      `,
    ],
    [
      'schedules in every form, with an alias time zone and UTC',
      `
        version: 1
        name: web
        cluster: prod
        memory: 512
        containers: { app: { image: nginx } }
        autoscaling:
          min: 1
          max: 4
          schedules:
            - { name: a, schedule: "cron(0/15 8-18 ? JAN-MAR MON-FRI,SAT 2027)", timezone: Asia/Calcutta, min: 2 }
            - { name: b, schedule: cron(0 3 L * ? *), timezone: UTC, max: 3 }
            - { name: c, schedule: rate(5 minutes), min: 1 }
            - { name: d, schedule: at(2027-03-01T08:00:00), max: 8 }
            - { name: e, schedule: cron(0 9 ? * 6#3 *), min: 1 }
      `,
    ],
  ])('%s', (_name, yaml) => {
    const result = check(yaml)
    expect(result.problems).toEqual([])
    expect(result.manifest).toBeDefined()
  })
})
