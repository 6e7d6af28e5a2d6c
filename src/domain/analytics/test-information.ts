/** The test information curve: Σ item information at each ability, and the SE it implies (1/√I). */
import type { IrtParams } from '../bank/item.js';
import { itemInformation } from '../adaptive/index.js';

export interface InformationPoint {
  readonly theta: number;
  readonly information: number;
  readonly se: number | null;
}

/** Evaluates the curve at θ = from, from + step, …, to (default −4 … 4 by 0.25). */
export function testInformationCurve(items: readonly IrtParams[], from = -4, to = 4, step = 0.25): InformationPoint[] {
  const points: InformationPoint[] = [];
  for (let i = 0; from + i * step <= to + 1e-9; i++) {
    const theta = Math.round((from + i * step) * 1e6) / 1e6;
    let information = 0;
    for (const params of items) information += itemInformation(params, theta);
    points.push({ theta, information, se: information > 0 ? 1 / Math.sqrt(information) : null });
  }
  return points;
}
