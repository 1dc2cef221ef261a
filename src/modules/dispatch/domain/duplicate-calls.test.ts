import { describe, expect, it } from 'vitest';
import { findDuplicateCandidates, type OpenIncidentSummary } from './duplicate-calls.ts';
import { offsetMetres } from './geo.ts';
import { defaultCatalogue } from './incident-catalogue.ts';
import { type PremiseHazard, premiseHistory } from './premise-history.ts';

const catalogue = defaultCatalogue();
const here = { lat: 22.54, lon: 114.06 };
const T = Date.UTC(2025, 4, 1, 20);
const open = (
  id: string,
  typeCode: string,
  metres: number,
  secondsAgo: number,
  status = 'dispatched',
): OpenIncidentSummary => ({
  id,
  typeCode,
  location: offsetMetres(here, metres, 0),
  receivedAt: T - secondsAgo * 1000,
  status: status as OpenIncidentSummary['status'],
});

describe('findDuplicateCandidates', () => {
  const incidents = [
    open('same-near', 'TRAFFIC_ACCIDENT_INJURY', 40, 120),
    open('compatible', 'VEHICLE_FIRE', 60, 120),
    open('same-far', 'TRAFFIC_ACCIDENT_INJURY', 450, 1800),
    open('other-type', 'THEFT', 10, 10),
    open('too-far', 'TRAFFIC_ACCIDENT_INJURY', 900, 10),
    open('too-old', 'TRAFFIC_ACCIDENT_INJURY', 10, 7200),
    open('closed', 'TRAFFIC_ACCIDENT_INJURY', 10, 10, 'closed'),
  ];

  it('ranks open incidents near in space and time with a compatible type', () => {
    const r = findDuplicateCandidates(
      { location: here, at: T, typeCode: 'TRAFFIC_ACCIDENT_INJURY' },
      incidents,
      catalogue,
    );
    expect(r.map((c) => c.incidentId)).toEqual(['same-near', 'compatible', 'same-far']);
    expect(r[0]).toMatchObject({ typeMatch: 'same', secondsApart: 120 });
    expect(r[0]!.score).toBeGreaterThan(0.8);
    expect(r[0]!.distanceMetres).toBeCloseTo(40, 0);
  });

  it('matches every type while the call taker has not chosen one', () => {
    const r = findDuplicateCandidates({ location: here, at: T }, incidents, catalogue);
    expect(r.map((c) => c.incidentId)).toContain('other-type');
    expect(r.every((c) => c.typeMatch === 'unknown')).toBe(true);
  });
});

describe('premiseHistory', () => {
  const hazard = (
    id: string,
    metres: number,
    radiusMetres: number,
    expiresAt: number | null,
  ): PremiseHazard => ({
    id,
    kind: 'dangerous_animal',
    location: offsetMetres(here, metres, 0),
    radiusMetres,
    note: { zh: '院内有烈性犬', en: 'Aggressive dog in the yard' },
    createdAt: T - 86_400_000,
    expiresAt,
  });

  it('lists earlier incidents newest first and active hazard flags nearby', () => {
    const past = [
      {
        id: 'a',
        typeCode: 'DISPUTE_FAMILY',
        location: offsetMetres(here, 20, 0),
        receivedAt: T - 86_400_000,
        disposition: 'mediated',
      },
      {
        id: 'b',
        typeCode: 'DISPUTE_FAMILY',
        location: offsetMetres(here, 30, 0),
        receivedAt: T - 3_600_000,
        disposition: 'advised',
      },
      {
        id: 'c',
        typeCode: 'THEFT',
        location: offsetMetres(here, 500, 0),
        receivedAt: T - 3_600_000,
        disposition: null,
      },
      { id: 'd', typeCode: 'THEFT', location: here, receivedAt: T - 400 * 86_400_000, disposition: null },
    ];
    const h = premiseHistory(here, T, past, [
      hazard('dog', 10, 0, null),
      hazard('estate', 300, 250, T + 1),
      hazard('expired', 0, 0, T - 1),
      hazard('far', 400, 50, null),
    ]);
    expect(h.incidents.map((i) => i.id)).toEqual(['b', 'a']);
    expect(h.countsByType).toEqual({ DISPUTE_FAMILY: 2 });
    expect(h.hazards.map((x) => x.id)).toEqual(['dog', 'estate']);
  });
});
