import type { Diagnostic } from '../errors/diagnostic.js';
import type { MirrorplanSiteFile } from '../load/plan-types.generated.js';
import { readSourceFile } from '../load/read-source-file.js';
import type { SourceDocument } from '../load/source-document.js';
import { validateSiteDocument } from '../validate/validate-document.js';

export interface LoadedSite { file: string; site: MirrorplanSiteFile; document: SourceDocument }

/** Reads and validates a site file (same bounds and error form as plans). */
export function loadSite(file: string): { site: LoadedSite | null; diagnostics: Diagnostic[] } {
  const { document, diagnostics } = readSourceFile(file);
  if (!document) return { site: null, diagnostics };
  const checked = validateSiteDocument(document);
  return checked.site ? { site: { file, site: checked.site, document }, diagnostics: [] } : { site: null, diagnostics: checked.diagnostics };
}
