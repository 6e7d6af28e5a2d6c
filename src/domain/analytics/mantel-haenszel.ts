/**
 * Differential item functioning by the Mantel-Haenszel procedure: candidates matched on total
 * score (strata), the common odds ratio of answering correctly for the reference group against the
 * focal group, its ETS delta scale (MH D-DIF = −2.35 ln α), the MH chi-square with continuity
 * correction, and the ETS A/B/C class:
 * - A (negligible): |D| < 1, or the chi-square is not significant at 5%;
 * - C (large): |D| ≥ 1.5 and |D| significantly above 1 (one-sided 5%, SE by Robins-Breslow-Greenland);
 * - B (moderate): otherwise.
 */

export interface DifObservation {
  readonly group: 'reference' | 'focal';
  /** The matching variable, usually the total (or rest) score. */
  readonly stratum: number;
  readonly correct: boolean;
}

export type EtsDifClass = 'A' | 'B' | 'C';

export interface MantelHaenszelResult {
  /** Common odds ratio (reference vs focal); > 1 favours the reference group. */
  readonly alpha: number;
  readonly deltaMh: number;
  readonly seDelta: number;
  readonly chiSquare: number;
  readonly significant: boolean;
  readonly etsClass: EtsDifClass;
  /** Which group the item favours, when it is not class A. */
  readonly favours?: 'reference' | 'focal';
  readonly strataUsed: number;
  readonly reference: number;
  readonly focal: number;
}

const CHI2_05 = 3.841458820694124;
const Z_95 = 1.6448536269514722;

export function mantelHaenszel(observations: readonly DifObservation[]): MantelHaenszelResult | undefined {
  const strata = new Map<number, { a: number; b: number; c: number; d: number }>();
  for (const o of observations) {
    const cell = strata.get(o.stratum) ?? { a: 0, b: 0, c: 0, d: 0 };
    if (o.group === 'reference') {
      if (o.correct) cell.a++;
      else cell.b++;
    } else if (o.correct) cell.c++;
    else cell.d++;
    strata.set(o.stratum, cell);
  }
  let r = 0;
  let s = 0;
  let sumA = 0;
  let sumEa = 0;
  let sumVar = 0;
  let pr = 0;
  let psQr = 0;
  let qs = 0;
  let used = 0;
  let reference = 0;
  let focal = 0;
  for (const { a, b, c, d } of strata.values()) {
    const t = a + b + c + d;
    const nRef = a + b;
    const nFoc = c + d;
    if (nRef === 0 || nFoc === 0 || t < 2) continue;
    used++;
    reference += nRef;
    focal += nFoc;
    const rk = (a * d) / t;
    const sk = (b * c) / t;
    const pk = (a + d) / t;
    const qk = (b + c) / t;
    r += rk;
    s += sk;
    pr += pk * rk;
    psQr += pk * sk + qk * rk;
    qs += qk * sk;
    const m1 = a + c;
    const m0 = b + d;
    sumA += a;
    sumEa += (nRef * m1) / t;
    sumVar += (nRef * nFoc * m1 * m0) / (t * t * (t - 1));
  }
  if (used === 0 || r === 0 || s === 0) return undefined;
  const alpha = r / s;
  const deltaMh = -2.35 * Math.log(alpha);
  const varLog = pr / (2 * r * r) + psQr / (2 * r * s) + qs / (2 * s * s);
  const seDelta = 2.35 * Math.sqrt(varLog);
  const chiSquare = sumVar > 0 ? Math.max(0, Math.abs(sumA - sumEa) - 0.5) ** 2 / sumVar : 0;
  const significant = chiSquare > CHI2_05;
  const abs = Math.abs(deltaMh);
  const etsClass: EtsDifClass = abs < 1 || !significant ? 'A' : abs >= 1.5 && (abs - 1) / seDelta > Z_95 ? 'C' : 'B';
  return {
    alpha,
    deltaMh,
    seDelta,
    chiSquare,
    significant,
    etsClass,
    ...(etsClass === 'A' ? {} : { favours: deltaMh < 0 ? ('reference' as const) : ('focal' as const) }),
    strataUsed: used,
    reference,
    focal,
  };
}
