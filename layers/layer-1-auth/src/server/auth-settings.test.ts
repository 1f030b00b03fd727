import { describe, expect, it } from 'vitest'
import { createTestHost } from '@stratum/host-backend/testing'
import { AUTH_LAYERS } from '../../test/auth-harness.ts'
import { loadAuthSettings } from './auth-settings.ts'

describe('auth settings', () => {
  it('reads SUPERADMIN_EMAILS as trimmed, lower-cased emails', () => {
    expect(
      loadAuthSettings({ SUPERADMIN_EMAILS: ' Root@Example.test, ,ops@example.test ' }),
    ).toMatchObject({ superadminEmails: ['root@example.test', 'ops@example.test'] })
    expect(loadAuthSettings({}).superadminEmails).toEqual([])
    expect(loadAuthSettings({ SUPERADMIN_EMAILS: '' }).superadminEmails).toEqual([])
  })

  it('refuses a value that is not an email, naming the variable and the value', () => {
    expect(() =>
      loadAuthSettings({ SUPERADMIN_EMAILS: 'root@example.test, not-an-email' }),
    ).toThrow(
      "Layer 'auth': environment variable SUPERADMIN_EMAILS must list email addresses separated by commas, and 'not-an-email' is not one.",
    )
  })

  it('fails start-up on a bad SUPERADMIN_EMAILS', async () => {
    await expect(
      createTestHost({
        target: 'embedded',
        layersConfig: AUTH_LAYERS,
        env: { SUPERADMIN_EMAILS: 'root@example.test;ops@example.test' },
      }),
    ).rejects.toThrow(/SUPERADMIN_EMAILS must list email addresses/)
  })

  it('reads the cleanup ages, and refuses one that is not a whole positive number', () => {
    expect(loadAuthSettings({}).retention).toEqual({ otpCodesHours: 24, refreshTokensDays: 7 })
    expect(
      loadAuthSettings({
        CLEANUP_OTP_CODES_AFTER_HOURS: '2',
        CLEANUP_REFRESH_TOKENS_AFTER_DAYS: '30',
      }).retention,
    ).toEqual({ otpCodesHours: 2, refreshTokensDays: 30 })
    expect(() => loadAuthSettings({ CLEANUP_OTP_CODES_AFTER_HOURS: '0' })).toThrow(
      /CLEANUP_OTP_CODES_AFTER_HOURS is invalid/,
    )
  })
})
