// The dashboard's charts drawn by Shopify's Polaris Viz (loaded after the page is interactive, so
// the library never delays the figures: the server renders the plain SVG charts in charts.tsx).
import "@shopify/polaris-viz/build/esm/styles.css";
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import type { Point } from "./charts";

const series = (name: string, points: Point[]) => [{ name, data: points.map((p) => ({ key: p.label, value: p.value })) }];

export function VizChart({ kind, title, points, height }: { kind: "bar" | "line"; title: string; points: Point[]; height: number }) {
  return (
    <PolarisVizProvider>
      {/* Drawing only: inert and hidden from assistive technology, which reads the data table beside
          it (Polaris Viz's own SVG roles do not pass axe's serious checks). */}
      <div style={{ height }} data-chart="polaris-viz" aria-hidden="true" ref={(el) => el?.setAttribute("inert", "")}>
        {kind === "bar" ? (
          <BarChart data={series(title, points)} theme="Light" showLegend={false} isAnimated={false} />
        ) : (
          <LineChart data={series(title, points)} theme="Light" showLegend={false} isAnimated={false} />
        )}
      </div>
    </PolarisVizProvider>
  );
}
