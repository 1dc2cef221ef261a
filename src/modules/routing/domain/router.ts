import { graphByteSize, type RoadGraph } from './road-graph.ts';
import { type Adjacency, SearchWorkspace } from './search-workspace.ts';
import { buildSnapIndex, type SnapIndex, snapIndexByteSize } from './snap-index.ts';

/**
 * Everything needed to answer routing queries on one graph: the graph, its snap index and one
 * reusable search workspace. Build once per process (or per worker thread) and keep it; every
 * query function is synchronous, so sharing one router inside a process is safe.
 */
export interface Router {
  readonly graph: RoadGraph;
  readonly snapIndex: SnapIndex;
  readonly workspace: SearchWorkspace;
  readonly forward: Adjacency;
  readonly backward: Adjacency;
}

/** Builds the snap index and search buffers for a graph. */
export function createRouter(graph: RoadGraph): Router {
  return {
    graph,
    snapIndex: buildSnapIndex(graph),
    workspace: new SearchWorkspace(graph.nodeCount),
    forward: { offsets: graph.firstOut, heads: graph.edgeTarget, weights: graph.edgeSeconds },
    backward: { offsets: graph.firstIn, heads: graph.inSource, weights: graph.inSeconds },
  };
}

/** Memory held by a router, in bytes of typed arrays, by part. */
export function routerByteSize(router: Router): { graph: number; snapIndex: number; workspace: number } {
  return {
    graph: graphByteSize(router.graph),
    snapIndex: snapIndexByteSize(router.snapIndex),
    workspace: router.workspace.byteSize(),
  };
}

/** Search limits shared by the query functions. */
export interface SearchLimits {
  /** Ignore anything farther than this many seconds (default: no limit). */
  readonly maxSeconds?: number;
  /** Stop once this many targets are settled; they are then exactly the nearest (default: all). */
  readonly stopAfter?: number;
}

/** Validated limits with defaults filled in. */
export function resolveLimits(limits: SearchLimits): { maxSeconds: number; stopAfter: number } {
  const maxSeconds = limits.maxSeconds ?? Number.POSITIVE_INFINITY;
  const stopAfter = limits.stopAfter ?? Number.POSITIVE_INFINITY;
  if (!(maxSeconds >= 0)) throw new RangeError('maxSeconds must be >= 0');
  if (!(stopAfter >= 1) || (stopAfter !== Number.POSITIVE_INFINITY && !Number.isInteger(stopAfter))) {
    throw new RangeError('stopAfter must be a positive integer');
  }
  return { maxSeconds, stopAfter };
}
