import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patchJurisdiction } from '../api/endpoints.ts';
import type { JurisdictionPatch, JurisdictionProps } from '../api/types.ts';
import { replaceJurisdiction } from '../map/jurisdiction-store.ts';
import { ProblemView } from '../ui/problem-view.tsx';

/** Edit a jurisdiction's names and code; level, path and geometry are read-only here. */
export function JurisdictionForm({
  props,
  parentName,
}: {
  props: JurisdictionProps;
  parentName: string | null;
}) {
  const { t } = useTranslation();
  const [nameZh, setNameZh] = useState(props.nameZh);
  const [nameEn, setNameEn] = useState(props.nameEn);
  const [code, setCode] = useState(props.code);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch: JurisdictionPatch = {};
    if (nameZh !== props.nameZh) patch.nameZh = nameZh;
    if (nameEn !== props.nameEn) patch.nameEn = nameEn;
    if (code !== props.code) patch.code = code;
    setError(null);
    setSaved(false);
    if (Object.keys(patch).length === 0) {
      setSaved(true);
      return;
    }
    setBusy(true);
    try {
      replaceJurisdiction(await patchJurisdiction(props.id, patch));
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form-narrow" onSubmit={submit} aria-busy={busy} data-testid="jurisdiction-form">
      <dl className="props">
        <dt>{t('jurisdiction.level')}</dt>
        <dd>
          <span className={`level-tag level-${props.level}`}>{t(`level.${props.level}`)}</span>
        </dd>
        <dt>{t('jurisdiction.parent')}</dt>
        <dd>{parentName ?? '—'}</dd>
        <dt>{t('jurisdiction.path')}</dt>
        <dd>
          <code className="wrap">{props.path}</code>
        </dd>
      </dl>
      <label className="field">
        <span>{t('jurisdiction.nameZh')}</span>
        <input lang="zh-CN" required value={nameZh} onChange={(e) => setNameZh(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('jurisdiction.nameEn')}</span>
        <input lang="en" required value={nameEn} onChange={(e) => setNameEn(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('jurisdiction.code')}</span>
        <input
          required
          maxLength={40}
          pattern="[A-Za-z0-9_\-]+"
          title={t('jurisdiction.codeHint')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      <ProblemView error={error} />
      {saved && (
        <p className="success" role="status">
          {t('status.saved')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('action.save')}
        </button>
      </div>
    </form>
  );
}
