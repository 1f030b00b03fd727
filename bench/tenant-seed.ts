import { call, readMail, signIn, type Caller, type Session } from './sign-in.ts'

/** A tenant seeded for the bench and the account admin who works in it. */
export interface SeededTenant {
  slug: string
  /** The account admin's session. */
  session: Session
}

/**
 * Seeds through the HTTP API as real operators would: the superadmin (named in
 * `SUPERADMIN_EMAILS`) creates the tenant and invites `userEmail` as account admin; the user
 * signs in, accepts the invite from the mail and creates `clients` clients.
 */
export const seedTenant = async (
  baseUrl: string,
  options: { superadminEmail: string; userEmail: string; slug: string; clients: number },
): Promise<SeededTenant> => {
  const { superadminEmail, userEmail, slug, clients } = options
  const superadmin: Caller = { baseUrl, token: (await signIn(baseUrl, superadminEmail)).token }
  await call(superadmin, 'POST', '/api/admin/multitenant/tenants', 201, {
    name: 'Bench Tenant',
    slug,
  })
  const inTenant: Caller = { ...superadmin, tenant: slug }
  const { roles } = await call<{ roles: Array<{ id: string; key: string }> }>(
    inTenant,
    'GET',
    '/api/tenants/roles',
    200,
  )
  const accountAdmin = roles.find((role) => role.key === 'account_admin')
  if (!accountAdmin) throw new Error(`tenant '${slug}' has no account_admin role`)
  // The invite is accepted by a signed-in user with the invited address.
  const session = await signIn(baseUrl, userEmail)
  const user: Caller = { baseUrl, token: session.token, tenant: slug }
  await call(inTenant, 'POST', '/api/tenants/invites', 201, {
    email: userEmail,
    roleId: accountAdmin.id,
  })
  const token = await readMail(baseUrl, userEmail, /#token=([\w-]+)/)
  await call({ ...user, tenant: undefined }, 'POST', '/api/tenants/invites/accept', 200, { token })
  for (let n = 1; n <= clients; n++) {
    await call(user, 'POST', '/api/app/clients', 201, {
      name: `Bench Client ${String(n).padStart(3, '0')}`,
      email: `client-${n}@example.test`,
    })
  }
  const page = await call<{ items: unknown[]; total: number }>(
    user,
    'GET',
    '/api/app/clients?page=1',
    200,
  )
  if (page.total !== clients || page.items.length !== Math.min(clients, 25))
    throw new Error(
      `expected ${clients} clients, 25 a page; got ${page.items.length} of ${page.total}`,
    )
  return { slug, session }
}
