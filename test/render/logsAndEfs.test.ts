import { describe, expect, it } from 'vitest'
import { accessPointClientToken, logGroups, renderAccessPoints, renderLogGroups } from '../../src/lib/render/index.js'
import { placeholder } from '../../src/lib/render/names.js'
import { buildManifest } from '../support/manifests.js'

describe('log groups', () => {
  it('are created once per distinct group, keeping the longest retention asked for', () => {
    const manifest = buildManifest({
      containers: {
        app: { image: 'x', logging: { retentionDays: 30 } },
        sidecar: { image: 'y', logging: { retentionDays: 90 } },
        migrate: { image: 'z' },
        audit: { image: 'w', logging: { group: '/audit/web' } },
        quiet: { image: 'v', logging: false },
      },
    })
    expect(logGroups(manifest)).toEqual([{ name: '/ecs/web', retentionDays: 90 }, { name: '/audit/web' }])
  })

  it('are tagged, and get a retention policy only when one is declared', () => {
    const manifest = buildManifest({
      tags: { team: 'payments' },
      containers: { app: { image: 'x', logging: { retentionDays: 14 } }, audit: { image: 'w', logging: { group: '/audit/web' } } },
    })
    expect(renderLogGroups(manifest)).toEqual([
      {
        createLogGroup: { logGroupName: '/ecs/web', tags: { 'ecsctl:service': 'web', team: 'payments' } },
        putRetentionPolicy: { logGroupName: '/ecs/web', retentionInDays: 14 },
      },
      { createLogGroup: { logGroupName: '/audit/web', tags: { 'ecsctl:service': 'web', team: 'payments' } } },
    ])
  })
})

describe('EFS access points', () => {
  const volume = (accessPoint: unknown, efs: Record<string, unknown> = {}) =>
    buildManifest({ tags: { team: 'payments' }, volumes: { data: { efs: { fileSystemId: 'fs-0123456789abcdef0', accessPoint, transitEncryption: true, ...efs } } } })

  it('create the directory owned by the POSIX user, tagged with a Name and the owner', () => {
    const [accessPoint, ...rest] = renderAccessPoints(volume({ path: '/web', posixUser: { uid: 1000, gid: 1000, secondaryGids: [2000] } }))
    expect(rest).toEqual([])
    expect(accessPoint).toMatchObject({
      FileSystemId: 'fs-0123456789abcdef0',
      PosixUser: { Uid: 1000, Gid: 1000, SecondaryGids: [2000] },
      RootDirectory: { Path: '/web', CreationInfo: { OwnerUid: 1000, OwnerGid: 1000, Permissions: '0755' } },
      Tags: [
        { Key: 'Name', Value: 'prod-web-data' },
        { Key: 'ecsctl:service', Value: 'web' },
        { Key: 'team', Value: 'payments' },
      ],
    })
  })

  it('prefer an explicit owner and permissions', () => {
    const [accessPoint] = renderAccessPoints(volume({ path: '/web', posixUser: { uid: 1000, gid: 1000 }, owner: { uid: 0, gid: 0 }, permissions: '0750' }))
    expect(accessPoint?.RootDirectory?.CreationInfo).toEqual({ OwnerUid: 0, OwnerGid: 0, Permissions: '0750' })
  })

  it('create no directory when neither owner nor user is known', () => {
    const [accessPoint] = renderAccessPoints(volume({ path: '/existing' }))
    expect(accessPoint?.RootDirectory).toEqual({ Path: '/existing' })
    expect(accessPoint).not.toHaveProperty('PosixUser')
  })

  it('use a placeholder for a file system named by its Name tag', () => {
    const [accessPoint] = renderAccessPoints(volume({ path: '/web' }, { fileSystemId: undefined, fileSystem: 'shared-data' }))
    expect(accessPoint?.FileSystemId).toBe(placeholder.fileSystemId('shared-data'))
  })

  it('are not created for an existing access point id', () => {
    expect(renderAccessPoints(volume('fsap-0fedcba9876543210'))).toEqual([])
  })

  it('carry a client token that is stable, at most 64 characters, and changes with the definition', () => {
    const token = (path: string) => renderAccessPoints(volume({ path }))[0]?.ClientToken ?? ''
    expect(token('/web')).toBe(token('/web'))
    expect(token('/web')).not.toBe(token('/web2'))
    const long = accessPointClientToken('x'.repeat(100), 'fs-0123456789abcdef0', { path: '/web' })
    expect(long.length).toBeLessThanOrEqual(64)
  })
})
