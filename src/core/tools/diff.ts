/**
 * A unified diff of a config edit, for the preview before it is written (`--- a` / `+++ b`, hunks
 * with three lines of context). Configs are small; past a size where the line-by-line comparison
 * would be slow, the whole old text is shown removed and the new one added.
 */
const CONTEXT = 3;
const MAX_CELLS = 4_000_000;

export type Op = { kind: ' ' | '-' | '+'; text: string };

export function lines(text: string): string[] {
  if (text === '') return [];
  const out = text.split(/\r?\n/);
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/** Longest common subsequence table, walked back into keep / remove / add operations. */
export function operations(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((text) => ({ kind: '-' as const, text })), ...b.map((text) => ({ kind: '+' as const, text }))];
  }
  const w = b.length + 1;
  const table = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * w + j] = a[i] === b[j] ? table[(i + 1) * w + j + 1] + 1 : Math.max(table[(i + 1) * w + j], table[i * w + j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i++] });
      j++;
    } else if (j < b.length && (i === a.length || table[i * w + j + 1] > table[(i + 1) * w + j])) {
      ops.push({ kind: '+', text: b[j++] });
    } else {
      ops.push({ kind: '-', text: a[i++] });
    }
  }
  return ops;
}

/** The hunks' ranges: each change with CONTEXT lines around it, overlapping ones merged. */
function hunkRanges(ops: readonly Op[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  ops.forEach((op, k) => {
    if (op.kind === ' ') return;
    const from = Math.max(0, k - CONTEXT);
    const to = Math.min(ops.length, k + CONTEXT + 1);
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  });
  return ranges;
}

/** `before` undefined: the file is new. Empty when nothing changes. */
export function unifiedDiff(file: string, before: string | undefined, after: string): string {
  const ops = operations(lines(before ?? ''), lines(after));
  const ranges = hunkRanges(ops);
  if (ranges.length === 0) return '';
  const out = [`--- ${before === undefined ? '/dev/null' : file}`, `+++ ${file}`];
  for (const [from, to] of ranges) {
    let oldStart = 1;
    let newStart = 1;
    for (let k = 0; k < from; k++) {
      if (ops[k].kind !== '+') oldStart++;
      if (ops[k].kind !== '-') newStart++;
    }
    const slice = ops.slice(from, to);
    const oldCount = slice.filter((o) => o.kind !== '+').length;
    const newCount = slice.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@`);
    for (const op of slice) out.push(`${op.kind}${op.text}`);
  }
  return `${out.join('\n')}\n`;
}
