// A port through which one module lets others find which of its areas holds a point at a time
// (patrol publishes its beats in force here; dispatch and analysis read them) without the readers
// importing the provider, which would make the module graph cyclic.

/** An area of a layer: its id and human code (e.g. a patrol beat "1234"). */
export interface AreaHit {
  id: string;
  code: string;
}

/** Answers synchronously from memory: callers use it on hot paths such as call intake. */
export interface AreaLocator {
  locate(lon: number, lat: number, at: Date): AreaHit | null;
}

/** The layers other modules can ask for, named by their provider. */
export type AreaLayerName = 'patrol.beats';

/** Registry of area locators; a layer nobody provides answers null. */
export class AreaLayers {
  readonly #layers = new Map<AreaLayerName, AreaLocator>();

  provide(name: AreaLayerName, locator: AreaLocator): void {
    this.#layers.set(name, locator);
  }

  locate(name: AreaLayerName, lon: number, lat: number, at: Date): AreaHit | null {
    return this.#layers.get(name)?.locate(lon, lat, at) ?? null;
  }
}
