import type { Highs, ModelData } from 'highs';

/** Small sparse MIP builder producing HiGHS `ModelData` (rows in CSR form). */
export class MipModel {
  private readonly cost: number[] = [];
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly integer: boolean[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  private readonly starts: number[] = [0];
  private readonly indices: number[] = [];
  private readonly values: number[] = [];

  /** Adds a variable and returns its column index. */
  addVar(cost: number, lower: number, upper: number, integer = false): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer);
    return this.cost.length - 1;
  }

  /** Adds lower <= sum(coef * var) <= upper; repeated variables are merged. */
  addRow(lower: number, upper: number, terms: readonly (readonly [number, number])[]): void {
    const merged = new Map<number, number>();
    for (const [col, coef] of terms) merged.set(col, (merged.get(col) ?? 0) + coef);
    for (const [col, coef] of merged) {
      if (coef === 0) continue;
      this.indices.push(col);
      this.values.push(coef);
    }
    this.starts.push(this.indices.length);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
  }

  get numCols(): number {
    return this.cost.length;
  }

  /** HiGHS model data (minimisation). */
  toModelData(highs: Highs): ModelData {
    const inf = highs.infinity;
    const fix = (v: number) => (v === Infinity ? inf : v === -Infinity ? -inf : v);
    const vt = highs.constants.variableType;
    return {
      numCols: this.cost.length,
      numRows: this.rowLower.length,
      sense: highs.constants.objectiveSense.minimize,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower, fix),
      colUpper: Float64Array.from(this.upper, fix),
      rowLower: Float64Array.from(this.rowLower, fix),
      rowUpper: Float64Array.from(this.rowUpper, fix),
      matrix: {
        format: 'csr',
        numRows: this.rowLower.length,
        numCols: this.cost.length,
        starts: Int32Array.from(this.starts),
        indices: Int32Array.from(this.indices),
        values: Float64Array.from(this.values),
      },
      integrality: Int32Array.from(this.integer, (b) => (b ? vt.integer : vt.continuous)),
    };
  }
}
