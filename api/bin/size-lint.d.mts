export const MAX_FILE_LINES: number;
export const MAX_FUNCTION_LINES: number;
export interface SizeOffender {
  path: string;
  line: number;
  lines: number;
  what: string;
}
export function fileOffenders(path: string, text: string): SizeOffender[];
export function sizeOffenders(root: string): SizeOffender[];
export function formatOffender(o: SizeOffender): string;
