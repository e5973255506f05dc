"""Exports drawn for print: the requested size, a legend and a step counter, no interaction
hint, exact racer colours in the GIF, an MP4, and the same pictures from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox

from engine.race import RaceConfig, RacerConfig
from engine.session import Session
from gui.race import export
from gui.race.export import quantise, racer_colours, render_frames
from gui.race.figure import RaceFigure
from gui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.session.step(12)
    return w


def rgb_of(image: QImage) -> np.ndarray:
    return export.qimage_to_array(image)


def test_png_has_the_chosen_size_and_no_hint(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "map.png"
    assert window.export_view("png", path, size=(640, 360))
    assert QImage(str(path)).size().toTuple() == (640, 360)
    QSettings().setValue("export_size", "1280x720")  # File ▸ Export ▸ Picture size
    assert window.export_view("png", path)
    exported = QImage(str(path))
    assert exported.size().toTuple() == (1280, 720)
    # The same figure with the on-screen read-out shown differs: the export left it out.
    with RaceFigure(window.session, (1280, 720)) as figure:
        assert not figure.view.readout.isVisible()
        clean = rgb_of(figure.image())
        figure.view.readout.show()
        assert "click: set start" in figure.view.readout.text()
        hinted = rgb_of(figure.image())
    assert np.array_equal(rgb_of(exported), clean)
    assert not np.array_equal(clean, hinted)


def test_a4_at_300_dpi_is_recorded_in_the_png(window: MainWindow, tmp_path: Path) -> None:
    QSettings().setValue("export_size", "a4-300dpi")
    path = tmp_path / "a4.png"
    assert window.export_view("png", path)
    image = QImage(str(path))
    assert image.size().toTuple() == (3508, 2480)
    assert round(image.dotsPerMeterX() * 0.0254) == 300


def test_figure_has_title_legend_and_step_counter(qtbot) -> None:
    session = Session(RaceConfig(surface="rosenbrock", racers=[
        RacerConfig("adam", {"lr": 0.05}), RacerConfig("sgd", {"lr": 1e-3}, label="plain SGD")]))
    session.step(30)
    with RaceFigure(session, (800, 450)) as figure:
        assert figure.view.plot_item.titleLabel.text == "Rosenbrock"
        assert [label.text for _, label in figure.legend.items] == ["adam:lr=0.05", "plain SGD"]
        assert figure.counter.text == "step 30 of 30"
        session.seek(7)
        assert figure.counter.text == "step 7 of 30"
    session.seek(30)  # the figure no longer listens: nothing of it is left behind
    assert figure.counter.text == "step 7 of 30"


def test_gif_keeps_every_racer_colour_exact(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "race.gif"
    assert window.export_gif(path, size=(480, 270))
    colours = racer_colours(window.session)
    assert len(colours) == len(window.session.race.racers) >= 4
    with Image.open(path) as gif:
        assert gif.size == (480, 270) and gif.n_frames == 13
        gif.seek(gif.n_frames - 1)
        last = np.array(gif.convert("RGB")).reshape(-1, 3)
    present = {tuple(int(v) for v in p) for p in np.unique(last, axis=0)}
    assert all(c in present for c in colours), (colours, "missing in the GIF")


def test_reserved_palette_keeps_close_colours_apart() -> None:
    # Yellow and orange side by side in a picture full of other colours: a plain
    # 256-colour palette may merge them; the reserved one cannot.
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)
    yellow, orange = (240, 228, 66), (230, 159, 0)
    frame[:8, :8] = yellow
    frame[8:16, :8] = orange
    (image,) = quantise([frame], [yellow, orange])
    rgb = np.array(image.convert("RGB"))
    assert tuple(rgb[0, 0]) == yellow and tuple(rgb[8, 0]) == orange


def test_svg_colour_map_stays_inside_the_axes(qtbot) -> None:
    session = Session(RaceConfig(surface="himmelblau", racers=[RacerConfig("adam")]))
    session.step(5)
    with RaceFigure(session, (640, 480)) as figure:
        (x0, x1), (y0, y1) = figure.view.viewbox.viewRange()
        data = figure.svg_bytes()
        rect = figure.view.image_item.mapRectToView(figure.view.image_item.boundingRect())
        assert x0 - 1e-9 <= rect.left() and rect.right() <= x1 + 1e-9
        assert y0 - 1e-9 <= rect.top() and rect.bottom() <= y1 + 1e-9
        x, y = figure.view.contour_item.getData()
        inside = np.isfinite(x)
        assert inside.any() and np.all((x[inside] >= x0) & (x[inside] <= x1))
    assert data.startswith(b"<?xml") and b'viewBox ="0 0 640 480"' in data


def test_mp4_has_the_requested_size(window: MainWindow, tmp_path: Path) -> None:
    import imageio_ffmpeg

    path = tmp_path / "race.mp4"
    assert window.export_mp4(path, size=(320, 180))
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    reader.close()
    assert tuple(meta["size"]) == (320, 180)


def test_without_imageio_ffmpeg_mp4_says_what_to_install(window, tmp_path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(export, "mp4_available", lambda: False)
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: shown.append(text))
    assert not window.export_mp4(tmp_path / "race.mp4")
    assert shown and "imageio-ffmpeg" in shown[0]
    assert not (tmp_path / "race.mp4").exists()


def test_frames_follow_the_race_and_restore_the_cursor(qtbot) -> None:
    session = Session(RaceConfig(surface="ravine", racers=[RacerConfig("sgd", {"lr": 0.1})]))
    session.step(5)
    session.seek(4)
    frames = render_frames(session, (200, 120))
    assert frames is not None and len(frames) == 5
    assert all(f.shape == (120, 200, 3) for f in frames)
    assert session.cursor == 4
    assert not np.array_equal(frames[0], frames[-1])


def test_cli_writes_a_png_of_the_requested_size_without_a_display(tmp_path: Path) -> None:
    out = tmp_path / "race.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, "main.py", "race", "--surface", "rosenbrock", "--steps", "40",
         "-o", "adam:lr=0.05", "--out", str(out), "--size", "640x360"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.strip() == f"wrote {out} (640×360, step 40)"
    image = QImage(str(out))
    assert image.size().toTuple() == (640, 360)
    colours = {QColor(image.pixel(x, y)).name() for x in range(0, 640, 4) for y in range(0, 360, 4)}
    assert len(colours) > 50  # a drawn map, not an empty canvas
