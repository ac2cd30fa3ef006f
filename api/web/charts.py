"""Charts for the reports page, drawn on the server as SVG (no script, no library).

Each chart is a titled, described `<svg role="img">` with the same numbers in the table beneath
it; colours come from a palette that keeps 3:1 contrast with white (WCAG 1.4.11) and series also
differ by pattern of position, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

PALETTE = ("#1d4f91", "#b3261e", "#2e7d32", "#6a1b9a", "#8a5a00", "#00695c", "#4e342e", "#37474f")
WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 64


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int]


def _scale(top: int) -> tuple[int, list[int]]:
    """A round axis maximum and its ticks."""
    top = max(top, 1)
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        step = candidate
        if top / candidate <= 5:
            break
    ceiling = -(-top // step) * step
    return ceiling, list(range(0, ceiling + 1, step))


def bar_chart(title: str, description: str, labels: list[str], series: list[Series]) -> str:
    """Grouped bars: one group per label, one bar per series, with a legend."""
    n_groups, n_series = max(len(labels), 1), max(len(series), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    legend_rows = (n_series + 3) // 4
    total_h = TOP + plot_h + 36 + 24 * legend_rows
    top, ticks = _scale(max((v for s in series for v in s.values), default=0))
    group_w = plot_w / n_groups
    bar_w = max(min(group_w * 0.8 / n_series, 40), 2)
    ident = "chart-" + "".join(c for c in title.lower() if c.isalnum())[:24]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {total_h}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" class="chart">',
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>',
    ]
    for tick in ticks:
        y = TOP + plot_h - plot_h * tick / top
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>')
    for g, label in enumerate(labels):
        x0 = LEFT + g * group_w + (group_w - bar_w * n_series) / 2
        for i, s in enumerate(series):
            value = s.values[g] if g < len(s.values) else 0
            h = plot_h * value / top
            x, y = x0 + i * bar_w, TOP + plot_h - h
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[i % len(PALETTE)]}">'
                f'<title>{escape(s.name)}, {escape(label)}: {value}</title></rect>'
            )
        cx = LEFT + g * group_w + group_w / 2
        out.append(f'<text x="{cx:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" class="tick">'
                   f'{escape(label)}</text>')
    base = TOP + plot_h
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" class="axis"/>')
    for i, s in enumerate(series):
        lx = LEFT + (i % 4) * 170
        ly = TOP + plot_h + 44 + 24 * (i // 4)
        colour = PALETTE[i % len(PALETTE)]
        out.append(f'<rect x="{lx}" y="{ly - 11}" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{lx + 20}" y="{ly}" class="legend">{escape(s.name)}</text>')
    out.append("</svg>")
    return "".join(out)
