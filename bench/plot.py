"""Small PNG plots in the standard library only (zlib + struct), for
bench/run's figures.

    plot_loglog(path, series, x_label, y_label, title)

series: list of dicts {"label", "color": (r, g, b), "points": [(x, y)],
"marks": [(x, y)]} where marks are drawn as hollow squares (e.g. "refused").

    plot_hbars(path, groups, legend, x_label, title)

groups: list of (label, bars), bars a list of (value, color); a grouped
horizontal bar chart on a linear axis from 0, each bar's value written at
its end. legend: list of (label, color).
"""
import math
import struct
import zlib

# 5x7 glyphs, one string of 7 rows of 5 columns each ('#' = ink).
_FONT_ROWS = {
    " ": "..... ..... ..... ..... ..... ..... .....",
    "0": ".###. #...# #..## #.#.# ##..# #...# .###.",
    "1": "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
    "2": ".###. #...# ....# ...#. ..#.. .#... #####",
    "3": "##### ...#. ..#.. ...#. ....# #...# .###.",
    "4": "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
    "5": "##### #.... ####. ....# ....# #...# .###.",
    "6": "..##. .#... #.... ####. #...# #...# .###.",
    "7": "##### ....# ...#. ..#.. .#... .#... .#...",
    "8": ".###. #...# #...# .###. #...# #...# .###.",
    "9": ".###. #...# #...# .#### ....# ...#. .##..",
    ".": "..... ..... ..... ..... ..... .##.. .##..",
    ",": "..... ..... ..... ..... .##.. ..#.. .#...",
    "-": "..... ..... ..... ##### ..... ..... .....",
    "+": "..... ..#.. ..#.. ##### ..#.. ..#.. .....",
    "(": "...#. ..#.. .#... .#... .#... ..#.. ...#.",
    ")": ".#... ..#.. ...#. ...#. ...#. ..#.. .#...",
    ":": "..... .##.. .##.. ..... .##.. .##.. .....",
    "/": "..... ....# ...#. ..#.. .#... #.... .....",
    "=": "..... ..... ##### ..... ##### ..... .....",
    "_": "..... ..... ..... ..... ..... ..... #####",
    "%": "##..# ##.#. ...#. ..#.. .#... .#.## #..##",
    "A": ".###. #...# #...# ##### #...# #...# #...#",
    "B": "####. #...# #...# ####. #...# #...# ####.",
    "C": ".###. #...# #.... #.... #.... #...# .###.",
    "D": "###.. #..#. #...# #...# #...# #..#. ###..",
    "E": "##### #.... #.... ####. #.... #.... #####",
    "F": "##### #.... #.... ####. #.... #.... #....",
    "G": ".###. #...# #.... #.### #...# #...# .####",
    "H": "#...# #...# #...# ##### #...# #...# #...#",
    "I": ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",
    "J": "..### ...#. ...#. ...#. ...#. #..#. .##..",
    "K": "#...# #..#. #.#.. ##... #.#.. #..#. #...#",
    "L": "#.... #.... #.... #.... #.... #.... #####",
    "M": "#...# ##.## #.#.# #.#.# #...# #...# #...#",
    "N": "#...# #...# ##..# #.#.# #..## #...# #...#",
    "O": ".###. #...# #...# #...# #...# #...# .###.",
    "P": "####. #...# #...# ####. #.... #.... #....",
    "Q": ".###. #...# #...# #...# #.#.# #..#. .##.#",
    "R": "####. #...# #...# ####. #.#.. #..#. #...#",
    "S": ".#### #.... #.... .###. ....# ....# ####.",
    "T": "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
    "U": "#...# #...# #...# #...# #...# #...# .###.",
    "V": "#...# #...# #...# #...# #...# .#.#. ..#..",
    "W": "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
    "X": "#...# #...# .#.#. ..#.. .#.#. #...# #...#",
    "Y": "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
    "Z": "##### ....# ...#. ..#.. .#... #.... #####",
}
_FONT = {c: [row for row in rows.split()] for c, rows in _FONT_ROWS.items()}

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
GREY = (215, 215, 215)


