// Public surface of the routing module: road graph, OSM import, snapping and travel-time search.
export {
  type ComponentReport,
  type Components,
  keepLargestComponent,
  stronglyConnectedComponents,
} from './domain/components.ts';
export { type BBox, haversineMetres, type LatLon } from './domain/geo-math.ts';
export { deserializeGraph, GRAPH_FORMAT_VERSION, serializeGraph } from './domain/graph-codec.ts';
export {
  type GraphPosition,
  positionCoordinates,
  positionOnEdge,
  type SegmentHop,
  sameSegmentHop,
  twinOf,
} from './domain/graph-position.ts';
export { type ImportedGraph, type ImportReport, importRoadNetwork } from './domain/osm-import.ts';
export {
  hasHighwayTag,
  type OsmExtract,
  type OsmNode,
  OsmNodeTable,
  type OsmWay,
  osmExtractFrom,
} from './domain/osm-model.ts';
export { readOsmPbf } from './domain/osm-pbf.ts';
export {
  CAR_PROFILE,
  type Direction,
  isAccessible,
  parseMaxspeed,
  parseOneway,
  type RoadProfile,
  type WayTravel,
  wayTravel,
} from './domain/osm-profile.ts';
export { readOsmXml } from './domain/osm-xml.ts';
export {
  buildRoadGraph,
  EdgeList,
  graphByteSize,
  type RoadGraph,
  type RoadNetworkInput,
} from './domain/road-graph.ts';
export {
  collectRoadNames,
  parseRoadNames,
  type RoadName,
  roadNamesOfLines,
  wayNames,
} from './domain/road-names.ts';
export { type Route, routeBetween, travelSeconds } from './domain/route.ts';
export { createRouter, type Router, routerByteSize, type SearchLimits } from './domain/router.ts';
export {
  buildSnapIndex,
  DEFAULT_MAX_SNAP_METRES,
  type SnapIndex,
  type SnappedPoint,
  snapIndexByteSize,
  snapToRoad,
} from './domain/snap-index.ts';
export {
  generateNamedSyntheticNetwork,
  generateSyntheticNetwork,
  type SyntheticNetworkParams,
} from './domain/synthetic-network.ts';
export {
  secondsAtPosition,
  timesFromUnits,
  type UnitTravelTimes,
  unitTimesToIncident,
} from './domain/travel-time.ts';
// Wiring into the core (database-stored graph, per-node network, HTTP, CLI import).
export { DEMO_COUNTY_BBOX, importRoadsFromFile, storeDemoNetwork } from './import-roads.ts';
export { latestGraphInfo, type StoredGraphInfo, saveRoadGraph } from './road-graph.store.ts';
export { RoadNetwork, type RouteView, roadNetworkOf, type TravelFigure } from './road-network.ts';
export { routingModule } from './routing.module.ts';
export { ROUTING_READ } from './routing-events.ts';
