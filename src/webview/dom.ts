// Small DOM helpers shared by the panel's views. Nothing here runs at import time.

export function icon(name: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = `codicon codicon-${name}`;
  span.setAttribute('aria-hidden', 'true');
  return span;
}

/** A fix button: `data-fix-kind` (and `data-fix-value`) name it for the tests and the support report. */
export function fixButton(
  label: string,
  kind: string,
  value: string | undefined,
  onClick: () => void,
  codicon?: string,
): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'secondary';
  b.dataset.fixKind = kind;
  if (value !== undefined) b.dataset.fixValue = value;
  if (codicon) b.append(icon(codicon), ' ');
  b.append(label);
  b.addEventListener('click', onClick);
  return b;
}

/** Says `text` through the polite live region. */
export function createAnnouncer(
  liveEl: HTMLElement,
  later: (fn: () => void, ms: number) => unknown = (fn, ms) => setTimeout(fn, ms),
): (text: string) => void {
  return (text) => {
    liveEl.textContent = '';
    // A fresh text node makes screen readers announce repeated messages too.
    later(() => (liveEl.textContent = text), 30);
  };
}
