import { describe, expect, it } from 'vitest';
import type { Actor } from '../../core/identity/actor.ts';
import { mayApply } from './policy.ts';
import { readReferral } from './referral.consumer.ts';

const actor = (permissions: string[]): Actor => ({
  kind: 'user',
  id: 'u',
  name: 'u',
  roles: [],
  permissions: new Set(permissions),
  scopes: ['c'],
  requestId: null,
});

describe('who may act on a request', () => {
  const centre = actor(['grid.requests.manage', 'grid.requests.read']);
  const dept = actor(['grid.requests.handle', 'grid.requests.read']);
  const reader = actor(['grid.requests.read']);

  it('lets the service centre do everything', () => {
    for (const e of ['reroute', 'accept', 'resolve', 'mark_duplicate', 'reopen'] as const) {
      expect(mayApply(centre, e, { lead: false, departments: [] })).toBe(true);
    }
  });

  it('lets a department work only on its own requests and never route or merge', () => {
    expect(mayApply(dept, 'accept', { lead: true, departments: ['d1'] })).toBe(true);
    expect(mayApply(dept, 'accept', { lead: false, departments: ['d1'] })).toBe(false);
    expect(mayApply(dept, 'reroute', { lead: true, departments: ['d1'] })).toBe(false);
    expect(mayApply(dept, 'co_handler_done', { lead: false, departments: ['d2'] }, 'd2')).toBe(true);
    expect(mayApply(dept, 'co_handler_done', { lead: true, departments: ['d1'] }, 'd2')).toBe(false);
  });

  it('refuses actors without a handling permission', () => {
    expect(mayApply(reader, 'accept', { lead: true, departments: ['d1'] })).toBe(false);
  });
});

describe('reading dispatch referrals', () => {
  it("reads dispatch's declared payload", () => {
    const r = readReferral('9', {
      callId: 'c1',
      referralId: 'r1',
      target: 'grid',
      typeCode: 'NOISE',
      lon: 113.9,
      lat: 22.6,
      address: null,
      narrative: 'Loud music',
      jurisdictionPath: '990101.990101002',
      receivedAt: '2026-11-02T01:00:00Z',
    });
    expect(r).toMatchObject({
      externalId: 'c1',
      serviceCode: 'NOISE',
      lat: 22.6,
      lon: 113.9,
      description: 'Loud music',
      target: 'grid',
    });
  });

  it('tolerates other shapes: nested location and caller, string numbers, no id', () => {
    const r = readReferral('42', {
      location: { latitude: '22.5', lng: '113.8' },
      caller: { name: 'Li', phone: '110' },
      summary: 'x',
    });
    expect(r).toMatchObject({
      externalId: 'event:42',
      lat: 22.5,
      lon: 113.8,
      callerName: 'Li',
      callerPhone: '110',
      description: 'x',
      target: null,
    });
    expect(readReferral('1', null)).toMatchObject({ lat: null, lon: null, serviceCode: null });
  });
});
