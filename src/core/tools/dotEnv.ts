/**
 * A `.env` file (Continue's secrets): `NAME=value` lines. Reading finds one variable; writing
 * replaces its line or adds one at the end, and leaves every other line as it was.
 */
const lineFor = (name: string): RegExp => new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=\\s*(.*?)\\s*$`);

function unquote(raw: string): string {
  const m = /^"((?:[^"\\]|\\.)*)"|^'([^']*)'/.exec(raw);
  if (m) return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
  const hash = raw.search(/\s#/);
  return (hash < 0 ? raw : raw.slice(0, hash)).trim();
}

export function readDotEnv(text: string | undefined, name: string): string | undefined {
  if (text === undefined) return undefined;
  const re = lineFor(name);
  let value: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = re.exec(line);
    if (m) value = unquote(m[1]);
  }
  return value;
}

export function setDotEnv(text: string | undefined, name: string, value: string, eol: string): string {
  const quoted = /^[A-Za-z0-9_\-.]*$/.test(value) ? value : JSON.stringify(value);
  const entry = `${name}=${quoted}`;
  const source = text ?? '';
  const re = lineFor(name);
  const lines = source.split(/(\r?\n)/);
  let found = false;
  for (let i = 0; i < lines.length; i += 2) {
    if (re.test(lines[i])) {
      lines[i] = entry;
      found = true;
    }
  }
  if (found) return lines.join('');
  const joiner = source === '' || /\n$/.test(source) ? '' : eol;
  return `${source}${joiner}${entry}${eol}`;
}
