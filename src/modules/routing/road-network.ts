import type { Database } from '../../core/db/database.ts';
import { haversineMetres, type LatLon } from './domain/geo-math.ts';
import type { GraphPosition } from './domain/graph-position.ts';
import type { RoadName } from './domain/road-names.ts';
import { type Route, routeBetween } from './domain/route.ts';
import { createRouter, type Router } from './domain/router.ts';
import { snapToRoad } from './domain/snap-index.ts';
import { timesFromUnits, unitTimesToIncident } from './domain/travel-time.ts';
import { loadLatestRoadGraph, type StoredGraphInfo } from './road-graph.store.ts';

/** Travel from one source to the target: road seconds, or null when it had to fall back. */
export interface TravelFigure {
  /** Road seconds; Infinity when both are on the graph but no route exists within the limit. */
  seconds: number;
  /** True when the source or the target could not be snapped: the caller falls back to a straight line. */
  offGraph: boolean;
}

/** A route for display: road when both ends snap, else a flagged straight line. */
export interface RouteView {
  seconds: number;
  metres: number;
  coordinates: [number, number][];
  source: 'road' | 'straight_line';
}

const STRAIGHT_LINE_KMH = 30;

/**
 * The road graph this node routes on: loaded from the database on first use and again whenever
 * `routing.graph.changed` arrives (from an import on any node or the CLI). Queries are
 * synchronous on the in-memory router, so they never wait for the database.
 */
export class RoadNetwork {
  private router: Router | null = null;
  private current: StoredGraphInfo | null = null;
  private names: readonly RoadName[] = [];
  private loading: Promise<void> | null = null;
  private loaded = false;
  private again = false;

  constructor(private readonly database: Database) {}

  /** The version in use on this node (null: no graph yet). */
  get info(): StoredGraphInfo | null {
    return this.current;
  }

  /** Loads the graph once; later calls return at once. */
  async ready(): Promise<this> {
    if (!this.loaded) await this.reload();
    return this;
  }

  /** Loads the newest stored version unless it is already in use; a call during a load loads again after it. */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.again = false;
          await this.loadNewest();
        } while (this.again);
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  private async loadNewest(): Promise<void> {
    const stored = await loadLatestRoadGraph(this.database);
    if (stored === null) {
      this.router = null;
      this.current = null;
      this.names = [];
    } else if (stored.info.version !== this.current?.version) {
      this.router = createRouter(stored.graph);
      this.current = stored.info;
      this.names = stored.roadNames;
    }
    this.loaded = true;
  }

  /** Names of the roads of the graph in use (empty when the import kept none). */
  get roadNames(): readonly RoadName[] {
    return this.names;
  }

  /** The router, or null when no graph is loaded. */
  get routerOrNull(): Router | null {
    return this.router;
  }

  /** The graph position of a point, or null when off graph (or no graph). */
  snap(p: LatLon, maxMetres?: number): GraphPosition | null {
    if (!this.router) return null;
    return snapToRoad(this.router.snapIndex, p, maxMetres);
  }

  /** Road seconds from every source to the target with one backward search. */
  travelTo(target: LatLon, sources: readonly (LatLon | null)[], maxSeconds?: number): TravelFigure[] {
    const router = this.router;
    const at = this.snap(target);
    if (!router || !at) return sources.map(() => ({ seconds: Number.NaN, offGraph: true }));
    const positions = sources.map((s) => (s ? this.snap(s) : null));
    const limits = maxSeconds === undefined ? {} : { maxSeconds };
    const times = unitTimesToIncident(router, at, positions, limits);
    return positions.map((p, i) =>
      p === null ? { seconds: Number.NaN, offGraph: true } : { seconds: times.seconds[i]!, offGraph: false },
    );
  }

  /** Driving route between two points; straight line (flagged) when either end is off graph. */
  route(from: LatLon, to: LatLon): RouteView | null {
    const a = this.snap(from);
    const b = this.snap(to);
    if (this.router && a && b) {
      const r: Route | null = routeBetween(this.router, a, b);
      if (!r) return null;
      return { seconds: r.seconds, metres: r.metres, coordinates: r.coordinates, source: 'road' };
    }
    const metres = haversineMetres(from.lat, from.lon, to.lat, to.lon);
    return {
      seconds: metres / (STRAIGHT_LINE_KMH / 3.6),
      metres,
      coordinates: [
        [from.lon, from.lat],
        [to.lon, to.lat],
      ],
      source: 'straight_line',
    };
  }

  /**
   * Seconds from the nearest source to every graph node (Infinity beyond maxSeconds), with the
   * node coordinates: the coverage layer's input. Null when no graph is loaded.
   */
  nodeTimes(
    sources: readonly LatLon[],
    maxSeconds: number,
  ): { seconds: Float64Array; lat: Float64Array; lon: Float64Array } | null {
    const router = this.router;
    if (!router) return null;
    const positions = sources.map((s) => this.snap(s));
    const seconds = timesFromUnits(router, positions, { maxSeconds });
    return { seconds, lat: router.graph.lat, lon: router.graph.lon };
  }
}

const networks = new WeakMap<Database, RoadNetwork>();

/** The road network of the node using this database connection (one per node, shared by modules). */
export function roadNetworkOf(database: Database): RoadNetwork {
  let n = networks.get(database);
  if (!n) {
    n = new RoadNetwork(database);
    networks.set(database, n);
  }
  return n;
}
