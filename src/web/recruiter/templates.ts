/** Starting points for interview profiles: area weights, item kinds, length, precision and pass mark. */
export interface ProfileTemplate {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly level: number;
  readonly areaWeights: Readonly<Record<string, number>>;
  readonly kinds: readonly ('choice' | 'formula' | 'workbook' | 'concept')[];
  readonly minItems: number;
  readonly maxItems: number;
  readonly targetSe: number;
  readonly maxTimeMinutes: number;
  readonly passScore: number;
}

export const SKILL_AREAS = [
  'references-basics', 'logical-functions', 'conditional-aggregation', 'lookups', 'text-cleaning', 'dates-times', 'errors-auditing', 'tables-structured-references',
  'pivot-tables', 'charts-visual-communication', 'validation-conditional-formatting', 'dynamic-arrays-lambda', 'what-if-analysis', 'power-query-data-modelling', 'vba-automation', 'financial-functions',
] as const;

export const PROFILE_TEMPLATES: readonly ProfileTemplate[] = [
  {
    id: 'financial-analyst-intermediate', name: 'Financial analyst, intermediate', role: 'Financial analyst', level: 3,
    areaWeights: { lookups: 3, 'conditional-aggregation': 3, 'financial-functions': 3, 'what-if-analysis': 2, 'pivot-tables': 2, 'errors-auditing': 1 },
    kinds: ['choice', 'formula', 'workbook', 'concept'], minItems: 8, maxItems: 16, targetSe: 0.35, maxTimeMinutes: 45, passScore: 55,
  },
  {
    id: 'data-analyst-advanced', name: 'Data analyst, advanced', role: 'Data analyst', level: 4,
    areaWeights: { 'dynamic-arrays-lambda': 3, lookups: 2, 'power-query-data-modelling': 3, 'pivot-tables': 2, 'text-cleaning': 2, 'conditional-aggregation': 2 },
    kinds: ['formula', 'workbook', 'concept'], minItems: 10, maxItems: 20, targetSe: 0.3, maxTimeMinutes: 60, passScore: 65,
  },
  {
    id: 'operations-coordinator-basic', name: 'Operations coordinator, basic', role: 'Operations coordinator', level: 2,
    areaWeights: { 'references-basics': 3, 'logical-functions': 2, 'dates-times': 2, 'validation-conditional-formatting': 2, lookups: 1 },
    kinds: ['choice', 'formula', 'concept'], minItems: 6, maxItems: 12, targetSe: 0.4, maxTimeMinutes: 30, passScore: 45,
  },
  {
    id: 'sales-ops-intermediate', name: 'Sales operations, intermediate', role: 'Sales operations analyst', level: 3,
    areaWeights: { 'conditional-aggregation': 3, 'pivot-tables': 3, 'charts-visual-communication': 2, lookups: 2, 'tables-structured-references': 1 },
    kinds: ['choice', 'formula', 'workbook', 'concept'], minItems: 8, maxItems: 14, targetSe: 0.35, maxTimeMinutes: 40, passScore: 55,
  },
];
