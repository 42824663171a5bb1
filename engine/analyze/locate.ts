import type { Diagnostic } from '../errors/diagnostic.js';
import type { LocateOptions } from '../load/source-document.js';

/** Where a document path (JSON-pointer form, as kept in resolved steps) is in its file. */
export type Locate = (path: string, options?: LocateOptions) => Partial<Diagnostic>;
