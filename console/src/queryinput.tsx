// The query field as a combobox (WAI-ARIA 1.2): completions of the term at the caret in a listbox
// under it. Arrows move, Enter or Tab accept, Esc closes; without a highlighted completion Enter
// searches as before.
import { useRef, useState } from 'preact/hooks';
import { Recent, Suggestion, termAt } from './complete';

interface Props {
  value: string;
  onInput: (q: string) => void;
  recent: Recent;
  invalid: boolean;
}

export function QueryInput({ value, onInput, recent, invalid }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  const term = termAt(value, Math.min(caret, value.length));
  const options: Suggestion[] = open ? recent.suggest(term) : [];
  const shown = open && options.length > 0;
  const at = active < options.length ? active : -1;

  const track = () => setCaret(input.current?.selectionStart ?? value.length);

  const accept = (s: Suggestion) => {
    const before = value.slice(0, term.start) + s.insert;
    const after = value.slice(term.end);
    const spaced = s.kind === 'value' && !after.startsWith(' ') ? ' ' : '';
    const next = before + spaced + after;
    const pos = before.length + spaced.length;
    onInput(next);
    setCaret(pos);
    setActive(-1);
    // A field goes on to its values; a value closes the list.
    setOpen(s.kind === 'field');
    requestAnimationFrame(() => input.current?.setSelectionRange(pos, pos));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!shown) {
        setOpen(true);
        setActive(-1);
        track();
        e.preventDefault();
        return;
      }
      const n = options.length;
      setActive(e.key === 'ArrowDown' ? (at + 1) % n : (at <= 0 ? n - 1 : at - 1));
      e.preventDefault();
    } else if (e.key === 'Enter' && shown && at >= 0) {
      e.preventDefault();
      accept(options[at]);
    } else if (e.key === 'Tab' && shown && !e.shiftKey) {
      e.preventDefault();
      accept(options[Math.max(at, 0)]);
    } else if (e.key === 'Escape' && shown) {
      e.preventDefault();
      setOpen(false);
      setActive(-1);
    } else if (e.key === 'Enter') {
      setOpen(false);
    }
  };

  return (
    <div class="combo">
      <input id="q" name="q" ref={input} value={value} spellcheck={false} autoComplete="off"
        placeholder='error service:api status:>=500 -healthcheck'
        role="combobox" aria-autocomplete="list" aria-expanded={shown ? 'true' : 'false'} aria-controls="q-options"
        aria-activedescendant={shown && at >= 0 ? `q-option-${at}` : undefined}
        aria-invalid={invalid ? 'true' : 'false'} aria-describedby="q-help q-error"
        onInput={(e) => { onInput(e.currentTarget.value); setCaret(e.currentTarget.selectionStart ?? 0); setOpen(true); setActive(-1); }}
        onKeyDown={onKeyDown} onKeyUp={(e) => { if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') track(); }}
        onClick={track} onBlur={() => setOpen(false)} />
      <ul id="q-options" role="listbox" aria-label="Completions" class="options" hidden={!shown} data-testid="completions">
        {options.map((s, i) => (
          <li id={`q-option-${i}`} role="option" aria-selected={i === at ? 'true' : 'false'} class={`option ${s.kind}`}
            onMouseDown={(e) => { e.preventDefault(); accept(s); }}>
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
