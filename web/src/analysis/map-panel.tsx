// The dashboard map with a choice of layer: Gi* hotspots, kernel density surface, or a
// choropleth of counts by jurisdiction at a chosen level, each with its legend.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { colourScale, geometricScale, legendRows } from './colour-scale.ts';
import {
  type AnyCollection,
  type ColourScale,
  type HexCollection,
  HexMap,
  type MapLayer,
} from './hex-map.tsx';

const LEVELS = ['county', 'township', 'village', 'grid'] as const;
type Level = (typeof LEVELS)[number];

interface Choropleth extends AnyCollection {
  meta: { level: Level; max: number; total: number; unassigned: number };
}

function Legend({
  title,
  scale,
  max,
  fmt,
  testId,
}: {
  title: string;
  scale: ColourScale;
  max: number;
  fmt: (v: number) => string;
  testId: string;
}) {
  const rows = legendRows(scale, max, fmt);
  return (
    <figure className="map-legend" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {rows.map((r) => (
          <li key={r.colour} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
            <span
              aria-hidden="true"
              style={{ background: r.colour, opacity: 0.75, width: 18, height: 12, display: 'inline-block' }}
            />
            {r.from} – {r.to}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Map with layer, level and KDE choices; `query` is the dashboard's filter query string. */
export function MapPanel({
  query,
  hotspots,
  areas,
}: {
  query: string;
  hotspots: HexCollection | null;
  areas: { type: 'FeatureCollection'; features: unknown[] } | null;
}) {
  const { t: at, i18n } = useTranslation('analysis');
  const [layer, setLayer] = useState<MapLayer>('hotspots');
  const [level, setLevel] = useState<Level>('township');
  const [bandwidth, setBandwidth] = useState(800);
  const [density, setDensity] = useState<AnyCollection | null>(null);
  const [choropleth, setChoropleth] = useState<Choropleth | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (layer === 'hotspots') return;
    let live = true;
    setBusy(true);
    setError(null);
    const url =
      layer === 'density'
        ? `/api/analysis/density?${query}&resolution=8&bandwidthM=${bandwidth}`
        : `/api/analysis/choropleth?${query}&level=${level}`;
    api
      .get<AnyCollection>(url)
      .then(
        (r) => {
          if (!live) return;
          if (layer === 'density') setDensity(r);
          else setChoropleth(r as Choropleth);
        },
        (e) => live && setError(e),
      )
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [layer, level, bandwidth, query]);
  const densityMax = useMemo(
    () => (density?.features ?? []).reduce((m, f) => Math.max(m, Number(f.properties.density) || 0), 0),
    [density],
  );
  const densityScale = useMemo(() => geometricScale(densityMax), [densityMax]);
  const choroMax = choropleth?.meta.max ?? 0;
  const choroScale = useMemo(() => colourScale(choroMax), [choroMax]);
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  return (
    <section aria-labelledby="analysis-map-title">
      <h2 id="analysis-map-title">{at('map.title')}</h2>
      <fieldset
        className="filters"
        style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 1.25rem', alignItems: 'center' }}
      >
        <legend>{at('map.layer')}</legend>
        {(['hotspots', 'density', 'choropleth'] as const).map((l) => (
          <label key={l}>
            <input
              type="radio"
              name="map-layer"
              value={l}
              checked={layer === l}
              onChange={() => setLayer(l)}
            />
            {at(`map.layers.${l}`)}
          </label>
        ))}
        {layer === 'choropleth' && (
          <label>
            {at('map.level')}
            <select value={level} onChange={(e) => setLevel(e.target.value as Level)}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {at(`map.levels.${l}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        {layer === 'density' && (
          <label>
            {at('map.bandwidth')}
            <select value={bandwidth} onChange={(e) => setBandwidth(Number(e.target.value))}>
              {[200, 400, 800, 1600].map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>
      {busy && <Loading label={at('running')} />}
      {error !== null && <ProblemView error={error} />}
      <HexMap
        data={hotspots}
        areas={areas}
        label={at(`map.labels.${layer}`)}
        layer={layer}
        density={density}
        densityScale={densityScale}
        choropleth={choropleth}
        choroplethScale={choroScale}
      />
      {layer === 'density' && density && (
        <Legend
          title={at('map.densityLegend')}
          scale={densityScale}
          max={densityMax}
          fmt={(v) => number.format(v)}
          testId="kde-legend"
        />
      )}
      {layer === 'choropleth' && choropleth && (
        <>
          <Legend
            title={at('map.choroplethLegend', { level: at(`map.levels.${choropleth.meta.level}`) })}
            scale={choroScale}
            max={choroMax}
            fmt={(v) => number.format(Math.round(v))}
            testId="choropleth-legend"
          />
          <table className="data-table" data-testid="choropleth-table">
            <caption>{at('map.choroplethTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{at('map.jurisdiction')}</th>
                <th scope="col">{at('count')}</th>
              </tr>
            </thead>
            <tbody>
              {[...choropleth.features]
                .sort((a, b) => Number(b.properties.count) - Number(a.properties.count))
                .slice(0, 10)
                .map((f) => (
                  <tr key={String(f.properties.path)}>
                    <td>
                      {String(i18n.language.startsWith('zh') ? f.properties.nameZh : f.properties.nameEn)}
                    </td>
                    <td>{String(f.properties.count)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
