import { Fragment, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { listRoles } from '../api/endpoints.ts';
import type { RolePermissions } from '../api/types.ts';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { useAsync } from '../ui/use-async.ts';

/** Permissions grouped by their prefix (`users.manage` -> `users`), sorted. */
function groupPermissions(items: RolePermissions[]): [string, string[]][] {
  const all = new Set(items.flatMap((r) => r.permissions));
  const groups = new Map<string, string[]>();
  for (const p of [...all].sort()) {
    const g = p.split('.')[0] ?? p;
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  return [...groups.entries()];
}

/** Read-only matrix: permissions down, roles across. */
export function RolesPage() {
  const { t, i18n } = useTranslation();
  const roles = useAsync((s) => listRoles(s), []);
  const items = roles.data?.items ?? [];
  const groups = useMemo(() => groupPermissions(items), [items]);
  const grants = useMemo(() => new Map(items.map((r) => [r.role, new Set(r.permissions)])), [items]);

  return (
    <div className="page page-pad" aria-busy={roles.loading}>
      <header className="page-head">
        <h1 className="page-title">{t('roles.title')}</h1>
        <span className="muted">{t('roles.hint')}</span>
      </header>
      <ProblemView error={roles.error} onRetry={roles.reload} />
      {roles.loading && !roles.data && <Loading />}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="table matrix" data-testid="roles-table">
            <thead>
              <tr>
                <th scope="col">{t('roles.permission')}</th>
                {items.map((r) => (
                  <th scope="col" key={r.role} className="matrix-role">
                    <span>{t(`role.${r.role}`, { defaultValue: r.role })}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {groups.map(([group, perms]) => (
                <Fragment key={group}>
                  <tr className="matrix-group">
                    <th scope="rowgroup" colSpan={items.length + 1}>
                      {t(`permGroup.${group}`, { defaultValue: group })}
                    </th>
                  </tr>
                  {perms.map((p) => (
                    <tr key={p}>
                      <th scope="row">
                        {i18n.exists(`perm.${p.replaceAll('.', '_')}`) && (
                          <span>{t(`perm.${p.replaceAll('.', '_')}`)} </span>
                        )}
                        <code className="muted">{p}</code>
                      </th>
                      {items.map((r) => {
                        const on = grants.get(r.role)?.has(p) ?? false;
                        return (
                          <td key={r.role} className={on ? 'cell-on' : 'cell-off'}>
                            {on ? (
                              <>
                                <span aria-hidden="true">●</span>
                                <span className="visually-hidden">{t('roles.granted')}</span>
                              </>
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
