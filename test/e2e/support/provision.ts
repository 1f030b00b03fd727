import type { Stack, StackMail } from '../../../scripts/lib/stack.mjs'
import { sql, viaGateway } from '../../topology/support.ts'

/** A tenant the journey's user belongs to, with the role they have in it. */
export interface Membership {
  name: string
  slug: string
  role: 'account_admin' | 'user' | 'viewer'
}

const sentTo = (mail: StackMail, email: string) =>
  [mail.to].flat().some((to) => to?.text.toLowerCase().includes(email.toLowerCase()))

/**
 * Waits for a sign-in mail to `email` that arrived after `since` (a count of messages) on the
 * stack's own SMTP server, and returns the 6-digit code in its text part.
 */
export async function mailedCode(stack: Stack, email: string, since: number): Promise<string> {
  const smtp = stack.smtp
  if (!smtp) throw new Error('The stack runs without its own SMTP server.')
  const mail = await smtp.waitFor(
    (m) => smtp.messages.indexOf(m) >= since && sentTo(m, email),
    10_000,
  )
  const code = /\b(\d{6})\b/.exec(mail.text ?? '')?.[1]
  if (!code) throw new Error(`The mail to ${email} has no 6-digit code:\n${mail.text}`)
  return code
}

/** Signs `email` in through the gateway with a mailed code, as the SPA does; the access token. */
export async function signInByApi(stack: Stack, email: string): Promise<string> {
  const since = stack.smtp?.messages.length ?? 0
  const asked = await viaGateway(stack, '/api/auth/request-otp', { json: { email } })
  if (asked.status !== 202)
    throw new Error(`request-otp for ${email}: ${asked.status} ${asked.body}`)
  const code = await mailedCode(stack, email, since)
  const verified = await viaGateway(stack, '/api/auth/verify-otp', { json: { email, code } })
  if (verified.status !== 200) throw new Error(`verify-otp: ${verified.status} ${verified.body}`)
  return verified.json<{ accessToken: string }>().accessToken
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`

/**
 * Production has no demo seed. A superadmin (listed in the stack's SUPERADMIN_EMAILS) creates the
 * tenants through the admin API, which gives each its system roles; then `email` is provisioned as
 * a member of each with SQL on the stack's database, as an operator's script would. (The product's
 * own path is an invite the user accepts after signing in, which is not this journey.)
 * @returns the tenants' ids, in the order given
 */
export async function provision(
  stack: Stack,
  {
    superadmin,
    email,
    memberships,
  }: { superadmin: string; email: string; memberships: Membership[] },
): Promise<string[]> {
  const token = await signInByApi(stack, superadmin)
  const ids: string[] = []
  for (const { name, slug } of memberships) {
    const created = await viaGateway(stack, '/api/admin/multitenant/tenants', {
      json: { name, slug },
      headers: { Authorization: `Bearer ${token}` },
    })
    if (created.status !== 201)
      throw new Error(`create tenant ${slug}: ${created.status} ${created.body}`)
    ids.push(created.json<{ id: string }>().id)
  }
  // The tenant tables force row-level security: each insert runs as the app's would, in a
  // transaction scoped to its tenant.
  const statements = memberships.map(
    ({ role }, i) =>
      `begin; select set_config('app.tenant_id', ${literal(ids[i]!)}, true);` +
      ` insert into tenant_user_roles (tenant_id, user_id, role_id)` +
      ` select r.tenant_id, u.id, r.id from roles r, auth_users u` +
      ` where r.tenant_id = ${literal(ids[i]!)} and r.key = ${literal(role)}` +
      ` and lower(u.email) = lower(${literal(email)}); commit;`,
  )
  sql(
    stack.database.url,
    `insert into auth_users (email, locale) values (${literal(email)}, 'en-US'); ${statements.join(' ')}`,
  )
  const rows = sql(
    stack.database.url,
    `select count(*) from tenant_user_roles m join auth_users u on u.id = m.user_id where lower(u.email) = lower(${literal(email)})`,
  )
  if (rows[0]?.[0] !== String(memberships.length)) {
    throw new Error(
      `Provisioned ${rows[0]?.[0]} memberships for ${email}, not ${memberships.length}.`,
    )
  }
  return ids
}
