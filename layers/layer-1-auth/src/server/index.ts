import type { Context, MiddlewareHandler } from 'hono'
import type { Kysely } from 'kysely'
import { defineServerLayer, serviceRef } from '@stratum/layer-core/server'
import { authManifest } from '../shared/manifest.ts'
import { AccessTokens } from './access-tokens.ts'
import { authCleanupJob } from './auth-cleanup.ts'
import { AuthLimiter } from './auth-limiter.ts'
import { loadAuthSettings } from './auth-settings.ts'
import { otpMailJob } from './mail/otp-mail-job.ts'
import { AUTH_SERVER_MESSAGES } from './mail/otp-mail-messages.ts'
import { authMigrations } from './migrations/index.ts'
import { OtpService } from './otp-service.ts'
import { RefreshTokens } from './refresh-tokens.ts'
import { failedJobsRoutes } from './failed-jobs-routes.ts'
import type { ImpersonationTenantCheck } from './impersonation-routes.ts'
import { createRequireAuth, currentUser, type AuthPrincipal } from './require-auth.ts'
import { authRoutes } from './routes.ts'
import { SessionRevocations } from './session-revocations.ts'
import type { AuthDatabase } from './tables.ts'

export type { AuthPrincipal } from './require-auth.ts'
export type { AuthDatabase } from './tables.ts'
export type { ImpersonationTenantCheck } from './impersonation-routes.ts'

declare module '@stratum/layer-core/server' {
  interface StratumExtensionPoints {
    'auth.impersonationTenant': ImpersonationTenantCheck
  }
  interface StratumServices {
    /** Middleware: 401 unless the request carries a valid access token (Bearer or cookie). */
    'auth.requireAuth': MiddlewareHandler
    /** The signed-in user of a request that passed `auth.requireAuth`. */
    'auth.currentUser': (c: Context) => AuthPrincipal
    /**
     * Emails of users by id, for consoles that show who did something (unknown ids are left out).
     * Pass the request's open transaction: on the embedded database (one connection) a query
     * beside it would wait for it forever.
     */
    'auth.userEmails': (
      ids: readonly string[],
      transaction?: Kysely<unknown>,
    ) => Promise<ReadonlyMap<string, string>>
  }
}

/** Server half of layer 1: email one-time-code sign-in. */
export const authServerLayer = defineServerLayer({
  manifest: authManifest,
  migrations: authMigrations,
  extensionPoints: ['auth.impersonationTenant'],
  deps: { themes: serviceRef('core.themes') },
  init: async (ctx, { themes }) => {
    const { config } = ctx
    const settings = loadAuthSettings(ctx.env)
    ctx.messages.register('auth', AUTH_SERVER_MESSAGES)
    const production = config.NODE_ENV === 'production'
    const allowed = [...new Set([...config.PUBLIC_ORIGINS, ...config.CORS_ORIGINS])]
    if (production && allowed.length === 0) {
      throw new Error(
        "Layer 'auth' needs PUBLIC_ORIGINS (the app's public origins) when NODE_ENV=production.",
      )
    }
    const origins = { allowed, development: !production }
    const db = ctx.database.db as Kysely<AuthDatabase>
    const revocations = new SessionRevocations(ctx.cache, ctx.logger)
    const accessTokens = await AccessTokens.create(config.APP_SECRET!, revocations)
    const refreshTokens = new RefreshTokens(config.APP_SECRET!, revocations)
    const requireAuth = createRequireAuth(accessTokens, origins)
    ctx.jobs.define(
      otpMailJob({
        db,
        mail: ctx.mail,
        messages: ctx.messages,
        themes,
        mailFrom: config.MAIL_FROM,
      }),
    )
    ctx.jobs.define(
      authCleanupJob({
        db,
        retention: settings.retention,
        cron: config.CLEANUP_CRON,
        logger: ctx.logger,
      }),
    )
    const otp = new OtpService({
      db,
      limiter: new AuthLimiter(ctx.cache),
      jobs: ctx.jobs,
      messages: ctx.messages,
      logger: ctx.logger,
      secret: config.APP_SECRET!,
      superadminEmails: settings.superadminEmails,
    })
    return {
      router: authRoutes({
        db,
        otp,
        accessTokens,
        refreshTokens,
        themes,
        messages: ctx.messages,
        origins,
        production,
        requireAuth,
        impersonationTenantChecks: ctx.extensions.values('auth.impersonationTenant'),
      }),
      adminRouter: failedJobsRoutes({ jobs: ctx.jobs, requireAuth }),
      services: {
        'auth.requireAuth': requireAuth,
        'auth.currentUser': currentUser,
        'auth.userEmails': async (ids, transaction) => {
          const unique = [...new Set(ids)]
          if (unique.length === 0) return new Map()
          const rows = await ((transaction as Kysely<AuthDatabase> | undefined) ?? db)
            .selectFrom('auth_users')
            .select(['id', 'email'])
            .where('id', 'in', unique)
            .execute()
          return new Map(rows.map((r) => [r.id, r.email]))
        },
      },
    }
  },
})
