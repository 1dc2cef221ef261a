import { Type } from 'typebox';
import { Latitude, Longitude, Strict, Text, Uuid } from '../../core/http/schemas.ts';

const Localized = Strict({ zh: Text(500, 1), en: Text(500, 1) });
const Priority = Type.Integer({ minimum: 1, maximum: 4 });
const IsoTime = Type.String({ format: 'date-time' });

/** Body of PUT /api/dispatch/types/:code (the code comes from the URL). */
export const IncidentTypeBody = Strict({
  name: Localized,
  category: Text(40, 1),
  defaultPriority: Priority,
  plan: Type.Array(
    Type.Array(Strict({ capability: Text(40, 1), count: Type.Integer({ minimum: 1, maximum: 50 }) }), {
      maxItems: 20,
    }),
    { minItems: 1, maxItems: 10 },
  ),
  questions: Type.Array(
    Strict({
      id: Text(60, 1),
      kind: Type.Union([Type.Literal('question'), Type.Literal('instruction')]),
      text: Localized,
    }),
    { maxItems: 50 },
  ),
  hazards: Type.Array(Localized, { maxItems: 20 }),
  externalCodes: Type.Record(Type.String({ maxLength: 32 }), Text(60, 1)),
  nonEmergency: Type.Boolean(),
  compatibleWith: Type.Array(Text(40, 1), { maxItems: 40 }),
  active: Type.Boolean(),
});

const Threshold = Strict({
  warnSeconds: Type.Integer({ minimum: 1 }),
  alertSeconds: Type.Integer({ minimum: 1 }),
});
const ByPriority = Strict({ '1': Threshold, '2': Threshold, '3': Threshold, '4': Threshold });
/** Body of PUT /api/dispatch/timer-thresholds. */
export const ThresholdsBody = Strict({
  call_to_dispatch: ByPriority,
  dispatch_to_en_route: ByPriority,
  en_route_to_on_scene: ByPriority,
  on_scene_duration: ByPriority,
  safety_check_in: ByPriority,
});

/** Body of POST /api/dispatch/calls. */
export const NewCallBody = Strict({
  idempotencyKey: Text(100, 8),
  callerName: Type.Optional(Text(100)),
  callerPhone: Type.Optional(Text(40)),
  lon: Type.Optional(Longitude),
  lat: Type.Optional(Latitude),
  address: Type.Optional(Text(300)),
  typeCode: Text(40, 1),
  priority: Type.Optional(Priority),
  priorityReason: Type.Optional(Text(500)),
  narrative: Type.Optional(Text(4000)),
  hazards: Type.Optional(Type.Array(Text(200), { maxItems: 10 })),
  mergeIntoIncidentId: Type.Optional(Uuid),
  handling: Type.Optional(Type.Union([Type.Literal('incident'), Type.Literal('referral')])),
  referTo: Type.Optional(Text(100)),
});

/** Query of GET /api/dispatch/assist. */
export const AssistQuery = Strict({
  lon: Longitude,
  lat: Latitude,
  typeCode: Type.Optional(Text(40)),
  excludeIncidentId: Type.Optional(Uuid),
});

/** Query of GET /api/dispatch/geocode. */
export const GeocodeQuery = Strict({
  q: Text(200, 1),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
});

/** Body of POST /api/dispatch/premise-hazards. */
export const PremiseHazardBody = Strict({
  kind: Text(40, 1),
  lon: Longitude,
  lat: Latitude,
  radiusMetres: Type.Optional(Type.Number({ minimum: 1, maximum: 5000 })),
  note: Localized,
  expiresAt: Type.Optional(IsoTime),
});

