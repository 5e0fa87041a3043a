// What the kernel and its worker say to each other.

// To the worker: run a cell.
export interface IRun {
  id: number;
  code: string;
}

// From the worker: what a cell printed or showed, as it comes, then its end.
export type Reply =
  | { kind: 'ready' }
  | { kind: 'failed'; error: string } // the worker could not start
  | { id: number; kind: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { id: number; kind: 'display'; data: { [mime: string]: string } }
  | { id: number; kind: 'done'; error?: { ename: string; evalue: string; traceback: string[] } };
