// The Model field: the filter input, the listbox of ids (rendered by modelRows, navigated by
// listKeyAction) and the count line. It owns the model ids and the selection.
import { icon } from './dom';
import { listKeyAction } from './listKeyboard';
import { modelCountText, modelRows } from './modelFilter';
import { renderOtherModels, type OtherModel, type OtherModelElements } from './otherModels';
import type { Fmt } from './strings';

export interface ModelListElements {
  filter: HTMLInputElement;
  list: HTMLElement;
  count: HTMLElement;
  /** The key's models that cannot chat, listed apart (not choices). */
  others: OtherModelElements;
}

export interface ModelListEvents {
  /** A model was picked (click, Enter/Space, or a diagnosis fix); the list already shows it. */
  picked(id: string): void;
  /** The filter text changed (the list already shows the new matches). */
  filterChanged(): void;
}

export interface ModelList {
  readonly models: readonly string[];
  readonly selected: string;
  /** New ids from the host (`others`: those that cannot chat); the active row goes back to the first. */
  setModels(models: string[], selected: string, others?: readonly OtherModel[]): void;
  /** Changes the selection; renders only when `render` is true. */
  setSelected(id: string, render: boolean): void;
  render(): void;
  /** Selects a listed id (`fromFix` also clears the filter) and reports it; unknown ids are ignored. */
  pick(id: string, fromFix: boolean): void;
  /** Clears the filter, shows every model and focuses the filter. */
  showAll(): void;
}

/** Brings one row up to date, touching the DOM only where it changed (typing on keeps most rows as they are). */
function updateRow(o: HTMLElement, id: string, active: boolean, selected: string): void {
  const isSelected = String(id === selected);
  if (o.dataset.modelId !== id || o.getAttribute('aria-selected') !== isSelected) {
    o.replaceChildren();
    if (id === selected) o.append(icon('check'));
    o.append(id);
    o.dataset.modelId = id;
    o.setAttribute('aria-selected', isSelected);
  }
  if (o.classList.contains('active') !== active) o.classList.toggle('active', active);
}

/** Renders the rows the filter shows and the count line; returns the active row's index. */
function renderRows(els: ModelListElements, fmt: Fmt, models: string[], selected: string, activeIndex: number): number {
  const view = modelRows(models, els.filter.value, selected, activeIndex);
  const active = view.activeIndex;
  // The row elements are kept and reused (at most MAX_ROWS): a keystroke over 100,000 models changes a few rows, not all.
  const existing = els.list.children;
  view.rows.forEach((id, i) => {
    let o = existing[i] as HTMLElement | undefined;
    if (!o) {
      o = document.createElement('div');
      o.setAttribute('role', 'option');
      o.id = `model-opt-${i}`;
      els.list.append(o);
    }
    updateRow(o, id, i === active, selected);
  });
  while (els.list.children.length > view.rows.length) els.list.lastElementChild?.remove();
  if (view.rows.length) els.list.setAttribute('aria-activedescendant', `model-opt-${active}`);
  else els.list.removeAttribute('aria-activedescendant');
  els.count.textContent = modelCountText(models.length, view.matches.length, view.rows.length, fmt);
  return active;
}

export function createModelList(els: ModelListElements, fmt: Fmt, events: ModelListEvents): ModelList {
  let models: string[] = [];
  let selected = '';
  let activeIndex = 0;
  let others: readonly OtherModel[] = [];

  function render(): void {
    activeIndex = renderRows(els, fmt, models, selected, activeIndex);
    renderOtherModels(els.others, others, els.filter.value, fmt);
  }

  function pick(id: string, fromFix: boolean): void {
    if (!models.includes(id)) return;
    selected = id;
    if (fromFix) els.filter.value = '';
    render();
    events.picked(id);
  }

  els.list.addEventListener('click', (e) => {
    const id = (e.target as Element | null)?.closest<HTMLElement>('[role=option]')?.dataset.modelId;
    if (id) pick(id, false);
  });
  els.list.addEventListener('keydown', (e) => {
    const opts = Array.from(els.list.querySelectorAll<HTMLElement>('[role=option]'));
    const action = listKeyAction(e.key, activeIndex, opts.length);
    if (action.kind === 'none') return;
    e.preventDefault();
    if (action.kind === 'move') {
      activeIndex = action.index;
      opts.forEach((o, i) => o.classList.toggle('active', i === activeIndex));
      els.list.setAttribute('aria-activedescendant', opts[activeIndex].id);
      opts[activeIndex].scrollIntoView({ block: 'nearest' });
    } else {
      const id = opts[action.index]?.dataset.modelId;
      if (id) pick(id, false);
    }
  });
  els.filter.addEventListener('input', () => {
    activeIndex = 0;
    render();
    events.filterChanged();
  });
  els.filter.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      els.list.focus();
    }
  });

  return {
    get models() {
      return models;
    },
    get selected() {
      return selected;
    },
    setModels(next, nextSelected, nextOthers = []) {
      models = next;
      selected = nextSelected;
      others = nextOthers;
      activeIndex = 0;
      render();
    },
    setSelected(id, andRender) {
      selected = id;
      if (andRender) render();
    },
    render,
    pick,
    showAll() {
      els.filter.value = '';
      render();
      els.filter.focus();
    },
  };
}
