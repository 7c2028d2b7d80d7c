// Types for scripts/initial-js.mjs, for TypeScript callers (pnpm bench).
export interface InitialJsFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}
export interface InitialJs {
  files: InitialJsFile[];
  totalGzipBytes: number;
  totalBytes: number;
}
export declare const DEFAULT_DIST: string;
export declare function eagerScripts(html: string): string[];
export declare function staticImports(code: string): string[];
export declare function measureInitialJs(dist?: string): InitialJs;
export interface LazyChunk {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  budgetKb: number;
}
export declare const CHUNK_BUDGETS_KB: Record<string, number>;
export declare const DEFAULT_CHUNK_BUDGET_KB: number;
export declare function measureLazyChunks(dist?: string): LazyChunk[];
