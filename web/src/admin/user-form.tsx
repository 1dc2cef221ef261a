import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createUser, patchUser } from '../api/endpoints.ts';
import type { AdminUser, UserPatch } from '../api/types.ts';
import type { JurisdictionTree } from '../map/tree.ts';
import { ProblemView } from '../ui/problem-view.tsx';
import { JurisdictionPicker } from './jurisdiction-picker.tsx';
import { PasswordField } from './password-field.tsx';
import { RoleCheckboxes } from './role-checkboxes.tsx';

/** Fields shared by create and edit. */
interface Draft {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  jurisdictionIds: string[];
  disabled: boolean;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Only the fields that changed, so a PATCH does not overwrite concurrent edits of others. */
function diff(user: AdminUser, d: Draft): UserPatch {
  const patch: UserPatch = {};
  if (d.displayName !== user.displayName) patch.displayName = d.displayName;
  if (!sameSet(d.roles, user.roles)) patch.roles = d.roles;
  if (!sameSet(d.jurisdictionIds, user.jurisdictionIds)) patch.jurisdictionIds = d.jurisdictionIds;
  if (d.disabled !== user.disabled) patch.disabled = d.disabled;
  return patch;
}

/** Create a user (no `user`) or edit one's name, roles, jurisdictions and disabled flag. */
export function UserForm({
  user,
  roles,
  tree,
  onSaved,
  onCancel,
}: {
  user: AdminUser | null;
  roles: string[];
  tree: JurisdictionTree | null;
  onSaved: (u: AdminUser, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>(() => ({
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    password: '',
    roles: user?.roles ?? [],
    jurisdictionIds: user?.jurisdictionIds ?? [],
    disabled: user?.disabled ?? false,
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setSaved(false);
    setD((p) => ({ ...p, [k]: v }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (user) {
        const patch = diff(user, d);
        onSaved(Object.keys(patch).length ? await patchUser(user.id, patch) : user, false);
        setSaved(true);
      } else {
        const { username, displayName, password, roles: r, jurisdictionIds } = d;
        onSaved(
          await createUser({ username: username.trim(), displayName, password, roles: r, jurisdictionIds }),
          true,
        );
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} aria-busy={busy} data-testid="user-form">
      {!user && (
        <label className="field">
          <span>{t('users.username')}</span>
          <input
            name="username"
            required
            autoComplete="off"
            pattern="[A-Za-z0-9._@\-]{2,64}"
            title={t('users.usernameHint')}
            value={d.username}
            onChange={(e) => set('username', e.target.value)}
          />
        </label>
      )}
      <label className="field">
        <span>{t('users.displayName')}</span>
        <input
          name="displayName"
          required
          value={d.displayName}
          onChange={(e) => set('displayName', e.target.value)}
        />
      </label>
      {!user && (
        <PasswordField
          name="password"
          label={t('users.initialPassword')}
          value={d.password}
          onChange={(v) => set('password', v)}
        />
      )}
      <RoleCheckboxes roles={roles} value={d.roles} onChange={(v) => set('roles', v)} />
      {tree && (
        <JurisdictionPicker
          tree={tree}
          value={d.jurisdictionIds}
          onChange={(v) => set('jurisdictionIds', v)}
        />
      )}
      {user && (
        <label className="check">
          <input type="checkbox" checked={d.disabled} onChange={(e) => set('disabled', e.target.checked)} />
          <span>{t('users.disabledLabel')}</span>
        </label>
      )}
      <ProblemView error={error} />
      {saved && (
        <p className="success" role="status">
          {t('status.saved')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {user ? t('action.save') : t('users.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('action.close')}
        </button>
      </div>
    </form>
  );
}
