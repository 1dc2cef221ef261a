import { useTranslation } from 'react-i18next';
import type { AdminUser } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { formatList } from '../i18n/format.ts';
import { currentLocale } from '../i18n/i18n.ts';
import { type JurisdictionTree, localName } from '../map/tree.ts';

/** Dense table of user accounts; each username links to its editor. */
export function UsersTable({
  users,
  tree,
  selectedId,
}: {
  users: AdminUser[];
  tree: JurisdictionTree | null;
  selectedId: string | null;
}) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const scopeName = (id: string) => {
    const n = tree?.byId.get(id);
    return n ? localName(n.props, locale) : id;
  };
  return (
    <table className="table" data-testid="users-table">
      <thead>
        <tr>
          <th scope="col">{t('users.username')}</th>
          <th scope="col">{t('users.displayName')}</th>
          <th scope="col">{t('users.roles')}</th>
          <th scope="col">{t('users.jurisdictions')}</th>
          <th scope="col">{t('users.status')}</th>
          <th scope="col">{t('users.createdAt')}</th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <tr key={u.id} className={u.id === selectedId ? 'is-selected' : undefined}>
            <td>
              <Link href={`/admin/users/${encodeURIComponent(u.id)}`}>{u.username}</Link>
            </td>
            <td>{u.displayName}</td>
            <td>{formatList(u.roles.map((r) => t(`role.${r}`, { defaultValue: r })))}</td>
            <td>{formatList(u.jurisdictionIds.map(scopeName))}</td>
            <td>
              <span className={u.disabled ? 'badge badge-off' : 'badge badge-on'}>
                {u.disabled ? t('users.disabled') : t('users.active')}
              </span>
            </td>
            <td className="nowrap">{date.format(new Date(u.createdAt))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
