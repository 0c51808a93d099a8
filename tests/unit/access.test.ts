import type { PayloadRequest } from 'payload'

import { isAdmin, isAdminField } from '../../src/access/isAdmin'
import { isAuthenticated } from '../../src/access/isAuthenticated'
import { isEditorOrAdmin } from '../../src/access/isEditorOrAdmin'
import { isSelfOrAdmin, isSelfOrAdminField } from '../../src/access/isSelfOrAdmin'
import { isStaff } from '../../src/access/isStaff'
import type { Role } from '../../src/access/roles'

const requestAs = (role?: Role, id = 7) => ({ req: { user: role ? { id, role } : null } as unknown as PayloadRequest })

describe('access helpers', () => {
  it.each([
    ['admin', true],
    ['editor', false],
    ['writer', false],
    ['api', false],
    [undefined, false],
  ] as const)('isAdmin for %s is %s', (role, expected) => {
    expect(isAdmin(requestAs(role))).toBe(expected)
    expect(isAdminField(requestAs(role) as never)).toBe(expected)
  })

  it.each([
    ['admin', true],
    ['editor', true],
    ['writer', false],
    ['api', false],
    [undefined, false],
  ] as const)('isEditorOrAdmin for %s is %s', (role, expected) => {
    expect(isEditorOrAdmin(requestAs(role))).toBe(expected)
  })

  it.each([
    ['admin', true],
    ['editor', true],
    ['writer', true],
    ['api', false],
    [undefined, false],
  ] as const)('isStaff for %s is %s', (role, expected) => {
    expect(isStaff(requestAs(role))).toBe(expected)
  })

  it('isAuthenticated admits any signed-in user and refuses anonymous callers', () => {
    expect(isAuthenticated(requestAs('api'))).toBe(true)
    expect(isAuthenticated(requestAs())).toBe(false)
  })

  it('isSelfOrAdmin lets admins reach everyone and others only their own record', () => {
    expect(isSelfOrAdmin(requestAs('admin'))).toBe(true)
    expect(isSelfOrAdmin(requestAs('writer', 42))).toEqual({ id: { equals: 42 } })
    expect(isSelfOrAdmin(requestAs())).toBe(false)
  })

  it('isSelfOrAdminField compares the document being read with the signed-in user', () => {
    const own = { ...requestAs('writer', 5), doc: { id: 5 } }
    const other = { ...requestAs('writer', 5), doc: { id: 6 } }
    expect(isSelfOrAdminField(own as never)).toBe(true)
    expect(isSelfOrAdminField(other as never)).toBe(false)
    expect(isSelfOrAdminField({ ...requestAs('admin'), doc: { id: 6 } } as never)).toBe(true)
  })
})
