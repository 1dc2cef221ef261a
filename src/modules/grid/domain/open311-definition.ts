import {
  OPEN311_DATATYPES,
  type Open311Attribute,
  type Open311Error,
  type Open311ServiceDefinition,
} from './open311-types.ts';
import { parseW3cDateTime } from './w3c-datetime.ts';

const isList = (a: Open311Attribute) => a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';

/**
 * Problems with a service definition, empty when it is sound: unique attribute codes, unique
 * positive integer `order`s, known datatypes, list datatypes with at least one option and
 * unique option keys, no options on non-list datatypes.
 */
export function validateServiceDefinition(def: Open311ServiceDefinition): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  const orders = new Set<number>();
  if (def.service_code.trim() === '') problems.push('service_code is empty');
  for (const a of def.attributes) {
    const at = `attribute ${JSON.stringify(a.code)}`;
    if (a.code.trim() === '') problems.push('an attribute has an empty code');
    if (codes.has(a.code)) problems.push(`${at}: duplicate code`);
    codes.add(a.code);
    if (!Number.isInteger(a.order) || a.order < 1) problems.push(`${at}: order must be a positive integer`);
    if (orders.has(a.order)) problems.push(`${at}: order ${a.order} is used twice`);
    orders.add(a.order);
    if (!OPEN311_DATATYPES.includes(a.datatype)) problems.push(`${at}: unknown datatype ${a.datatype}`);
    const values = a.values ?? [];
    if (isList(a)) {
      if (a.variable && values.length === 0) problems.push(`${at}: a ${a.datatype} needs values`);
      const keys = new Set(values.map((v) => v.key));
      if (keys.size !== values.length) problems.push(`${at}: duplicate value keys`);
    } else if (values.length > 0) {
      problems.push(`${at}: values are only allowed on list datatypes`);
    }
    if (!a.variable && a.required) problems.push(`${at}: an informational attribute cannot be required`);
  }
  return problems;
}

/** Submitted attribute values: code -> values (one for scalars, any number for multivaluelist). */
export type AttributeSubmission = ReadonlyMap<string, readonly string[]>;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function checkOne(a: Open311Attribute, values: readonly string[]): string | null {
  const name = `attribute[${a.code}]`;
  if (a.datatype !== 'multivaluelist' && values.length > 1) return `${name} takes a single value`;
  const keys = new Set((a.values ?? []).map((v) => v.key));
  for (const v of values) {
    switch (a.datatype) {
      case 'string':
        if (/[\r\n]/.test(v)) return `${name} must not contain line breaks`;
        break;
      case 'number':
        if (!NUMBER.test(v.trim()) || !Number.isFinite(Number(v))) return `${name} must be a number`;
        break;
      case 'datetime':
        if (!parseW3cDateTime(v)) return `${name} must be an ISO 8601 date-time with a time zone`;
        break;
      case 'singlevaluelist':
      case 'multivaluelist':
        if (!keys.has(v)) return `${name}: ${JSON.stringify(v)} is not one of the allowed keys`;
        break;
      case 'text':
        break;
    }
  }
  return null;
}

/**
 * Checks submitted attributes against a definition: required variable attributes must be
 * present, values must fit the datatype, unknown codes are refused. Values of informational
 * (variable=false) attributes are dropped. Returns the accepted values or 400 errors.
 */
export function checkAttributes(
  def: Open311ServiceDefinition | null,
  submitted: AttributeSubmission,
): { ok: true; values: Record<string, string | string[]> } | { ok: false; errors: Open311Error[] } {
  const errors: Open311Error[] = [];
  const byCode = new Map((def?.attributes ?? []).map((a) => [a.code, a]));
  const values: Record<string, string | string[]> = {};
  for (const [code, raw] of submitted) {
    const a = byCode.get(code);
    if (!a) {
      errors.push({ code: 400, description: `attribute[${code}] is not defined for this service` });
      continue;
    }
    const given = raw.filter((v) => v.trim() !== '');
    if (!a.variable || given.length === 0) continue;
    const problem = checkOne(a, given);
    if (problem) errors.push({ code: 400, description: problem });
    else values[code] = a.datatype === 'multivaluelist' ? [...new Set(given)] : given[0]!;
  }
  for (const a of def?.attributes ?? []) {
    if (
      a.variable &&
      a.required &&
      values[a.code] === undefined &&
      !errors.some((e) => e.description.includes(`[${a.code}]`))
    ) {
      errors.push({ code: 400, description: `attribute[${a.code}] is required` });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}
