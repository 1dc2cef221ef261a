/** Who is acting: every use case takes one as its first argument. */
export interface Actor {
  kind: 'user' | 'api_key' | 'system' | 'public';
  id: string | null;
  name: string;
  roles: readonly string[];
  permissions: ReadonlySet<string>;
  /** ltree paths of the jurisdiction subtrees the actor may see; empty = none. */
  scopes: readonly string[];
  requestId: string | null;
  /** Which console or device the request came from (timeline "from which console"). */
  console?: string | null;
}

/** The process itself (migrations, demo data, jobs): every permission, the whole tree. */
export function systemActor(name = 'system', permissions: Iterable<string> = []): Actor {
  return {
    kind: 'system',
    id: null,
    name,
    roles: ['admin'],
    permissions: new Set(permissions),
    scopes: [''],
    requestId: null,
  };
}

/** An unauthenticated member of the public (Open311, public portal). */
export function publicActor(requestId: string | null): Actor {
  return {
    kind: 'public',
    id: null,
    name: 'public',
    roles: [],
    permissions: new Set(),
    scopes: [],
    requestId,
  };
}

/** Whether a jurisdiction path lies inside one of the actor's subtrees ('' scope = everything). */
export function inScope(actor: Actor, path: string | null): boolean {
  if (actor.kind === 'system') return true;
  if (path === null) return actor.scopes.length > 0;
  return actor.scopes.some((s) => s === '' || path === s || path.startsWith(`${s}.`));
}

/** Whether the actor holds a permission (system actors hold all). */
export function can(actor: Actor, permission: string): boolean {
  return actor.kind === 'system' || actor.permissions.has(permission);
}
