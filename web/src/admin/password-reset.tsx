import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patchUser } from '../api/endpoints.ts';
import type { AdminUser } from '../api/types.ts';
import { ProblemView } from '../ui/problem-view.tsx';
import { PasswordField } from './password-field.tsx';

/** Sets a new password for a user (the user should change it after signing in). */
export function PasswordReset({ user }: { user: AdminUser }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await patchUser(user.id, { password });
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form-section" onSubmit={submit} aria-busy={busy} data-testid="password-reset">
      <h3 className="panel-subtitle">{t('users.resetPassword')}</h3>
      <PasswordField
        name="new-password"
        label={t('users.newPassword')}
        value={password}
        onChange={setPassword}
      />
      <ProblemView error={error} />
      {done && (
        <p className="success" role="status">
          {t('users.passwordReset', { username: user.username })}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn" disabled={busy}>
          {t('users.resetPassword')}
        </button>
      </div>
    </form>
  );
}
