"""Pictures of the MNIST tab as RGB arrays (numpy only): a mosaic of test digits with the
wrong predictions framed, the first-layer weights as images, and a confusion matrix."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

__all__ = ["confusion_rgb", "digit_mosaic", "lookup_table", "weight_mosaic"]


def digit_mosaic(images: np.ndarray, labels: np.ndarray, predictions: np.ndarray | None,
                 rows: int, cols: int, pad: int = 3) -> np.ndarray:
    """RGB mosaic of 28×28 digits, dark ink on white; wrong predictions framed in red."""
    cell = 28 + 2 * pad
    out = np.full((rows * cell, cols * cell, 3), 255, np.uint8)
    for k in range(min(rows * cols, len(images))):
        r, c = divmod(k, cols)
        y, x = r * cell, c * cell
        if predictions is not None and predictions[k] != labels[k]:
            out[y + 1 : y + cell - 1, x + 1 : x + cell - 1] = (214, 39, 40)
        ink = 255 - images[k].reshape(28, 28)
        out[y + pad : y + pad + 28, x + pad : x + pad + 28] = ink[:, :, None]
    return out



def weight_mosaic(weights: np.ndarray, lut: np.ndarray, pad: int = 2) -> np.ndarray:
    """RGB mosaic of first-layer weight images, each scaled symmetrically to ±max|w|."""
    n = len(weights)
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    cell = 28 + pad
    out = np.full((rows * cell + pad, cols * cell + pad, 3), 255, np.uint8)
    for k in range(n):
        w = weights[k]
        scale = float(np.max(np.abs(w))) or 1.0
        idx = np.clip(((w / scale + 1) * 0.5 * (len(lut) - 1)).round(), 0, len(lut) - 1)
        r, c = divmod(k, cols)
        y, x = pad + r * cell, pad + c * cell
        out[y : y + 28, x : x + 28] = lut[idx.astype(np.intp)]
    return out



def confusion_rgb(confusion: np.ndarray, lut: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row-normalised colours of a confusion matrix (true class per row) and the fractions."""
    totals = confusion.sum(axis=1, keepdims=True)
    frac = np.divide(confusion, np.maximum(totals, 1), dtype=np.float64)
    idx = np.clip((np.sqrt(frac) * (len(lut) - 1)).round(), 0, len(lut) - 1).astype(np.intp)
    return lut[idx], frac



def lookup_table(name_or_colors: str | list[tuple[int, int, int]], n: int = 256) -> np.ndarray:
    if isinstance(name_or_colors, str):
        cmap = pg.colormap.get(name_or_colors)
    else:
        cmap = pg.ColorMap(np.linspace(0, 1, len(name_or_colors)), name_or_colors)
    return cmap.getLookupTable(0.0, 1.0, n, alpha=False).astype(np.uint8)

