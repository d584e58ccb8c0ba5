// Matches per time bucket, stacked by severity, drawn as SVG; dragging across it zooms to that span.
import { useRef, useState } from 'preact/hooks';
import { Bucket } from './api';
import { parseLast } from './view';

const ORDER = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'];
const W = 1000;
const H = 120;

interface Props {
  histogram: { interval: string; series?: string[]; buckets: Bucket[] };
  span: [number, number];
  onZoom: (from: number, to: number) => void;
}

function stacks(b: Bucket): [string, number][] {
  if (!b.series) return [['all', b.count]];
  const keys = Object.keys(b.series).sort((x, y) => rank(x) - rank(y));
  return keys.map((k) => [k, b.series![k]] as [string, number]).filter(([, n]) => n > 0);
}

function rank(k: string): number {
  const i = ORDER.indexOf(k.toUpperCase());
  return i < 0 ? ORDER.length : i;
}

export function Histogram({ histogram, span, onZoom }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<[number, number] | null>(null);
  const step = parseLast(histogram.interval) ?? 60e3;
  const [a, b] = span;
  const x = (t: number) => ((t - a) / (b - a)) * W;
  const max = Math.max(1, ...histogram.buckets.map((k) => k.count));
  const at = (clientX: number) => {
    const r = svg.current!.getBoundingClientRect();
    return Math.min(W, Math.max(0, ((clientX - r.left) / r.width) * W));
  };
  const series = Array.from(new Set(histogram.buckets.flatMap((k) => stacks(k).map(([s]) => s))))
    .sort((p, q) => rank(p) - rank(q));
  return (
    <figure class="histogram">
      <svg ref={svg} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" data-testid="histogram"
        aria-label={`Matches per ${histogram.interval} from ${new Date(a).toISOString()} to ${new Date(b).toISOString()}; drag to zoom`}
        onPointerDown={(e) => {
          svg.current!.setPointerCapture(e.pointerId);
          const p = at(e.clientX);
          setDrag([p, p]);
        }}
        onPointerMove={(e) => drag && setDrag([drag[0], at(e.clientX)])}
        onPointerUp={() => {
          if (drag && Math.abs(drag[1] - drag[0]) > 4) {
            const lo = Math.min(...drag);
            const hi = Math.max(...drag);
            onZoom(a + (lo / W) * (b - a), a + (hi / W) * (b - a));
          }
          setDrag(null);
        }}>
        {histogram.buckets.map((k) => {
          const left = Math.max(0, x(Date.parse(k.start)));
          const right = Math.min(W, x(Date.parse(k.start) + step));
          let y = H;
          return (
            <g class="bar">
              <title>{`${k.start}: ${k.count}`}</title>
              {stacks(k).map(([s, n]) => {
                const h = (n / max) * (H - 4);
                y -= h;
                return <rect class={`sev sev-${s.toUpperCase()}`} x={left} y={y}
                  width={Math.max(1, right - left - 1)} height={h} />;
              })}
            </g>
          );
        })}
        {drag && <rect class="selection" x={Math.min(...drag)} y={0} width={Math.abs(drag[1] - drag[0])} height={H} />}
      </svg>
      <figcaption>
        <span>{new Date(a).toISOString().replace('.000Z', 'Z')}</span>
        <ul class="legend" aria-label="Severities">
          {series.map((s) => <li><span class={`swatch sev-${s.toUpperCase()}`} aria-hidden="true" />{s}</li>)}
        </ul>
        <span>{new Date(b).toISOString().replace('.000Z', 'Z')}</span>
      </figcaption>
    </figure>
  );
}
