import { afterEach, describe, expect, it } from 'vitest'
import { settle, startAppTest, type AppTest, type SeenRequest } from '../testing/app-test-kit.ts'

let app: AppTest | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

const ID = '00000000-0000-4000-8000-000000000001'
/** One project; DELETE, POST …/restore and PATCH change it as the server would. */
function backend(access = { edit: true, delete: true, share: true }) {
  const project = {
    id: ID,
    client: { id: '00000000-0000-4000-8000-000000000009', name: 'Initech' },
    name: 'Rollout',
    status: 'active',
    budget: 100,
    dueDate: null,
    createdBy: 'user-ana',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    deletedAt: null as string | null,
    access,
  }
  return (r: SeenRequest): [number, unknown] | undefined => {
    if (r.path === '/api/app/projects' && r.method === 'GET')
      return [200, { items: [project], total: 1, page: 1, pageSize: 25 }]
    if (r.path === `/api/app/projects/${ID}` && r.method === 'GET') return [200, project]
    if (r.path === `/api/app/projects/${ID}` && r.method === 'PATCH') {
      Object.assign(project, r.body)
      return [200, project]
    }
    if (r.path === `/api/app/projects/${ID}` && r.method === 'DELETE') {
      project.deletedAt = '2026-02-01T00:00:00.000Z'
      return [200, project]
    }
    if (r.path === `/api/app/projects/${ID}/restore`) {
      project.deletedAt = null
      return [200, project]
    }
    return undefined
  }
}
const testid = (id: string) => app!.el.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const button = (name: string) =>
  [...app!.el.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => b.textContent?.trim() === name,
  )

describe('a project’s pages', () => {
  it('offers Edit from its row, and the edit page saves back to the details', async () => {
    app = await startAppTest({ path: '/projects', handle: backend() })
    const edit = app.el.querySelector<HTMLAnchorElement>('[aria-label="Edit Rollout"]')
    expect(edit?.getAttribute('href')).toBe(`/projects/${ID}/edit`)

    await app.router.push(`/projects/${ID}`)
    await settle()
    // The details, not a form.
    expect(app.el.querySelector('form')).toBeNull()
    expect(app.el.querySelector('dl')?.textContent).toContain('Initech')
    expect(testid('edit')?.getAttribute('href')).toBe(`/projects/${ID}/edit`)

    await app.router.push(`/projects/${ID}/edit`)
    await settle()
    expect(app.el.querySelector('h1')?.textContent).toBe('Edit Rollout')
    const name = app.el.querySelector<HTMLInputElement>('input[name="name"]')!
    name.value = 'Rollout 2'
    name.dispatchEvent(new Event('input'))
    app.el.querySelector('form')!.dispatchEvent(new Event('submit'))
    await settle()
    expect(app.router.currentRoute.value.path).toBe(`/projects/${ID}`)
    expect(app.el.querySelector('h1')?.textContent).toBe('Rollout 2')
    expect(testid('status')?.textContent).toContain('Changes saved.')
  })

  it('says what was deleted in a toast whose Undo restores it', async () => {
    app = await startAppTest({ path: `/projects/${ID}`, handle: backend() })
    button('Delete project')!.click()
    await settle()
    expect(testid('status')?.textContent).toContain('Project “Rollout” deleted.')
    expect(testid('deleted-notice')).not.toBeNull()
    testid('undo')!.click()
    await settle()
    expect(app.seen.some((r) => r.path === `/api/app/projects/${ID}/restore`)).toBe(true)
    expect(testid('status')?.textContent).toContain('Project “Rollout” restored.')
    expect(testid('undo')).toBeNull()
    expect(testid('deleted-notice')).toBeNull()
    app.el.querySelector<HTMLButtonElement>('[aria-label="Dismiss this message"]')!.click()
    await settle()
    expect(testid('status')?.textContent?.trim()).toBe('')
  })

  it('offers Edit, Share and Delete only as the project’s access allows, whatever the role', async () => {
    // The default test role may do everything with projects; this project is shared for editing.
    app = await startAppTest({
      path: `/projects/${ID}`,
      handle: backend({ edit: true, delete: false, share: false }),
    })
    expect(testid('edit')?.getAttribute('href')).toBe(`/projects/${ID}/edit`)
    expect(testid('share')).toBeNull()
    expect(testid('delete')).toBeNull()
    expect(testid('item-details')?.textContent).toContain('Initech')
    app.unmount()

    app = await startAppTest({
      path: `/projects/${ID}/edit`,
      handle: backend({ edit: false, delete: true, share: true }),
    })
    // No form for someone who may not edit: the details, with Delete and Share.
    expect(app.el.querySelector('form')).toBeNull()
    expect(testid('edit')).toBeNull()
    expect(testid('delete')).not.toBeNull()
    expect(testid('share')).not.toBeNull()
  })
})
