import { AppError, type FieldError } from '../../common/errors/app-error.js';

export interface MunicipalityInput {
  /** Line in the source file, for error messages; rows without one are reported by position. */
  line?: number;
  code: string;
  name: string;
  province: string;
}

const HEADER = ['code', 'name', 'province'];
const CBS_CODE = /^GM[0-9]{4}$/;
// The twelve provinces; Friesland under both its names (CBS files use either).
const PROVINCES = new Set([
  'Drenthe',
  'Flevoland',
  'Friesland',
  'Fryslân',
  'Gelderland',
  'Groningen',
  'Limburg',
  'Noord-Brabant',
  'Noord-Holland',
  'Overijssel',
  'Utrecht',
  'Zeeland',
  'Zuid-Holland',
]);
const MAX_LISTED = 20;

/**
 * Reads a `code,name,province` file (RFC 4180: quoted fields, "" escapes, CRLF or LF, optional BOM) and
 * checks every row. A file with any bad line is refused as a whole, with every bad line listed.
 */
export function parseMunicipalitiesCsv(text: string): MunicipalityInput[] {
  const problems: FieldError[] = [];
  const records = readCsv(text.replace(/^\uFEFF/, ''), problems);
  const [header, ...body] = records;
  if (!header || header.fields.map((f) => f.trim().toLowerCase()).join(',') !== HEADER.join(',')) {
    problems.unshift({ field: 'line 1', messages: [`the header must be exactly ${HEADER.join(',')}`] });
    throw importInvalid(problems);
  }
  const rows: MunicipalityInput[] = [];
  for (const { line, fields } of body) {
    if (fields.length !== HEADER.length) {
      problems.push({
        field: `line ${line}`,
        messages: [`expected ${HEADER.length} fields (${HEADER.join(',')}), found ${fields.length}`],
      });
      continue;
    }
    const [code = '', name = '', province = ''] = fields.map((f) => f.trim());
    rows.push({ line, code, name, province });
  }
  problems.push(...municipalityProblems(rows));
  if (problems.length > 0 || rows.length === 0) {
    throw importInvalid(problems.length > 0 ? problems : [{ field: 'file', messages: ['it has no rows'] }]);
  }
  return rows;
}

/** Throws when any row is bad; for callers that did not read a file (the parser checks the same). */
export function assertValidMunicipalities(rows: readonly MunicipalityInput[]): void {
  const problems = municipalityProblems(rows);
  if (problems.length > 0) {
    throw importInvalid(problems);
  }
}

function municipalityProblems(rows: readonly MunicipalityInput[]): FieldError[] {
  const problems: FieldError[] = [];
  const firstLineOf = new Map<string, string>();
  rows.forEach((row, index) => {
    const where = row.line === undefined ? `row ${index + 1}` : `line ${row.line}`;
    const messages: string[] = [];
    if (!CBS_CODE.test(row.code)) {
      messages.push(`code "${row.code}" is not a CBS municipality code (GM and four digits)`);
    } else if (firstLineOf.has(row.code)) {
      messages.push(`code ${row.code} appears already on ${firstLineOf.get(row.code)}`);
    } else {
      firstLineOf.set(row.code, where);
    }
    if (row.name.length === 0 || row.name.length > 100) {
      messages.push('name must be 1-100 characters');
    }
    if (!PROVINCES.has(row.province)) {
      messages.push(`province "${row.province}" is not one of the twelve provinces`);
    }
    if (messages.length > 0) {
      problems.push({ field: where, messages });
    }
  });
  return problems;
}

function importInvalid(unsorted: FieldError[]): AppError {
  const lineOf = (problem: FieldError): number => Number(/\d+/.exec(problem.field)?.[0] ?? 0);
  const problems = [...unsorted].sort((a, b) => lineOf(a) - lineOf(b));
  const listed = problems.slice(0, MAX_LISTED).map((p) => `  ${p.field}: ${p.messages.join('; ')}`);
  if (problems.length > MAX_LISTED) {
    listed.push(`  … and ${problems.length - MAX_LISTED} more`);
  }
  return new AppError(
    'municipality.import_invalid',
    `Nothing was imported: fix these lines and try again.\n${listed.join('\n')}`,
    { errors: problems },
  );
}

/** Records with the line each starts on; blank lines are skipped; an unclosed quote is a problem. */
function readCsv(text: string, problems: FieldError[]): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = (): void => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') {
      records.push({ line: recordLine, fields });
    }
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        line += char === '\n' ? 1 : 0;
        field += char;
      }
    } else if (char === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') {
        i += 1;
      }
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) {
    problems.push({ field: `line ${recordLine}`, messages: ['a quoted field is not closed'] });
    return records;
  }
  endRecord();
  return records;
}
