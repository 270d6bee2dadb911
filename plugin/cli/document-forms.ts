// `validate --format json`: which document form each file was read as (a list of rules, the `{rules}`
// mapping, P0's WorkflowConfig `{id, createdDate, rules}` or P0's policy document `{workflow: {rules}}`).
// The output stays one JSON array: after the problems, one row per file read in one of P0's document forms
// (severity `info`, code `routing.document-form`, with `form`), so a consumer that reads `error` and
// `warning` rows sees nothing new, and a valid file in this package's own forms still prints `[]`. No row
// means the file was a list of rules or a `{rules}` mapping.
import type { DocumentForm } from '../index.js';

const SAID: Record<DocumentForm, string> = {
  list: 'a list of rules',
  rules: 'a mapping with `rules`',
  'workflow-config': "P0's routing API WorkflowConfig `{id, createdDate, rules}`",
  workflow: "P0's policy document `{workflow: {rules, version}}`",
};

export function withDocumentForms(json: string, documents: readonly { file: string; form: DocumentForm }[]): string {
  const rows = JSON.parse(json) as unknown[];
  for (const d of documents) {
    if (d.form === 'list' || d.form === 'rules') continue;
    rows.push({
      file: d.file,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      severity: 'info',
      code: 'routing.document-form',
      message: `read as ${SAID[d.form]}`,
      path: '',
      form: d.form,
    });
  }
  return JSON.stringify(rows, null, 2) + '\n';
}
