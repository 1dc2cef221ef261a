// Side-by-side quality reports of several designs: a figures table and echarts charts.
import { useMemo } from 'react';
import { Chart } from '../ui/chart.tsx';
import { usePt } from './i18n.ts';
import type { Design } from './patrol-api.ts';

const fmt = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? '–' : v.toFixed(digits);
const pct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '–' : `${(v * 100).toFixed(digits)} %`;
const minutes = (s: number | null | undefined) => (s === null || s === undefined ? '–' : (s / 60).toFixed(1));

/** Share of replayed incidents answered within each bin's upper edge (cumulative, %). */
export function cumulativeShares(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  let run = 0;
  return counts.map((c) => {
    run += c;
    return total > 0 ? Math.round((1000 * run) / total) / 10 : 0;
  });
}

/** Figures and charts of the designs, one column or series each. */
export function DesignReport({ designs }: { designs: Design[] }) {
  const { pt } = usePt();
  const done = designs.filter((d) => d.quality);
  const rows: [string, (d: Design) => string][] = [
    [pt('designer.beats'), (d) => String(d.quality!.beats.length)],
    [pt('designer.cv'), (d) => fmt(d.quality!.workload.cv)],
    [pt('designer.maxMean'), (d) => fmt(d.quality!.workload.maxOverMean)],
    [pt('designer.ppMedian'), (d) => fmt(d.quality!.polsbyPopper.median)],
    [pt('designer.ppP10'), (d) => fmt(d.quality!.polsbyPopper.p10)],
    [pt('designer.contiguous'), (d) => (d.quality!.contiguity.all ? pt('designer.yes') : pt('designer.no'))],
    [pt('designer.nested'), (d) => (d.quality!.nesting.all ? pt('designer.yes') : pt('designer.no'))],
    [pt('designer.travelMean'), (d) => fmt(d.quality!.travel?.mean, 0)],
    [pt('designer.travelP90'), (d) => fmt(d.quality!.travel?.p90, 0)],
    [pt('designer.replayCount'), (d) => String(d.quality!.replay?.count ?? '–')],
    [pt('designer.replayMean'), (d) => minutes(d.quality!.replay?.mean)],
    [pt('designer.replayP50'), (d) => minutes(d.quality!.replay?.p50)],
    [pt('designer.replayP90'), (d) => minutes(d.quality!.replay?.p90)],
    [pt('designer.replayOwn'), (d) => pct(d.quality!.replay?.ownBeatShare)],
    [pt('designer.replayQueued'), (d) => pct(d.quality!.replay?.queuedShare)],
    [
      pt('designer.exactStatus'),
      (d) =>
        d.quality!.exact
          ? pt(`designer.exact_${d.quality!.exact.status}`, {
              atoms: d.quality!.exact.atoms,
              s: d.quality!.exact.seconds.toFixed(1),
            })
          : pt('designer.exactNone'),
    ],
    [pt('designer.mipGap'), (d) => pct(d.quality!.exact?.mipGap, 2)],
    [pt('designer.designGap'), (d) => pct(d.quality!.exact?.designGap, 2)],
  ];
  const charts = useMemo(() => {
    const n = Math.max(0, ...done.map((d) => d.quality!.beats.length));
    const xs = Array.from({ length: n }, (_, i) => String(i + 1));
    const series = (pick: (b: Design['quality'] & object, i: number) => number | null) =>
      done.map((d) => ({
        name: d.name,
        type: 'bar',
        data: d.quality!.beats.map((_, i) => pick(d.quality!, i)),
      }));
    const base = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 12, top: 28, bottom: 24 },
    };
    const replayed = done.filter((d) => d.quality!.replay);
    const bins = Math.max(0, ...replayed.map((d) => d.quality!.replay!.histogram.counts.length));
    const binMin = (replayed[0]?.quality?.replay?.histogram.binSeconds ?? 60) / 60;
    const replayXs = Array.from({ length: bins }, (_, i) =>
      i === bins - 1 ? `>${i * binMin}` : String((i + 1) * binMin),
    );
    return {
      replay: {
        ...base,
        xAxis: { type: 'category', data: replayXs, name: pt('designer.minutes') },
        yAxis: { type: 'value', max: 100, name: '%' },
        series: replayed.map((d) => ({
          name: d.name,
          type: 'line',
          step: 'end',
          showSymbol: false,
          data: cumulativeShares(d.quality!.replay!.histogram.counts),
        })),
      },
      replayHist: {
        ...base,
        xAxis: { type: 'category', data: replayXs, name: pt('designer.minutes') },
        yAxis: { type: 'value' },
        series: replayed.map((d) => ({
          name: d.name,
          type: 'bar',
          data: d.quality!.replay!.histogram.counts,
        })),
      },
      replayed: replayed.length,
      workload: {
        ...base,
        xAxis: { type: 'category', data: xs },
        yAxis: { type: 'value' },
        series: series((q, i) => Math.round(q.beats[i]!.workload)),
      },
      pp: {
        ...base,
        xAxis: { type: 'category', data: xs },
        yAxis: { type: 'value', max: 1 },
        series: series((q, i) => Number(q.beats[i]!.polsbyPopper.toFixed(3))),
      },
      travel: {
        ...base,
        xAxis: { type: 'category', data: done.map((d) => d.name) },
        yAxis: { type: 'value' },
        series: [
          {
            name: pt('designer.travelMean'),
            type: 'bar',
            data: done.map((d) => Math.round(d.quality!.travel?.mean ?? 0)),
          },
          {
            name: pt('designer.travelP90'),
            type: 'bar',
            data: done.map((d) => Math.round(d.quality!.travel?.p90 ?? 0)),
          },
        ],
      },
    };
  }, [done, pt]);
  if (done.length === 0) return <p>{pt('designer.chooseCompare')}</p>;
  return (
    <section aria-labelledby="patrol-report" className="patrol-report">
      <h2 id="patrol-report">{pt('designer.report')}</h2>
      <table className="patrol-table" data-testid="patrol-compare">
        <thead>
          <tr>
            <th scope="col">{pt('designer.metric')}</th>
            {done.map((d) => (
              <th scope="col" key={d.id}>
                {d.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {done.map((d) => (
                <td key={d.id}>{value(d)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{pt('designer.workloadPerBeat')}</h3>
      <Chart option={charts.workload} label={pt('designer.workloadPerBeat')} height={240} />
      <h3>{pt('designer.compactness')}</h3>
      <Chart option={charts.pp} label={pt('designer.compactness')} height={240} />
      <h3>{pt('designer.travel')}</h3>
      <Chart option={charts.travel} label={pt('designer.travel')} height={240} />
      <h3>{pt('designer.replay')}</h3>
      {charts.replayed > 0 ? (
        <>
          <p>{pt('designer.replayHint')}</p>
          <Chart option={charts.replay} label={pt('designer.replayCdf')} height={260} />
          <Chart option={charts.replayHist} label={pt('designer.replayHist')} height={240} />
        </>
      ) : (
        <p>{pt('designer.noReplay')}</p>
      )}
    </section>
  );
}
