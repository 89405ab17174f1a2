// The commune / postal-code box: an ARIA combobox whose suggestions come from the commune index, fetched a
// piece at a time once the visitor types, so the first load stays small.
import { el } from './common.js';

const MAX_SUGGESTIONS = 8;
const shards = new Map();

/**
 * The piece of the commune index a text needs: a name's first two characters (as src/api/pages.ts folds
 * them), or a postal code's first two digits. `[name, insee, department, "postal codes"]` rows, most populous
 * first; each piece loaded once.
 */
export function shardOf(text) {
  const key = fold(text)
    .replace(/[^a-z0-9]/g, '_')
    .slice(0, 2);
  return key.length === 2 ? key : null;
}

export function loadCommunes(key) {
  if (!shards.has(key)) {
    shards.set(
      key,
      fetch(`/communes/${key}.json`)
        .then((response) => (response.ok ? response.json() : []))
        .then((rows) =>
          rows.map(([name, insee, department, postalCodes]) => ({
            name,
            insee,
            department,
            postalCodes: postalCodes ? postalCodes.split(' ') : [],
            key: fold(name),
          })),
        )
        .catch(() => {
          shards.delete(key);
          return [];
        }),
    );
  }
  return shards.get(key);
}

/** Lower case, no accents, hyphens and apostrophes as spaces: "Saint-Étienne" and "st etienne" meet. */
export function fold(text) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[-'’]/g, ' ')
    .replace(/\bst\b/g, 'saint')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The places a typed text may mean: a postal code (prefix) or a commune name (prefix first, then inside). */
export function suggest(communes, text) {
  const query = fold(text);
  if (query.length === 0) return [];
  if (/^\d{2,5}$/.test(query)) {
    const found = [];
    for (const commune of communes) {
      const code = commune.postalCodes.find((postalCode) => postalCode.startsWith(query));
      if (code)
        found.push({
          kind: 'postal_code',
          value: code,
          commune,
          label: `${code} — ${commune.name} (${commune.department})`,
        });
      if (found.length >= MAX_SUGGESTIONS) break;
    }
    return found;
  }
  const starts = [];
  const inside = [];
  for (const commune of communes) {
    if (commune.key.startsWith(query)) starts.push(commune);
    else if (inside.length < MAX_SUGGESTIONS && commune.key.includes(` ${query}`)) inside.push(commune);
    if (starts.length >= MAX_SUGGESTIONS) break;
  }
  return [...starts, ...inside].slice(0, MAX_SUGGESTIONS).map((commune) => ({
    kind: 'commune',
    value: commune.insee,
    commune,
    label: `${commune.name} (${commune.department}${commune.postalCodes[0] ? `, ${commune.postalCodes[0]}` : ''})`,
  }));
}

/** Wires the combobox; `onChoose(suggestion)` gets the chosen place, `onClear()` when the box is emptied. */
export function placeSearch(input, listbox, { onChoose, onClear }) {
  let options = [];
  let active = -1;

  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (i) => {
    active = i;
    [...listbox.children].forEach((li, j) => {
      li.setAttribute('aria-selected', String(j === i));
    });
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', listbox.children[i].id);
      listbox.children[i].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const choose = (i) => {
    const option = options[i];
    if (!option) return;
    input.value = option.label;
    close();
    onChoose(option);
  };
  const update = async () => {
    const text = input.value;
    if (fold(text).length === 0) {
      close();
      return;
    }
    const key = shardOf(text);
    const communes = key ? await loadCommunes(key) : [];
    if (input.value !== text) return; // typed on meanwhile
    options = suggest(communes, text);
    listbox.replaceChildren(
      ...options.map((option, i) => {
        const li = el('li', { id: `suggestion-${i}`, role: 'option', 'aria-selected': 'false' }, option.label);
        li.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(i);
        });
        return li;
      }),
    );
    listbox.hidden = options.length === 0;
    input.setAttribute('aria-expanded', String(options.length > 0));
    active = -1;
  };

  input.addEventListener('input', () => {
    if (input.value.trim() === '') onClear();
    update();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && options.length > 0) {
      event.preventDefault();
      if (listbox.hidden) {
        listbox.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
      highlight((active + 1) % options.length);
    } else if (event.key === 'ArrowUp' && options.length > 0) {
      event.preventDefault();
      highlight((active - 1 + options.length) % options.length);
    } else if (event.key === 'Enter' && !listbox.hidden && options.length > 0) {
      // Enter picks the highlighted suggestion, or the first one: typing "33000" + Enter just works.
      event.preventDefault();
      choose(Math.max(active, 0));
    } else if (event.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', close);
}
