import type { Item } from './item.js';
import { sha256Hex } from './sha256.js';
import { stableJson } from './stable-json.js';

/**
 * The content version of a normalised item: the first 16 hex digits (64 bits) of the SHA-256 of
 * its stable JSON, leaving out `status`. Any change to what a candidate sees or how it is graded
 * (prompt, options, rubric, sheets, IRT start values…) makes a new version; approving or retiring
 * an item does not, so responses gathered on one version stay attached to it.
 */
export function itemVersionHash(item: Item): string {
  const { status: _status, ...content } = item;
  return sha256Hex(stableJson(content)).slice(0, 16);
}
