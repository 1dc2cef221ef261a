import { clock, useDt } from './i18n.ts';
import type { Unit } from './types.ts';

/** Compact board of all units: call sign and status, stale positions marked. */
export function UnitBoard({ units }: { units: ReadonlyMap<string, Unit> }) {
  const { dt, loc } = useDt();
  const list = [...units.values()].sort((a, b) => a.callSign.localeCompare(b.callSign));
  const available = list.filter(
    (u) => u.onDuty && (u.status === 'available' || u.status === 'at_station'),
  ).length;
  return (
    <details className="d-unit-board" open>
      <summary>
        {dt('board.title')}{' '}
        <span className="d-count">{dt('board.available', { count: available, total: list.length })}</span>
      </summary>
      <ul data-testid="unit-board">
        {list.map((u) => (
          <li
            key={u.id}
            className={`d-status d-status-${u.status}`}
            title={`${loc(u.kindName)} · ${dt(`unitStatus.${u.status}`)} · ${u.onDuty ? dt('board.onDuty') : dt('board.offDuty')}${!u.onShift && u.shiftChangesAt ? ` · ${dt('board.shiftFrom', { time: clock(u.shiftChangesAt) })}` : ''}${u.positionStale ? ` · ${dt('board.stale')}` : ''}`}
            data-unit={u.callSign}
            data-status={u.status}
            data-on-duty={u.onDuty ? 'yes' : 'no'}
          >
            {u.callSign}
            {!u.onShift ? <span className="d-off-shift"> ({dt('assign.offShift')})</span> : null}
            {u.positionStale ? ' ⚠' : ''}
          </li>
        ))}
      </ul>
    </details>
  );
}
