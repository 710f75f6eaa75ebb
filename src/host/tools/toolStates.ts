/**
 * The rows of Set Up Other Tools…: each tool with its state. Tools on this machine come first;
 * the others are greyed by their description (how to get them) but can still be picked, so the
 * config is ready when the tool is installed. Text from a config (a URL, a model, a parser's
 * message) is inert on a label.
 */
import { t } from '../../core/l10n';
import type { ToolName, ToolRead } from '../../core/tools/types';
import { shown, tShown } from '../shared/shown';
import { INSTALL_HINTS, TOOL_TITLES } from './toolNames';

export interface ToolRow {
  label: string;
  description: string;
  detail: string;
  tool: ToolName;
  read: ToolRead;
}

/** The state in words, as the quick pick's detail shows it. */
export function stateText(read: ToolRead): string {
  switch (read.state) {
    case 'rutaapi':
      return read.model
        ? tShown('label', 'Set up for this RutaAPI key and URL, model {0}', read.model)
        : t('Set up for this RutaAPI key and URL');
    case 'other':
      return read.baseUrl ? tShown('label', 'Set up for another gateway: {0}', read.baseUrl) : t('Set up for another gateway');
    case 'none':
      return t('Not set up');
    case 'unreadable': {
      const p = read.problem;
      if (!p) return t('Config unreadable');
      return p.line !== undefined
        ? tShown('label', 'Config unreadable: {0}, line {1}: {2}', p.file, p.line, p.detail)
        : tShown('label', 'Config unreadable: {0}: {1}', p.file, p.detail);
    }
  }
}

function stateIcon(read: ToolRead): string {
  switch (read.state) {
    case 'rutaapi':
      return '$(pass-filled)';
    case 'other':
      return '$(arrow-swap)';
    case 'none':
      return '$(circle-large-outline)';
    case 'unreadable':
      return '$(error)';
  }
}

export function toolRow(read: ToolRead, present: boolean): ToolRow {
  const install = INSTALL_HINTS[read.tool];
  const description = present
    ? shown(read.file, 'label')
    : read.tool === 'continue'
      ? tShown('label', 'Not found: install the extension {0}', install)
      : tShown('label', 'Not found: install with {0}', install);
  return {
    label: `${present ? stateIcon(read) : '$(circle-slash)'} ${TOOL_TITLES[read.tool]}`,
    description,
    detail: stateText(read),
    tool: read.tool,
    read,
  };
}

/** Tools on this machine first, each group in the contract's order. */
export function toolRows(reads: readonly ToolRead[], present: (read: ToolRead) => boolean): ToolRow[] {
  const rows = reads.map((r) => ({ row: toolRow(r, present(r)), present: present(r) }));
  return [...rows.filter((r) => r.present), ...rows.filter((r) => !r.present)].map((r) => r.row);
}
