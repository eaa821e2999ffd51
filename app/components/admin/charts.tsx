// Accessible charts. The server (and the first paint) draws small SVG charts, each an <svg
// role="img"> with a title; once the page is interactive, Shopify's Polaris Viz draws them
// (viz-charts.client.tsx, loaded on demand so it never delays the figures). The numbers are also
// given as a visually hidden table for screen readers either way.
import { Text } from "@shopify/polaris";
import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";

const VizChart = lazy(() => import("./viz-charts.client").then((m) => ({ default: m.VizChart })));

/** The SVG until mounted in a browser, then Polaris Viz (with the SVG while its chunk loads). */
function WithViz({ kind, title, points, height, children }: { kind: "bar" | "line"; title: string; points: Point[]; height: number; children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted || points.length === 0) return <>{children}</>;
  return (
    <Suspense fallback={children}>
      <figure aria-label={title} style={{ position: "relative", margin: 0 }}>
        <VizChart kind={kind} title={title} points={points} height={height} />
        <DataList title={title} points={points} />
      </figure>
    </Suspense>
  );
}

export type Point = { label: string; value: number };

const hidden = { position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" } as const;

function DataList({ title, points }: { title: string; points: Point[] }) {
  return (
    <table style={hidden}>
      <caption>{title}</caption>
      <tbody>
        {points.map((p) => (
          <tr key={p.label}>
            <th scope="row">{p.label}</th>
            <td>{p.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Scales values to a chart height; a series of zeros draws a flat line at the bottom. */
export function scale(values: number[], height: number): number[] {
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  return values.map((v) => height - ((v - min) / span) * height);
}

export function Sparkline({ title, points, width = 240, height = 48 }: { title: string; points: Point[]; width?: number; height?: number }) {
  const ys = scale(points.map((p) => p.value), height - 4).map((y) => y + 2);
  const step = points.length > 1 ? width / (points.length - 1) : 0;
  const path = ys.map((y, i) => `${i ? "L" : "M"}${(i * step).toFixed(1)},${y.toFixed(1)}`).join(" ");
  return (
    <WithViz kind="line" title={title} points={points} height={height}>
      <div style={{ position: "relative" }}>
        <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width="100%" height={height} preserveAspectRatio="none">
          <title>{title}</title>
          {points.length > 0 && <path d={path} fill="none" stroke="#2c6ecb" strokeWidth={2} vectorEffect="non-scaling-stroke" />}
        </svg>
        <DataList title={title} points={points} />
      </div>
    </WithViz>
  );
}

export function BarChart({ title, points, height = 140 }: { title: string; points: Point[]; height?: number }) {
  const width = Math.max(points.length * 24, 240);
  const barWidth = Math.max(4, width / Math.max(points.length, 1) - 6);
  const ys = scale(points.map((p) => p.value), height - 20);
  return (
    <WithViz kind="bar" title={title} points={points} height={height}>
      <div style={{ position: "relative" }}>
        <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width="100%" height={height} preserveAspectRatio="none">
          <title>{title}</title>
          {points.map((p, i) => {
            const y = ys[i]!;
            return <rect key={p.label} x={i * (width / points.length) + 3} y={y} width={barWidth} height={Math.max(0, height - 20 - y)} fill="#2c6ecb" />;
          })}
          <line x1={0} x2={width} y1={height - 20} y2={height - 20} stroke="#8a8a8a" strokeWidth={1} />
        </svg>
        <DataList title={title} points={points} />
      </div>
    </WithViz>
  );
}

/** Horizontal bars with their labels and counts as text (redemptions per reward). */
export function RankedBars({ title, points }: { title: string; points: Point[] }) {
  const max = Math.max(1, ...points.map((p) => p.value));
  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      {points.map((p) => (
        <div key={p.label} style={{ display: "grid", gridTemplateColumns: "minmax(0,2fr) 3fr auto", gap: 8, alignItems: "center", marginBottom: 6 }}>
          <Text as="span" truncate>{p.label}</Text>
          <div aria-hidden="true" style={{ background: "#e3e3e3", borderRadius: 4, height: 10 }}>
            <div style={{ width: `${(p.value / max) * 100}%`, background: "#2c6ecb", height: 10, borderRadius: 4 }} />
          </div>
          <Text as="span" numeric>{p.value}</Text>
        </div>
      ))}
    </figure>
  );
}