class Canvas:
    def __init__(self, width, height):
        self.w, self.h = width, height
        self.px = bytearray(WHITE * (width * height))

    def set(self, x, y, color):
        if 0 <= x < self.w and 0 <= y < self.h:
            i = 3 * (y * self.w + x)
            self.px[i:i + 3] = bytes(color)

    def rect(self, x0, y0, x1, y1, color):
        for y in range(min(y0, y1), max(y0, y1) + 1):
            for x in range(min(x0, x1), max(x0, x1) + 1):
                self.set(x, y, color)

    def line(self, x0, y0, x1, y1, color, width=1):
        x0, y0, x1, y1 = int(round(x0)), int(round(y0)), int(round(x1)), int(round(y1))
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        err = dx + dy
        r = width // 2
        while True:
            self.rect(x0 - r, y0 - r, x0 - r + width - 1, y0 - r + width - 1, color)
            if x0 == x1 and y0 == y1:
                break
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += sx
            if e2 <= dx:
                err += dx
                y0 += sy

    def text(self, x, y, s, color=BLACK, scale=2, vertical=False):
        """Draws s with its top-left corner at (x, y) (bottom-left, reading
        upwards, when vertical)."""
        for ch in s.upper():
            glyph = _FONT.get(ch, _FONT[" "])
            for row, bits in enumerate(glyph):
                for col, bit in enumerate(bits):
                    if bit != "#":
                        continue
                    for a in range(scale):
                        for b in range(scale):
                            if vertical:
                                self.set(x + row * scale + a, y - col * scale - b, color)
                            else:
                                self.set(x + col * scale + a, y + row * scale + b, color)
            if vertical:
                y -= 6 * scale
            else:
                x += 6 * scale

    def png(self):
        raw = b"".join(b"\x00" + bytes(self.px[3 * y * self.w:3 * (y + 1) * self.w])
                       for y in range(self.h))

        def chunk(kind, data):
            c = kind + data
            return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xffffffff)

        return (b"\x89PNG\r\n\x1a\n" +
                chunk(b"IHDR", struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def text_width(s, scale=2):
    return 6 * scale * len(s) - scale


def _tick_label(v):
    if v >= 1e6 and v == int(v):
        return f"{int(v / 1e6)}M"
    if v >= 1e3 and v == int(v):
        return f"{int(v / 1e3)}K"
    if v >= 1:
        return f"{int(v)}"
    return f"{v:g}"


def plot_loglog(path, series, x_label, y_label, title, width=900, height=560):
    c = Canvas(width, height)
    left, right, top, bottom = 110, width - 30, 50, height - 90
    xs = [p[0] for s in series for p in s["points"] + s.get("marks", [])]
    ys = [p[1] for s in series for p in s["points"] + s.get("marks", []) if p[1] > 0]
    if not xs or not ys:
        xs, ys = [1, 10], [1, 10]
    x_lo, x_hi = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y_lo, y_hi = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if x_hi == x_lo:
        x_hi += 1
    if y_hi == y_lo:
        y_hi += 1

    def px(x):
        return left + (math.log10(x) - x_lo) / (x_hi - x_lo) * (right - left)

    def py(y):
        return bottom - (math.log10(y) - y_lo) / (y_hi - y_lo) * (bottom - top)

    for e in range(x_lo, x_hi + 1):
        x = px(10 ** e)
        c.line(x, top, x, bottom, GREY)
        label = _tick_label(10 ** e)
        c.text(int(x - text_width(label) / 2), bottom + 10, label)
    for e in range(y_lo, y_hi + 1):
        y = py(10 ** e)
        c.line(left, y, right, y, GREY)
        label = _tick_label(10 ** e)
        c.text(left - 10 - text_width(label), int(y - 7), label)
    c.line(left, top, left, bottom, BLACK, 2)
    c.line(left, bottom, right, bottom, BLACK, 2)
    c.text(int((left + right - text_width(x_label)) / 2), bottom + 45, x_label)
    c.text(20, int((top + bottom + text_width(y_label)) / 2), y_label, vertical=True)
    c.text(int((width - text_width(title)) / 2), 15, title)

    legend_y = top + 10
    for s in series:
        pts = sorted(s["points"])
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            c.line(px(x0), py(y0), px(x1), py(y1), s["color"], 3)
        for x, y in pts:
            c.rect(int(px(x)) - 4, int(py(y)) - 4, int(px(x)) + 4, int(py(y)) + 4, s["color"])
        for x, y in s.get("marks", []):
            X, Y = int(px(x)), int(py(y))
            for d in range(-6, 7):
                c.set(X + d, Y + d, s["color"])
                c.set(X + d, Y - d, s["color"])
                c.set(X + d, Y + d + 1, s["color"])
                c.set(X + d, Y - d + 1, s["color"])
        c.rect(left + 20, legend_y + 5, left + 50, legend_y + 8, s["color"])
        c.text(left + 60, legend_y, s["label"])
        legend_y += 24
    with open(path, "wb") as f:
        f.write(c.png())


def _nice_step(span, ticks=5):
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _value_label(v):
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def plot_hbars(path, groups, legend, x_label, title, width=900):
    bar_h, gap = 16, 14
    label_w = max([text_width(g[0]) for g in groups] + [0]) + 20
    left, right, top = max(150, label_w), width - 90, 50 + 24 * len(legend)
    height = top + sum(len(b) * bar_h + gap for _, b in groups) + 80
    c = Canvas(width, height)
    vals = [v for _, bars in groups for v, _ in bars if v is not None]
    lo = min([0] + vals)
    hi = max([0] + vals) or 1
    step = _nice_step(hi - lo)
    lo = math.floor(lo / step) * step
    hi = math.ceil(hi / step) * step
    bottom = height - 70

    def px(v):
        return left + (v - lo) / (hi - lo) * (right - left)

    t = lo
    while t <= hi + step / 2:
        x = px(t)
        c.line(x, top, x, bottom, GREY)
        label = _tick_label(t) if abs(t) >= 1e4 else f"{t:g}"
        c.text(int(x - text_width(label) / 2), bottom + 10, label)
        t += step
    c.text(int((width - text_width(title)) / 2), 15, title)
    ly = 45
    for label, color in legend:
        c.rect(left, ly + 2, left + 24, ly + 12, color)
        c.text(left + 34, ly, label)
        ly += 24
    y = top + gap // 2
    for label, bars in groups:
        c.text(left - 10 - text_width(label), int(y + len(bars) * bar_h / 2 - 7), label)
        for v, color in bars:
            if v is not None:
                c.rect(int(px(min(0, v))), y + 1, int(px(max(0, v))), y + bar_h - 2, color)
                c.text(int(px(max(0, v))) + 6, y + 1, _value_label(v), scale=1)
            y += bar_h
        y += gap
    c.line(px(0), top, px(0), bottom, BLACK, 2)
    c.line(left, bottom, right, bottom, BLACK, 2)
    c.text(int((left + right - text_width(x_label)) / 2), bottom + 35, x_label)
    with open(path, "wb") as f:
        f.write(c.png())
