// The plan as text and JSON. The golden file shows a realistic plan as `ecsctl diff` prints it;
// after an intended change: UPDATE_GOLDEN=1 npx vitest run test/plan
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { NO_CHANGES, formatPlan, formatValue, hasChanges, planToJson, summarize, type Plan } from '../../src/lib/plan/index.js'
import { loadExample } from '../support/examples.js'
import { liveStateAfterDeploy, ownerTag } from './fixtures/live-after-deploy.js'
import { edited, editedLive, plainColors, planFor, present, taggedColors } from './support.js'

const GOLDEN_DIR = fileURLToPath(new URL('./__golden__/', import.meta.url))
const updating = process.env.UPDATE_GOLDEN === '1'

const complete = loadExample('complete')
const deployed = liveStateAfterDeploy(complete)

/** A release: new image and log level, one schedule dropped, a new nightly task, a leftover alarm. */
function releasePlan(): Plan {
  const manifest = edited(complete, (m) => {
    const app = present(m.containers.app, 'app')
    app.image = app.image.replace(':v1.2.3', ':v1.3.0')
    app.environment = { LOG_LEVEL: 'debug', PORT: 8080 }
    const autoscaling = present(m.autoscaling, 'autoscaling')
    autoscaling.schedules = autoscaling.schedules?.filter((schedule) => schedule.name !== 'night')
    m.tasks = { ...m.tasks, 'weekly-cleanup': { schedule: 'cron(0 4 ? * SUN *)', container: 'app', command: ['node', 'cleanup.js'], count: 1, enabled: true } }
  })
  const live = editedLive(deployed, (state) => {
    const alarm = present(state.alarms['ecsctl.prod.web.slow-responses'], 'alarm')
    state.alarms['ecsctl.prod.web.queue-depth'] = { alarm: { ...alarm.alarm, AlarmName: 'ecsctl.prod.web.queue-depth' }, tags: [ownerTag(complete)] }
  })
  return planFor(manifest, live, complete)
}

describe('formatPlan', () => {
  it('says "No changes." in one line when nothing differs', () => {
    const plan = planFor(complete, deployed)
    expect(formatPlan(plan, plainColors)).toBe(NO_CHANGES)
    expect(formatPlan(plan, taggedColors)).toBe('No changes.')
  })

  it('prints a release plan as in its golden file', () => {
    const text = `${formatPlan(releasePlan(), plainColors)}\n`
    const file = `${GOLDEN_DIR}release.txt`
    if (updating) {
      mkdirSync(GOLDEN_DIR, { recursive: true })
      writeFileSync(file, text)
    }
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/plan`).toBe(true)
    expect(text).toBe(readFileSync(file, 'utf8'))
  })

  it('colours marks and impacts with the colours it is given', () => {
    const text = formatPlan(releasePlan(), taggedColors)
    expect(text).toContain('<yellow>~</yellow> <bold>task definition web</bold>: <yellow>new task definition revision</yellow>')
    expect(text).toContain('<green>+</green> <bold>event rule ecsctl.prod.web.weekly-cleanup</bold>')
    expect(text).toContain('<red>-</red> <bold>scheduled action web.night</bold>')
    expect(text).toContain('    <yellow>~</yellow> containerDefinitions[app].environment[LOG_LEVEL]: "info" -> "debug"')
    expect(text).toContain('<bold>1 to create, 2 to update, 2 to delete</bold>')
  })

  it('marks an impossible in-place change in red', () => {
    const plan = planFor(
      complete,
      editedLive(deployed, (state) => {
        present(state.service, 'service').launchType = 'EC2'
      }),
    )
    expect(formatPlan(plan, taggedColors)).toContain(': <red>cannot change in place: the service must be recreated</red>')
  })
})

describe('formatValue', () => {
  it('quotes text, leaves numbers and booleans bare, writes lists and dates as JSON', () => {
    expect(formatValue('a"b')).toBe('"a\\"b"')
    expect(formatValue(3)).toBe('3')
    expect(formatValue(false)).toBe('false')
    expect(formatValue(['x', 1])).toBe('["x",1]')
    expect(formatValue(new Date('2030-01-01T00:00:00Z'))).toBe('"2030-01-01T00:00:00.000Z"')
  })
})

describe('planToJson, hasChanges, summarize', () => {
  it('gives the plan as plain JSON with a summary', () => {
    const plan = releasePlan()
    const json = planToJson(plan)
    expect(JSON.parse(JSON.stringify(json))).toEqual(json)
    expect(json).toMatchObject({ service: 'web', cluster: 'prod', hasChanges: true, summary: { create: 1, update: 2, delete: 2 } })
    expect(json.resources).toHaveLength(plan.resources.length)
    expect(json.resources[0]).toEqual({ resource: 'log group /ecs/web', kind: 'log-group', name: '/ecs/web', action: 'unchanged', changes: [] })
  })

  it('writes dates as ISO text', () => {
    const withStart = edited(complete, (m) => {
      present(m.autoscaling?.schedules?.[0], 'schedule').start = '2030-01-01T00:00:00Z'
    })
    const json = planToJson(planFor(withStart, deployed))
    expect(JSON.stringify(json)).toContain('"after":"2030-01-01T00:00:00.000Z"')
  })

  it('counts by action', () => {
    const unchanged = planFor(complete, deployed)
    expect(hasChanges(unchanged)).toBe(false)
    expect(summarize(unchanged)).toEqual({ create: 0, update: 0, delete: 0, unchanged: unchanged.resources.length })
    expect(hasChanges(releasePlan())).toBe(true)
  })
})
