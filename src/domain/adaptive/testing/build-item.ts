/**
 * Builds bank items with placeholder content for tests and simulations of the adaptive engine,
 * which reads only ids, kinds, areas, statuses, variant groups, exposure caps and IRT parameters.
 */
import type { IrtParams, Item, ItemKind, ItemStatus, SkillArea } from '../../bank/item.js';

export interface BuildItemOptions {
  readonly id: string;
  readonly irt: IrtParams;
  readonly area?: SkillArea;
  readonly kind?: ItemKind;
  readonly status?: ItemStatus;
  readonly variantGroup?: string;
  readonly exposureCap?: number;
}

export function buildItem(options: BuildItemOptions): Item {
  const kind = options.kind ?? (options.irt.model === 'grm' ? 'concept' : 'choice');
  const base = {
    id: options.id,
    area: options.area ?? 'lookups',
    tags: [],
    level: 3 as const,
    prompt: options.id,
    timeLimitSec: 60,
    irt: options.irt,
    exposureCap: options.exposureCap ?? 0.25,
    status: options.status ?? 'approved',
    author: 'test',
    explanation: 'placeholder',
    ...(options.variantGroup === undefined ? {} : { variantGroup: options.variantGroup }),
  };
  switch (kind) {
    case 'choice':
      return { ...base, kind, multiple: false, options: [] };
    case 'formula':
      return { ...base, kind, sheets: [], answerCell: 'Sheet1!A1', reference: '=1', wrongAnswers: [] };
    case 'workbook':
      return { ...base, kind, sheets: [], instructions: [], checks: [], solution: { cells: {} } };
    case 'concept':
      return { ...base, kind, modelAnswer: '', keyPoints: [], misconceptions: [], gradingGuide: ['', '', '', '', ''] };
  }
}
