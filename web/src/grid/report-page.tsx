import { useState } from 'react';
import { getConfig } from '../api/endpoints.ts';
import { Link } from '../app/router.tsx';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { useAsync } from '../ui/use-async.ts';
import { publicApi } from './api.ts';
import { useGridT } from './i18n.ts';
import { PublicFrame } from './public-frame.tsx';
import { RequestForm } from './request-form.tsx';

/** Public report form: type, place on the map, description, photos, optional contact details. */
export function ReportPage() {
  const { gt } = useGridT();
  const data = useAsync(async (signal) => {
    const [config, services, area] = await Promise.all([
      getConfig(),
      publicApi.services(signal),
      publicApi.area(signal),
    ]);
    return { config, services, area };
  }, []);
  const [done, setDone] = useState<{ publicId: string; token: string } | null>(null);
  const [round, setRound] = useState(0);

  return (
    <PublicFrame>
      <h1 className="page-title">{gt('report.title')}</h1>
      {done ? (
        <section role="status" data-testid="report-done" className="form">
          <h2 className="panel-title">{gt('report.doneTitle', { id: done.publicId })}</h2>
          <p>{gt('report.tokenHint')}</p>
          <p className="grid-token" data-testid="follow-token">
            {done.token}
          </p>
          <p className="input-row">
            <Link href={`/follow#${done.token}`} className="btn btn-primary">
              {gt('report.follow')}
            </Link>
            <button
              type="button"
              className="btn btn-quiet"
              onClick={() => {
                setDone(null);
                setRound((r) => r + 1);
              }}
            >
              {gt('report.another')}
            </button>
          </p>
        </section>
      ) : (
        <>
          <p className="muted">{gt('report.intro')}</p>
          <ProblemView error={data.error} onRetry={data.reload} />
          {!data.data ? (
            <Loading />
          ) : (
            <RequestForm
              key={round}
              services={data.data.services}
              areas={data.data.area}
              center={data.data.config.center}
              zoom={data.data.config.zoom}
              withContact
              onSubmit={async (p) => {
                const r = await publicApi.report(p);
                setDone({ publicId: r.publicId, token: r.token });
              }}
            />
          )}
        </>
      )}
    </PublicFrame>
  );
}
