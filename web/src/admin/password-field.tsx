import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { generatePassword, MIN_PASSWORD_LENGTH } from './password.ts';

/** New-password input with show/hide and a generator. */
export function PasswordField({
  label,
  value,
  onChange,
  name,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  name: string;
}) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const hint = useId();
  return (
    <div className="field">
      <label htmlFor={`${hint}-input`}>{label}</label>
      <div className="input-row">
        <input
          id={`${hint}-input`}
          name={name}
          type={shown ? 'text' : 'password'}
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          aria-describedby={hint}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
        <button type="button" className="btn btn-small" onClick={() => setShown((s) => !s)}>
          {shown ? t('users.hidePassword') : t('users.showPassword')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            onChange(generatePassword());
            setShown(true);
          }}
        >
          {t('users.generatePassword')}
        </button>
      </div>
      <small id={hint} className="muted">
        {t('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
      </small>
    </div>
  );
}
