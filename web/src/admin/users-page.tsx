import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listRoles, listUsers } from '../api/endpoints.ts';
import type { AdminUser } from '../api/types.ts';
import { navigate, subPath, usePathname } from '../app/router.tsx';
import { useJurisdictions } from '../map/jurisdiction-store.ts';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { useAsync } from '../ui/use-async.ts';
import { PasswordReset } from './password-reset.tsx';
import { UserForm } from './user-form.tsx';
import { UsersTable } from './users-table.tsx';

const BASE = '/admin/users';

function matches(u: AdminUser, q: string): boolean {
  const s = q.trim().toLowerCase();
  return !s || u.username.toLowerCase().includes(s) || u.displayName.toLowerCase().includes(s);
}

/** User accounts: list, create, edit roles / jurisdictions / disabled, reset password. */
export function UsersPage() {
  const { t } = useTranslation();
  const path = usePathname();
  const sel = subPath(path, BASE);
  const users = useAsync((s) => listUsers(s), []);
  const roles = useAsync((s) => listRoles(s), []);
  const { tree } = useJurisdictions();
  const [query, setQuery] = useState('');

  const items = users.data?.items ?? [];
  const shown = useMemo(() => items.filter((u) => matches(u, query)), [items, query]);
  const editing = sel && sel !== 'new' ? items.find((u) => u.id === sel) : undefined;
  const roleNames = roles.data?.items.map((r) => r.role) ?? [];

  const saved = (u: AdminUser, created: boolean) => {
    users.setData((prev) => {
      const list = prev?.items ?? [];
      return { items: created ? [...list, u] : list.map((x) => (x.id === u.id ? u : x)) };
    });
    if (created) navigate(`${BASE}/${encodeURIComponent(u.id)}`);
  };

  return (
    <div className="page page-split">
      <section className="split-main" aria-busy={users.loading}>
        <header className="page-head">
          <h1 className="page-title">{t('users.title')}</h1>
          <span className="muted">{t('users.count', { count: items.length })}</span>
          <input
            type="search"
            className="page-filter"
            aria-label={t('users.filter')}
            placeholder={t('users.filter')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button type="button" className="btn btn-primary" onClick={() => navigate(`${BASE}/new`)}>
            {t('users.new')}
          </button>
        </header>
        <ProblemView error={users.error} onRetry={users.reload} />
        {users.loading && !users.data ? (
          <Loading />
        ) : (
          <UsersTable users={shown} tree={tree} selectedId={sel} />
        )}
      </section>
      {sel && (
        <aside className="split-side" aria-labelledby="user-editor-title">
          <h2 id="user-editor-title" className="panel-title">
            {sel === 'new' ? t('users.new') : t('users.edit', { username: editing?.username ?? '' })}
          </h2>
          <ProblemView error={roles.error} onRetry={roles.reload} />
          {sel !== 'new' && !editing ? (
            users.loading ? (
              <Loading />
            ) : (
              <p className="muted">{t('users.notFound')}</p>
            )
          ) : (
            <>
              <UserForm
                key={editing?.id ?? 'new'}
                user={editing ?? null}
                roles={roleNames}
                tree={tree}
                onSaved={saved}
                onCancel={() => navigate(BASE)}
              />
              {editing && <PasswordReset key={`pw-${editing.id}`} user={editing} />}
            </>
          )}
        </aside>
      )}
    </div>
  );
}
