import Type from 'typebox';
import { EXPORT_DATASETS } from '../../services/export/export-columns.js';
import { EXPORT_FORMATS } from '../../services/export/export-service.js';

export const ExportParams = Type.Object({ dataset: Type.Union(EXPORT_DATASETS.map((d) => Type.Literal(d))) });
export const ExportQuery = Type.Object({
  format: Type.Optional(Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f)), { default: 'csv' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Interviews created at or after (ISO 8601)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Interviews created before (ISO 8601)' })),
});
