// YAML syntax and the schema: each bad input gets its position, field path and a message that
// says what to write instead.
import { describe, expect, it } from 'vitest'
import { LineCounter, parseDocument } from 'yaml'
import { parseManifestText } from '../../src/lib/manifest/index.js'
import { readTree } from '../../src/lib/manifest/tree.js'
import { check, FILE, summarize, type ExpectedProblem } from './helpers.js'

interface Case {
  name: string
  yaml: string
  problems: ExpectedProblem[]
}

const cases: Case[] = [
  {
    name: 'an unknown key at the top, with the nearest key suggested',
    yaml: `
      version: 1
      name: web
      cluster: prod
      contianers:
        app: { image: nginx, memory: 512 }
    `,
    problems: [
      { line: 1, column: 1, path: 'containers', message: 'is required' },
      { line: 4, column: 1, path: 'contianers', message: 'unknown key "contianers"; did you mean "containers"?' },
    ],
  },
  {
    name: 'an unknown key in a container: memroy -> memory',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers:
        app:
          image: nginx
          memroy: 512
    `,
    problems: [{ line: 7, column: 5, path: 'containers.app.memroy', message: 'unknown key "memroy"; did you mean "memory"?' }],
  },
  {
    name: 'an unknown key with nothing near lists the valid keys',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers:
        app: { image: nginx, memory: 512, healthCheck: { command: [CMD, x], frequency: 3 } }
    `,
    problems: [
      {
        line: 5,
        column: 71,
        path: 'containers.app.healthCheck.frequency',
        message: 'unknown key "frequency"; valid keys here: command, interval, timeout, retries, startPeriod',
      },
    ],
  },
  {
    name: 'a string where a number belongs',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers:
        app:
          image: nginx
          memory: abc
    `,
    problems: [{ line: 7, column: 13, path: 'containers.app.memory', message: 'must be a whole number, found the string "abc"' }],
  },
  {
    name: 'a quoted number is text, and the message says to remove the quotes',
    yaml: `
      version: 1
      name: web
      cluster: prod
      desiredCount: "2"
      containers: { app: { image: nginx, memory: 512 } }
    `,
    problems: [{ line: 4, column: 15, path: 'desiredCount', message: 'must be a whole number, found the string "2": remove the quotes' }],
  },
  {
    name: 'a fraction where a whole number belongs',
    yaml: `
      version: 1
      name: web
      cluster: prod
      desiredCount: 1.5
      containers: { app: { image: nginx, memory: 512 } }
    `,
    problems: [{ line: 4, column: 15, path: 'desiredCount', message: 'must be a whole number, found the number 1.5' }],
  },
  {
    name: 'a negative count',
    yaml: `
      version: 1
      name: web
      cluster: prod
      desiredCount: -1
      containers: { app: { image: nginx, memory: 512 } }
    `,
    problems: [{ line: 4, column: 15, path: 'desiredCount', message: 'must be 0 or more, found -1' }],
  },
  {
    name: 'an enum value lists the allowed values and suggests the near one',
    yaml: `
      version: 1
      name: web
      cluster: prod
      launchType: fargate
      containers: { app: { image: nginx, memory: 512 } }
    `,
    problems: [{ line: 4, column: 13, path: 'launchType', message: 'must be one of "FARGATE", "EC2" or "EXTERNAL", found "fargate"; did you mean "FARGATE"?' }],
  },
  {
    name: 'a number out of range says the range',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers:
        app:
          image: nginx
          memory: 512
          healthCheck: { command: [CMD, x], interval: 1 }
    `,
    problems: [{ line: 8, column: 49, path: 'containers.app.healthCheck.interval', message: 'must be between 5 and 300, found 1' }],
  },
  {
    name: 'a rule priority outside 1..50000',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512, ports: [80] } }
      loadBalancers:
        - container: app
          port: 80
          alb:
            listener: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/pub/50dc6c495c0c9188/f2f7dc8efc522ab2
            rule: { priority: 60000, paths: ["/*"] }
    `,
    problems: [{ line: 10, column: 25, path: 'loadBalancers[0].alb.rule.priority', message: 'a rule priority is between 1 and 50000, found 60000' }],
  },
  {
    name: 'a target group name longer than 32 characters',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512, ports: [80] } }
      loadBalancers:
        - container: app
          port: 80
          alb:
            listener: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/pub/50dc6c495c0c9188/f2f7dc8efc522ab2
            targetGroupName: a-target-group-name-that-is-too-long
            rule: { priority: 1, paths: ["/*"] }
    `,
    problems: [{ line: 10, column: 24, path: 'loadBalancers[0].alb.targetGroupName', message: 'a target group name is at most 32 characters' }],
  },
  {
    name: 'a missing required field points at its parent mapping',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers:
        app:
          memory: 512
    `,
    problems: [{ line: 6, column: 5, path: 'containers.app.image', message: 'is required: add `image: nginx:1.27`' }],
  },
  {
    name: 'a missing version',
    yaml: `
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512 } }
    `,
    problems: [{ line: 1, column: 1, path: 'version', message: 'is required: add `version: 1`' }],
  },
  {
    name: 'another version number is the only problem reported',
    yaml: `
      version: 2
      name: web
      servce: web
    `,
    problems: [{ line: 1, column: 10, path: 'version', message: 'must be 1 (the only manifest version so far), found 2' }],
  },
  {
    name: 'a version written as text',
    yaml: `
      version: "1"
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512 } }
    `,
    problems: [{ line: 1, column: 10, path: 'version', message: 'must be 1 (the only manifest version so far): write `version: 1`, found "1"' }],
  },
  {
    name: 'a role ARN with an 11-digit account id',
    yaml: `
      version: 1
      name: web
      cluster: prod
      roles: { task: "arn:aws:iam::12345678901:role/web" }
      containers: { app: { image: nginx, memory: 512 } }
    `,
    problems: [{ line: 4, column: 16, path: 'roles.task', message: 'a role ARN with a 12-digit account id' }],
  },
  {
    name: 'a secret that is not a Secrets Manager or SSM ARN',
    yaml: `
      version: 1
      name: web
      cluster: prod
      roles: { execution: ecsTaskExecutionRole }
      containers:
        app:
          image: nginx
          memory: 512
          secrets: { DB: prod/db }
    `,
    problems: [{ line: 9, column: 20, path: 'containers.app.secrets.DB', message: 'must be the ARN of a Secrets Manager secret' }],
  },
  {
    name: 'octal permissions without quotes',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512 } }
      volumes:
        data:
          efs:
            fileSystemId: fs-0123456789abcdef0
            transitEncryption: true
            accessPoint: { path: /web, permissions: 0755 }
    `,
    problems: [{ line: 10, column: 47, path: 'volumes.data.efs.accessPoint.permissions', message: 'must be a string, found the number 0755: put it in quotes, "0755"' }],
  },
  {
    name: 'a single value where a list belongs',
    yaml: `
      version: 1
      name: web
      cluster: prod
      network: { subnets: subnet-0a1 }
      containers: { app: { image: nginx, memory: 512 } }
    `,
    problems: [{ line: 4, column: 21, path: 'network.subnets', message: 'must be a list, found the string "subnet-0a1": write [subnet-0a1]' }],
  },
  {
    name: 'a port that is neither a number nor a mapping',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512, ports: [http] } }
    `,
    problems: [{ line: 4, column: 57, path: 'containers.app.ports[0]', message: 'must be a whole number or a mapping (key: value), found the string "http"' }],
  },
  {
    name: 'a typo inside a port mapping (one option of a union) is reported as a typo',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512, ports: [{ containerPort: 80, hostPrt: 80 }] } }
    `,
    problems: [{ line: 4, column: 78, path: 'containers.app.ports[0].hostPrt', message: 'unknown key "hostPrt"; did you mean "hostPort"?' }],
  },
  {
    name: 'logging: true (a mapping or false is expected)',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512, logging: true } }
    `,
    problems: [{ line: 4, column: 58, path: 'containers.app.logging', message: 'must be a mapping (key: value) or false, found true' }],
  },
  {
    name: 'a retention period CloudWatch does not offer',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512, logging: { retentionDays: 10 } } }
    `,
    problems: [{ line: 4, column: 75, path: 'containers.app.logging.retentionDays', message: 'must be one of CloudWatch Logs retention periods: 1, 3, 5, 7, 14' }],
  },
  {
    name: 'a container name with a space points at the key',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers:
        my app: { image: nginx, memory: 512 }
    `,
    problems: [{ line: 5, column: 3, path: 'containers["my app"]', message: 'a container name may use only letters, digits, "-" and "_"' }],
  },
  {
    name: 'no containers at all',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers: {}
    `,
    problems: [{ line: 4, column: 13, path: 'containers', message: 'needs at least one container' }],
  },
  {
    name: 'an empty value',
    yaml: `
      version: 1
      name: web
      cluster:
      containers: { app: { image: nginx, memory: 512 } }
    `,
    problems: [{ line: 3, column: 9, path: 'cluster', message: 'must be a string, found an empty value' }],
  },
  {
    name: 'a duplicate key',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers:
        app:
          image: nginx
          memory: 512
          memory: 1024
    `,
    problems: [{ line: 8, column: 5, path: 'containers.app.memory', message: '"memory" appears twice in this mapping (first at line 7); keep one' }],
  },
  {
    name: 'a region that is not one',
    yaml: `
      version: 1
      name: web
      cluster: prod
      region: useast1
      containers: { app: { image: nginx, memory: 512 } }
    `,
    problems: [{ line: 4, column: 9, path: 'region', message: 'must be a region such as us-east-1, found "useast1"' }],
  },
  {
    name: 'a deployment timeout that is not a duration',
    yaml: `
      version: 1
      name: web
      cluster: prod
      containers: { app: { image: nginx, memory: 512 } }
      deployment: { timeout: 15 minutes }
    `,
    problems: [{ line: 5, column: 24, path: 'deployment.timeout', message: 'must be a duration such as 90s, 15m or 1h30m, found "15 minutes"' }],
  },
]

describe('structural problems', () => {
  it.each(cases)('$name', ({ yaml, problems }) => {
    const result = check(yaml)
    const { actual, wanted } = summarize(result, problems)
    expect(actual).toEqual(wanted)
    expect(result.manifest).toBeUndefined()
    expect(result.problems.every((p) => p.file === 'ecsctl.yml')).toBe(true)
  })

  it('reports every problem of a file at once, sorted by position', () => {
    const result = check(`
      version: 1
      name: web
      cluster: prod
      desiredCount: many
      containers:
        app: { image: nginx, memroy: 512, essential: maybe }
    `)
    expect(result.problems.map((p) => [p.line, p.path])).toEqual([
      [4, 'desiredCount'],
      [6, 'containers.app.memroy'],
      [6, 'containers.app.essential'],
    ])
  })
})

describe('structural and semantic problems together', () => {
  it('reports the rules\' findings too, checked on the manifest without the fields at fault', () => {
    const result = check(`
      version: 1
      name: web
      cluster: prod
      launchType: FARGATE
      cpu: 256
      memory: 4096
      desiredCount: -1
      roles: { execution: ecsTaskExecutionRole }
      network: { subnets: [subnet-0f3a9c2e7d1b4a568] }
      containers:
        app: { image: nginx, ports: [80] }
      loadBalancers:
        - container: api
          port: 80
          nlb: { listener: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/x/1/2 }
    `)
    expect(result.problems.map((p) => [p.line, p.path])).toEqual([
      [6, 'memory'],
      [7, 'desiredCount'],
      [13, 'loadBalancers[0].container'],
    ])
    expect(result.problems[0]?.message).toMatch(/^Fargate with cpu 256 offers memory 512, 1024 or 2048/)
  })

  it('leaves out what only follows from a dropped field: a typo in memory is not also "no memory"', () => {
    const result = check(`
      version: 1
      name: web
      cluster: prod
      launchType: EC2
      containers:
        app: { image: nginx, memroy: 512 }
    `)
    expect(result.problems.map((p) => p.path)).toEqual(['containers.app.memroy'])
  })

  it('a missing required field: the rules wait until it is there', () => {
    const result = check(`
      version: 1
      name: web
      containers:
        app: { image: nginx, memory: 512 }
      loadBalancers:
        - { container: api, port: 80, nlb: { listener: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/x/1/2 } }
    `)
    expect(result.problems.map((p) => p.path)).toEqual(['cluster'])
  })
})

describe('YAML that does not parse', () => {
  it('reports an unclosed quote', () => {
    const result = parseRaw('version: 1\nname: "web\ncluster: [prod\n')
    expect(result.manifest).toBeUndefined()
    expect(result.problems).toEqual([{ file: 'ecsctl.yml', line: 4, column: 1, path: '', message: 'YAML syntax: Missing closing "quote' }])
  })

  it('reports every syntax error, one per line, with its position', () => {
    const result = parseRaw('version: 1\nname: web: api\ncluster: prod\ntags: { a: 1\n')
    expect(result.problems).toEqual([
      { file: 'ecsctl.yml', line: 2, column: 7, path: '', message: 'YAML syntax: Nested mappings are not allowed in compact mappings: a value that contains ": " must be quoted' },
      { file: 'ecsctl.yml', line: 5, column: 1, path: '', message: 'YAML syntax: Flow map in block collection must be sufficiently indented and end with a }' },
    ])
  })

  it('stops after ten lines of syntax errors, saying how many more there are', () => {
    const text = ['version: 1', 'containers:', '  app:', ...Array.from({ length: 14 }, (_, i) => ` - bad${i}: [`), ''].join('\n')
    const result = parseRaw(text)
    expect(result.problems).toHaveLength(11)
    expect(new Set(result.problems.map((p) => p.line)).size).toBe(11)
    expect(result.problems[10]?.message).toMatch(/^YAML syntax: \d+ more lines from here on do not parse/)
  })

  it('explains a ${VAR} inside a flow list', () => {
    const result = check(`
      version: 1
      ports: [\${PORT}]
    `)
    expect(result.problems[0]).toMatchObject({ line: 2, path: '' })
    expect(result.problems[0]?.message).toContain('a ${...} inside [ ] or { } must be quoted')
  })

  it('reads a file with a byte order mark and Windows line ends, positions intact', () => {
    const result = parseRaw('\uFEFFversion: 1\r\nname: web\r\ncluster: prod\r\ncontainers:\r\n  app: { image: nginx, memroy: 5 }\r\n')
    expect(result.problems).toEqual([{ file: 'ecsctl.yml', line: 5, column: 24, path: 'containers.app.memroy', message: 'unknown key "memroy"; did you mean "memory"?' }])
  })

  it('refuses tabs as indentation', () => {
    const result = parseRaw('version: 1\ncontainers:\n\tapp: {}\n')
    expect(result.problems[0]).toMatchObject({ line: 3, column: 1 })
    expect(result.problems[0]?.message).toBe('YAML syntax: tabs cannot indent YAML: indent with spaces')
  })

  it('refuses a second document in the same file', () => {
    const result = parseRaw('version: 1\nname: web\n---\nversion: 1\n')
    expect(result.problems).toEqual([expect.objectContaining({ line: 3, column: 1, message: expect.stringContaining('more than one YAML document') })])
  })

  it('refuses custom tags such as !Ref', () => {
    const result = check(`
      version: 1
      name: !Ref ServiceName
      cluster: prod
      containers: { app: { image: nginx, memory: 512 } }
    `)
    expect(result.problems).toEqual([expect.objectContaining({ line: 2, column: 7, message: expect.stringContaining('ecsctl reads plain YAML without tags') })])
  })

  it.each([
    ['an empty file', '', 'the file is empty'],
    ['a file of comments', '# nothing yet\n', 'the file is empty'],
    ['a list', '- a\n- b\n', 'a manifest is a mapping of fields (version: 1, name: web, ...), found a list'],
    ['a scalar', 'hello\n', 'found the string "hello"'],
  ])('refuses %s', (_name, text, message) => {
    const result = parseRaw(text)
    expect(result.problems).toEqual([{ file: 'ecsctl.yml', line: 1, column: 1, path: '', message: expect.stringContaining(message) }])
  })
})

describe('YAML features', () => {
  it('resolves anchors, aliases and << merge keys, keeping the explicit keys', () => {
    const result = check(`
      version: 1
      name: web
      cluster: prod
      x-common: &common { image: nginx, memory: 512, environment: { A: "1" } }
      containers:
        app: { <<: *common, memory: 1024 }
        worker: *common
    `)
    // x-common is not a manifest key: it is reported, and the merge still worked.
    expect(result.problems).toEqual([expect.objectContaining({ line: 4, column: 1, path: 'x-common' })])
  })

  it('merges << into a valid manifest', () => {
    const result = check(`
      version: 1
      name: web
      cluster: prod
      containers:
        app: &app { image: nginx, memory: 512 }
        worker: { <<: *app, memory: 256, command: [work] }
    `)
    expect(result.problems).toEqual([])
    expect(result.manifest?.containers.worker).toMatchObject({ image: 'nginx', memory: 256, command: ['work'] })
    expect(result.manifest?.containers.app?.memory).toBe(512)
  })

  it('points at the anchor for a problem inside an alias', () => {
    const result = check(`
      version: 1
      name: web
      cluster: prod
      containers:
        app: &app { image: nginx, memory: lots }
        worker: *app
    `)
    expect(result.problems.map((p) => [p.line, p.column, p.path])).toEqual([
      [5, 37, 'containers.app.memory'],
      [5, 37, 'containers.worker.memory'],
    ])
  })

  it('keeps a __proto__ key as data, never as a prototype', () => {
    const doc = parseDocument('tags: { __proto__: { polluted: yes } }\n')
    const tree = readTree({ doc, text: '', lineCounter: new LineCounter(), vars: {} })
    const tags = (tree.value as { tags: object }).tags
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype)
    expect(Object.hasOwn(tags, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

function parseRaw(text: string) {
  return parseManifestText(text, FILE, { vars: {} })
}