/** Query of GET /api/dispatch/incidents. */
export const IncidentListQuery = Strict({
  state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')])),
  status: Type.Optional(Text(20)),
  priority: Type.Optional(Priority),
  beat: Type.Optional(Text(40, 1)),
  since: Type.Optional(IsoTime),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

/** Body of POST /api/dispatch/incidents/:id/transition. */
export const TransitionBody = Strict({
  to: Type.Union([Type.Literal('queued'), Type.Literal('closed'), Type.Literal('cancelled')]),
  disposition: Type.Optional(Text(40)),
  cancelReason: Type.Optional(Text(40)),
  note: Type.Optional(Text(2000)),
  referredTo: Type.Optional(Text(200)),
  duplicateOf: Type.Optional(Uuid),
});

export const NoteBody = Strict({ text: Text(2000, 1) });
export const PriorityBody = Strict({ priority: Priority, reason: Text(500, 1) });
export const AlarmLevelBody = Strict({ level: Type.Integer({ minimum: 1, maximum: 10 }) });
export const MergeBody = Strict({ intoIncidentId: Uuid });
export const AssignBody = Strict({
  unitId: Uuid,
  mutualAid: Type.Optional(Type.Boolean()),
  note: Type.Optional(Text(500)),
  shiftOverrideReason: Type.Optional(Text(500, 1)),
});
export const ReleaseBody = Strict({ reason: Text(500, 1) });
export const ReassignBody = Strict({
  toIncidentId: Uuid,
  reason: Text(500, 1),
  mutualAid: Type.Optional(Type.Boolean()),
  shiftOverrideReason: Type.Optional(Text(500, 1)),
});
export const IncidentUnitParams = Strict({ id: Uuid, unitId: Uuid });
export const TypeCodeParams = Strict({ code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,39}$' }) });

const HomeStation = Strict({ name: Text(100, 1), lon: Longitude, lat: Latitude });
const Shift = Strict({
  days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 }),
  start: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
  end: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
});
const unitFields = {
  callSign: Text(30, 1),
  kind: Text(40, 1),
  extraCapabilities: Type.Optional(Type.Array(Text(40), { maxItems: 12 })),
  jurisdictionId: Uuid,
  homeStation: Type.Optional(Type.Union([HomeStation, Type.Null()])),
  shifts: Type.Optional(Type.Array(Shift, { maxItems: 14 })),
  deviceUserId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  status: Type.Optional(Text(20)),
};
/** Body of POST /api/dispatch/units. */
export const UnitBody = Strict(unitFields);
/** Body of PATCH /api/dispatch/units/:id. */
export const UnitPatchBody = Strict({
  callSign: Type.Optional(unitFields.callSign),
  kind: Type.Optional(unitFields.kind),
  extraCapabilities: unitFields.extraCapabilities,
  jurisdictionId: Type.Optional(Uuid),
  homeStation: unitFields.homeStation,
  shifts: unitFields.shifts,
  deviceUserId: unitFields.deviceUserId,
});
export const UnitQuery = Strict({ status: Type.Optional(Text(20)), kind: Type.Optional(Text(40)) });
export const UnitStatusBody = Strict({ status: Text(20, 1) });
export const CheckInBody = Strict({ note: Type.Optional(Text(500)) });
export const EmptyBody = Type.Optional(Strict({}));

/** Body of POST /api/dispatch/avl. */
export const AvlBody = Strict({
  fixes: Type.Array(
    Strict({
      unitId: Uuid,
      lon: Longitude,
      lat: Latitude,
      at: IsoTime,
      speedKmh: Type.Optional(Type.Number({ minimum: 0, maximum: 400 })),
      heading: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
      accuracyMetres: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
    }),
    { minItems: 1, maxItems: 500 },
  ),
});

export const CallerQuery = Strict({ purpose: Type.Optional(Text(40)) });
export const RecommendQuery = Strict({ mutualAid: Type.Optional(Type.Boolean()) });
export const CoverageQuery = Strict({
  minutes: Type.Optional(Type.Number({ minimum: 1, maximum: 60 })),
  capability: Type.Optional(Text(40)),
});
export const ExportQuery = Strict({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  beat: Type.Optional(Text(40, 1)),
  from: Type.Optional(IsoTime),
  to: Type.Optional(IsoTime),
});
export const ResponseTimesQuery = Strict({
  date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
});
