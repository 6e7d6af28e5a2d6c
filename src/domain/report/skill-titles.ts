import type { SkillArea } from '../bank/item.js';

/** How each skill area is named in reports. */
export const SKILL_TITLES: Readonly<Record<SkillArea, string>> = {
  'references-basics': 'Cell references and basics',
  'logical-functions': 'Logical functions',
  'conditional-aggregation': 'Conditional aggregation (SUMIFS, COUNTIFS)',
  lookups: 'Lookups (XLOOKUP, INDEX/MATCH)',
  'text-cleaning': 'Text cleaning',
  'dates-times': 'Dates and times',
  'errors-auditing': 'Errors and auditing',
  'tables-structured-references': 'Tables and structured references',
  'pivot-tables': 'Pivot tables',
  'charts-visual-communication': 'Charts and visual communication',
  'validation-conditional-formatting': 'Validation and conditional formatting',
  'dynamic-arrays-lambda': 'Dynamic arrays and LAMBDA',
  'what-if-analysis': 'What-if analysis',
  'power-query-data-modelling': 'Power Query and data modelling',
  'vba-automation': 'VBA and automation',
  'financial-functions': 'Financial functions',
};

export function skillTitle(area: string): string {
  return (SKILL_TITLES as Record<string, string>)[area] ?? area;
}
