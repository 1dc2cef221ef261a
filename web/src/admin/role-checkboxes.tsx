import { useTranslation } from 'react-i18next';

/** Checkbox group of roles. */
export function RoleCheckboxes({
  roles,
  value,
  onChange,
}: {
  roles: string[];
  value: string[];
  onChange: (roles: string[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="checks">
      <legend>{t('users.roles')}</legend>
      <div className="checks-grid">
        {roles.map((r) => (
          <label key={r} className="check">
            <input
              type="checkbox"
              name="roles"
              value={r}
              checked={value.includes(r)}
              onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
            />
            <span>{t(`role.${r}`, { defaultValue: r })}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
