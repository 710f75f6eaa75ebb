// Keyboard navigation of the model listbox: ArrowUp/ArrowDown move one row and stop at the ends
// (no wrap-around), Home/End jump to the first/last row, Enter/Space pick the active row.

export type ListKeyAction =
  /** Make `index` the active row (the key's default action is prevented). */
  | { kind: 'move'; index: number }
  /** Pick the row at `index` (the key's default action is prevented). */
  | { kind: 'pick'; index: number }
  /** Not ours: leave the key alone. */
  | { kind: 'none' };

export function listKeyAction(key: string, activeIndex: number, rowCount: number): ListKeyAction {
  if (rowCount <= 0) return { kind: 'none' };
  switch (key) {
    case 'Home':
      return { kind: 'move', index: 0 };
    case 'End':
      return { kind: 'move', index: rowCount - 1 };
    case 'ArrowDown':
    case 'ArrowUp':
      return { kind: 'move', index: Math.max(0, Math.min(rowCount - 1, activeIndex + (key === 'ArrowDown' ? 1 : -1))) };
    case 'Enter':
    case ' ':
      return { kind: 'pick', index: activeIndex };
    default:
      return { kind: 'none' };
  }
}
