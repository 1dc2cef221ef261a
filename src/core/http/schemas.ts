import { type TProperties, Type } from 'typebox';

/** An object schema that rejects unknown fields: the only way request bodies are declared. */
export function Strict<T extends TProperties>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Strict({ id: Uuid });

/** Bounded text: every string a client sends has a length limit. */
export function Text(max = 200, min = 0) {
  return Type.String({ minLength: min, maxLength: max });
}

export const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const Longitude = Type.Number({ minimum: -180, maximum: 180 });

/** RFC 9457 problem details. */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.String(),
  requestId: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
});

const position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
const ring = Type.Array(position, { minItems: 4, maxItems: 100_000 });
/** GeoJSON Polygon or MultiPolygon (shape only; `validateArea` checks closure, range, simplicity). */
export const AreaSchema = Type.Union([
  Strict({ type: Type.Literal('Polygon'), coordinates: Type.Array(ring, { minItems: 1, maxItems: 1000 }) }),
  Strict({
    type: Type.Literal('MultiPolygon'),
    coordinates: Type.Array(Type.Array(ring, { minItems: 1, maxItems: 1000 }), {
      minItems: 1,
      maxItems: 1000,
    }),
  }),
]);
