// echarts' typings are `export =`, which NodeNext cannot import as a namespace; its ESM build has
// named exports, so the import is typed by the small facade below.
// @ts-expect-error TS2497 (see above)
import * as echartsModule from 'echarts';
import { useEffect, useRef } from 'react';

/** Chart options (an echarts option object). */
export type ChartOption = Record<string, unknown>;

interface EChartsFacade {
  init(el: HTMLElement): {
    setOption(o: ChartOption, notMerge?: boolean): void;
    resize(): void;
    dispose(): void;
  };
}
const echarts = echartsModule as unknown as EChartsFacade;

/** The one echarts chart of the web app: follows its option; `label` describes it to screen readers. */
export function Chart({
  option,
  label,
  height = 280,
}: {
  option: ChartOption;
  label: string;
  height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<EChartsFacade['init']> | null>(null);
  useEffect(() => {
    if (!el.current) return;
    chart.current = echarts.init(el.current);
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={el} role="img" aria-label={label} style={{ height, width: '100%' }} />;
}
