"""The window fits the screen it starts on, from a 1280×720 projector up.

Each case starts the app in a subprocess with its own virtual X screen of that size
(``screen_probe.py`` prints where every dock and top-level control landed): all
of them must lie inside the screen's available area, unclipped, and the window
must never widen by itself (selecting racers, switching tabs).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("screen_probe.py")
ROOT = PROBE.parents[2]

pytestmark = pytest.mark.skipif(shutil.which("xvfb-run") is None,
                                reason="needs xvfb-run for a screen of its own")


def _probe(width: int, height: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    env["LC_ALL"] = env["LANG"] = "C.UTF-8"
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24", sys.executable, str(PROBE)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _inside(rect: list[int], screen: list[int]) -> bool:
    x, y, w, h = rect
    sx, sy, sw, sh = screen
    return sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_every_dock_and_action_is_on_a_small_screen(size: tuple[int, int]) -> None:
    seen = _probe(*size)
    screen = seen["screen"]
    assert screen[2:] == list(size)
    assert _inside(seen["window"], screen), seen["window"]
    # Selecting every racer and a round trip through the MNIST tab keep the width.
    assert set(seen["widths"]) == {seen["window"][2]}, seen["widths"]
    docks = [k for k in seen["race"] if k.startswith("dock ")]
    assert {"dock Racers", "dock Leaderboard", "dock Inside the optimizer",
            "dock Playback"} <= set(docks)
    for tab in ("race", "mnist"):
        for name, where in seen[tab].items():
            assert where["visible"], f"{tab}: {name} is hidden"
            assert _inside(where["rect"], screen), f"{tab}: {name} at {where['rect']}"
            assert not where["clipped"], f"{tab}: {name} is partly cut off"
