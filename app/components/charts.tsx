// Charts rendered on the server as SVG: no client JavaScript, they print, and they scale with
// the page. Every chart has a <title> and <desc>, every bar and point a text label, and hidden
// figures ("< 5", "×") are drawn with a hatch pattern and their mark, not only with colour.

export interface ChartItem {
  label: string;
  /** null: hidden or not applicable (drawn as a hatched stub or a gap). */
  value: number | null;
  /** What to print next to the bar or point ("12", "< 5", "×", "3,5 dagen"). */
  display: string;
}

const ROW = 26;
const LABEL_WIDTH = 150;
const CHART_WIDTH = 560;

function Hatch({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#fff" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#444" strokeWidth="2" />
      </pattern>
    </defs>
  );
}

/** Horizontal bars, one per item, with the label left and the figure right of each bar. */
export function BarChart({ id, title, description, items }: { id: string; title: string; description: string; items: ChartItem[] }) {
  const max = Math.max(1, ...items.map((i) => i.value ?? 0));
  const barSpace = CHART_WIDTH - LABEL_WIDTH - 60;
  const height = items.length * ROW + 10;
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${CHART_WIDTH} ${height}`}
        width="100%"
        className="chart__svg"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <Hatch id={`${id}-hatch`} />
        {items.map((item, index) => {
          const y = 5 + index * ROW;
          const width = item.value === null ? 14 : Math.max(item.value > 0 ? 2 : 0, (item.value / max) * barSpace);
          return (
            <g key={`${item.label}-${index}`}>
              <text x={LABEL_WIDTH - 8} y={y + ROW / 2 + 4} textAnchor="end" className="chart__label">
                {item.label.length > 22 ? `${item.label.slice(0, 21)}…` : item.label}
              </text>
              <rect
                x={LABEL_WIDTH}
                y={y + 4}
                width={width}
                height={ROW - 10}
                fill={item.value === null ? `url(#${id}-hatch)` : "#1f5f8b"}
                stroke="#1a1a1a"
                strokeWidth={item.value === null ? 1 : 0}
              />
              <text x={LABEL_WIDTH + width + 6} y={y + ROW / 2 + 4} className="chart__value">
                {item.display}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** A trend: points per period joined by a line; a hidden point breaks the line and shows its mark. */
export function LineChart({ id, title, description, items }: { id: string; title: string; description: string; items: ChartItem[] }) {
  const width = CHART_WIDTH;
  const height = 220;
  const left = 44;
  const right = 16;
  const top = 24;
  const bottom = 48;
  const max = Math.max(1, ...items.map((i) => i.value ?? 0));
  const step = items.length > 1 ? (width - left - right) / (items.length - 1) : 0;
  const x = (i: number) => left + (items.length > 1 ? i * step : (width - left - right) / 2);
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  const segments: string[][] = [];
  let current: string[] = [];
  items.forEach((item, i) => {
    if (item.value === null) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(item.value).toFixed(1)}`);
  });
  if (current.length) segments.push(current);
  // Label every period when they fit, else every n-th (the table lists them all).
  const labelEvery = Math.max(1, Math.ceil(items.length / 12));
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        className="chart__svg"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <line x1={left} y1={height - bottom} x2={width - right} y2={height - bottom} stroke="#1a1a1a" />
        <line x1={left} y1={top} x2={left} y2={height - bottom} stroke="#1a1a1a" />
        <text x={left - 6} y={top + 4} textAnchor="end" className="chart__label">
          {max}
        </text>
        <text x={left - 6} y={height - bottom + 4} textAnchor="end" className="chart__label">
          0
        </text>
        {segments.map((points, i) =>
          points.length > 1 ? <polyline key={i} points={points.join(" ")} fill="none" stroke="#1f5f8b" strokeWidth="2.5" /> : null,
        )}
        {items.map((item, i) => (
          <g key={`${item.label}-${i}`}>
            {item.value === null ? (
              <text x={x(i)} y={height - bottom - 6} textAnchor="middle" className="chart__value chart__value--hidden">
                {item.display}
              </text>
            ) : (
              <>
                <rect x={x(i) - 4} y={y(item.value) - 4} width="8" height="8" fill="#1f5f8b" stroke="#fff" />
                <text x={x(i)} y={y(item.value) - 8} textAnchor="middle" className="chart__value">
                  {item.display}
                </text>
              </>
            )}
            {i % labelEvery === 0 ? (
              <text x={x(i)} y={height - bottom + 18} textAnchor="middle" className="chart__label">
                {item.label}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
    </figure>
  );
}
