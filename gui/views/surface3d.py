"""The 3-D race view: the loss surface as a shaded mesh with the racers on it.

Heights are compressed with one :class:`gui.views.geometry.LogScale` for the mesh,
its contour lines and the trails (``z = scale(f) * height``).  A trail is
draped onto the mesh: every step is split into short pieces whose heights are
interpolated on the very triangles the mesh draws (``geometry.mesh_height``),
lifted by a small epsilon, so the trail lies on the surface instead of cutting
through hills.  A draped trail is extended only by the steps that are new.
Nothing is computed while the widget is hidden; it catches up when shown.

OpenGL is optional.  :func:`probe_opengl` creates a throw-away context once
and asks it for its version; if that fails (no GL on the Qt platform, e.g.
``QT_QPA_PLATFORM=offscreen``, or PyOpenGL missing) the widget shows a message
instead and ``available`` is False.  The rest of the app does not depend on it.
The probe, the import of ``pyqtgraph.opengl``/PyOpenGL (~0.15 s) and the GL
widget wait until the view is first shown (or ``available`` is first asked),
so they cost nothing at startup.
"""

from __future__ import annotations

import itertools

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.services.i18n import translate
from gui.services.session_bridge import SessionBridge
from gui.views import geometry
from gui.views.contour import colour_lut

#: Mesh samples along the longer side of the domain.
RESOLUTION = 100
#: Height of the compressed surface as a fraction of the longer domain side.
HEIGHT = 0.4
#: Trails and markers float this fraction of the height above the mesh.
LIFT = 0.012
#: Percentile of ``f - fmin`` used as the log floor: rounds the pit at a minimum.
FLOOR_PERCENTILE = 5.0
N_LEVELS = 12

_BG = "#1d2026"
_PROBE: tuple[bool, str] | None = None
_shader_ids = itertools.count()
_VIEW_CLASS = None


def probe_opengl() -> tuple[bool, str]:
    """``(ok, detail)``: can pyqtgraph.opengl draw here?  Checked once per process.

    ``detail`` is the renderer and version when ``ok``, else the reason.  Needs
    a ``QGuiApplication``; never raises.
    """
    global _PROBE
    if _PROBE is None:
        try:
            _PROBE = _probe()
        except Exception as exc:  # a probe must not take the app down
            _PROBE = (False, f"{type(exc).__name__}: {exc}")
    return _PROBE


def _probe() -> tuple[bool, str]:
    if QGuiApplication.instance() is None:
        return False, "no QGuiApplication"
    platform = QGuiApplication.platformName()
    if platform in ("minimal", "offscreen"):
        return False, f"the Qt platform '{platform}' has no OpenGL"
    try:
        import pyqtgraph.opengl  # noqa: F401
        from OpenGL import GL
    except Exception as exc:
        return False, f"cannot import pyqtgraph.opengl / PyOpenGL ({exc})"
    ctx = QOpenGLContext()
    if not ctx.create():
        return False, f"no OpenGL context on the Qt platform '{platform}'"
    surface = QOffscreenSurface()
    surface.setFormat(ctx.format())
    surface.create()
    try:
        if not surface.isValid() or not ctx.makeCurrent(surface):
            return False, "the OpenGL context cannot be made current"
        try:
            version = GL.glGetString(GL.GL_VERSION)
            renderer = GL.glGetString(GL.GL_RENDERER)
        finally:
            ctx.doneCurrent()
    finally:
        surface.destroy()
    if not version:
        return False, "OpenGL reports no version"
    version_text = version.decode(errors="replace")
    try:
        major = int(version_text.split(".")[0].split()[-1])
    except ValueError:
        major = 0
    if major < 2:
        return False, f"OpenGL {version_text} is too old (2.0 or newer needed)"
    return True, f"{(renderer or b'?').decode(errors='replace')}, OpenGL {version_text}"


def _view_class():
    """``GLViewWidget`` that recompiles pyqtgraph's cached shader programs in a new context.

    pyqtgraph compiles each shader program once per process (``ShaderProgram.prog``
    and the item classes' ``_shaderProgram``); a program belongs
    to the context it was compiled in, so a second 3-D view in a new window
    (after the first was closed) would use dead program ids.  Unless the app
    shares GL contexts (``Qt.AA_ShareOpenGLContexts``), forget the cached ids
    whenever a view initialises its context.
    """
    global _VIEW_CLASS
    if _VIEW_CLASS is None:
        import pyqtgraph.opengl as gl
        from pyqtgraph.opengl import shaders
        from PySide6.QtCore import QCoreApplication

        class View(gl.GLViewWidget):
            def initializeGL(self) -> None:  # noqa: N802 (Qt override)
                if not QCoreApplication.testAttribute(
                        Qt.ApplicationAttribute.AA_ShareOpenGLContexts):
                    for program in shaders.ShaderProgram.names.values():
                        program.prog = None
                    for item_class in vars(gl).values():  # GLLinePlotItem & co.
                        if isinstance(item_class, type) and "_shaderProgram" in vars(item_class):
                            item_class._shaderProgram = None
                super().initializeGL()

        _VIEW_CLASS = View
    return _VIEW_CLASS


def _soft_shader():
    """Vertex colours lit from the camera, both sides, never darker than 55 %."""
    from pyqtgraph.opengl import shaders

    return shaders.ShaderProgram(f"optimizer_race_soft_{next(_shader_ids)}", [
        shaders.VertexShader("""
            uniform mat4 u_mvp;
            uniform mat3 u_normal;
            attribute vec4 a_position;
            attribute vec3 a_normal;
            attribute vec4 a_color;
            varying vec4 v_color;
            varying vec3 v_normal;
            void main() {
                v_normal = normalize(u_normal * a_normal);
                v_color = a_color;
                gl_Position = u_mvp * a_position;
            }
        """),
        shaders.FragmentShader("""
            #ifdef GL_ES
            precision mediump float;
            #endif
            varying vec4 v_color;
            varying vec3 v_normal;
            void main() {
                float p = abs(dot(normalize(v_normal), normalize(vec3(0.35, 0.55, 1.0))));
                gl_FragColor = vec4(v_color.rgb * (0.55 + 0.45 * p), v_color.a);
            }
        """),
    ])


class _DrapedTrail:
    """One racer's trail laid onto the mesh, extended only by the new steps."""

    def __init__(self, racer) -> None:
        self.racer = racer
        self.pts = np.empty((256, 3), dtype=np.float32)
        self.rows = np.empty(64, dtype=np.intp)
        self.n = 0  # trajectory rows draped
        self.last_step = -1.0

    def upto(self, n: int, view: Surface3DView) -> np.ndarray:
        """Points of the trail through trajectory row ``n - 1``."""
        traj = self.racer.trajectory
        steps = traj.column("step")
        if self.n and (len(traj) < self.n or steps[self.n - 1] != self.last_step):
            self.n = 0  # rows were thinned out: start again
        if n > self.n:
            first = max(self.n - 1, 0)
            x, y = traj.column("x")[first:n], traj.column("y")[first:n]
            pts, rows = geometry.drape(x, y, view.height_at, view.drape_step)
            if self.n:  # the first point is already there
                offset = self.rows[self.n - 1]
                pts, rows = pts[1:], rows[1:] + offset
            m0 = 0 if self.n == 0 else self.rows[self.n - 1] + 1
            self.pts = _fit(self.pts, m0 + len(pts))
            self.rows = _fit(self.rows, n)
            self.pts[m0:m0 + len(pts)] = pts
            self.rows[self.n:n] = rows
            self.n = n
            self.last_step = float(steps[n - 1])
        if n == 0:
            return self.pts[:0]
        return self.pts[: self.rows[n - 1] + 1]


def _fit(a: np.ndarray, size: int) -> np.ndarray:
    """``a`` with room for ``size`` rows (capacity doubles; contents kept)."""
    if size <= len(a):
        return a
    grown = np.empty((max(size, 2 * len(a)), *a.shape[1:]), dtype=a.dtype)
    grown[: len(a)] = a
    return grown


class Surface3DView(QWidget):
    """Shaded 3-D mesh of the session's surface with one line per racer.

    Args:
        bridge: the session's Qt bridge (signals in, nothing written back).
        resolution: mesh vertices along the longer side of the domain.
        colormap: a name known to ``pyqtgraph.colormap.get`` (same as the 2-D view).

    Attributes:
        available: False when OpenGL could not be initialised; the widget then
            shows ``message`` and ignores the session's signals.  Decided on
            first show (or first read).
        reason: the renderer when available, else why not.
    """

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None, *,
                 resolution: int = RESOLUTION, colormap: str = "viridis") -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.resolution = int(resolution)
        self.lut = colour_lut(colormap).astype(np.float32) / 255.0
        self.view = None
        self.surface_item = None
        self.contour_item = None
        self.marker_item = None
        self.line_items: list = []
        self.scale: geometry.LogScale | None = None
        self.height_scale = 1.0
        self.drape_step = 1.0
        self._grid: geometry.Grid | None = None  # the mesh's samples ...
        self._heights = np.empty((0, 0))  # ... and vertex heights, shape (ny, nx)
        self._colors: list[tuple[float, float, float, float]] = []
        self._drapes: list[_DrapedTrail] = []
        self.message: QLabel | None = None
        self._dirty = True  # trails or styles changed while hidden
        self._mesh_dirty = True  # the surface or domain changed while hidden
        #: Times the mesh was built (tests read it: never per frame).
        self.mesh_builds = 0
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._available: bool | None = None  # not probed yet
        self._reason = ""
        self._initialising = False

    @property
    def available(self) -> bool:
        self._init_gl()
        return bool(self._available)

    @property
    def reason(self) -> str:
        self._init_gl()
        return self._reason

    # -- setup ---------------------------------------------------------------------
    def _init_gl(self) -> None:
        """Probe OpenGL and build the GL widget, once: on first show, not at startup.

        The first GL widget in a shown window makes Qt recreate the native window
        (to composite it with OpenGL), which sends show events again: those find
        ``_initialising`` set and ``available`` still undecided, and do nothing.
        """
        if self._available is not None or self._initialising:
            return
        self._initialising = True
        try:
            ok, reason = probe_opengl()
            if ok:
                try:
                    self._build()
                except Exception as exc:
                    ok, reason = False, f"{type(exc).__name__}: {exc}"
        finally:
            self._initialising = False
        self._available, self._reason = ok, reason
        if not self._available:
            self._show_unavailable()
            return
        if self.isVisible():
            self.view.show()  # added while shown (layouts only queue that)
        bridge = self.bridge
        bridge.surfaceChanged.connect(self._on_surface)
        bridge.racersChanged.connect(self._on_racers)
        bridge.displayChanged.connect(self._on_display)
        bridge.cursorChanged.connect(self._on_cursor)
        self._on_surface()

    def _build(self) -> None:
        import pyqtgraph.opengl as gl
        from OpenGL import GL

        self.view = _view_class()(parent=self)
        self.view.setBackgroundColor(_BG)
        self._layout.addWidget(self.view)
        # Lines are tested against the mesh's depth but do not write depth:
        # a wide line strip's segments overlap at the joints and would
        # otherwise hide one another (dotted trails).  Items that write depth
        # set the mask back, and the markers (drawn last) leave it on for the
        # next frame's glClear.
        blend = {GL.GL_BLEND: True, GL.GL_CULL_FACE: False, GL.GL_DEPTH_TEST: True,
                 "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)}
        self._line_options = {**blend, "glDepthMask": (GL.GL_FALSE,)}
        self.surface_item = gl.GLSurfacePlotItem(
            shader=_soft_shader(), computeNormals=True, smooth=True,
            glOptions={GL.GL_DEPTH_TEST: True, GL.GL_BLEND: False, GL.GL_CULL_FACE: False,
                       GL.GL_POLYGON_OFFSET_FILL: True, "glPolygonOffset": (1.0, 1.0),
                       "glDepthMask": (GL.GL_TRUE,)})
        self.surface_item.setVisible(False)  # an empty mesh cannot be drawn
        self.surface_item.setDepthValue(-10)
        self.view.addItem(self.surface_item)
        self.contour_item = gl.GLLinePlotItem(mode="lines", color=(0.0, 0.0, 0.0, 0.35),
                                              width=1.0, antialias=True,
                                              glOptions=self._line_options)
        self.view.addItem(self.contour_item)
        self.marker_item = gl.GLScatterPlotItem(
            size=11, pxMode=True, glOptions={**blend, "glDepthMask": (GL.GL_TRUE,)})
        self.marker_item.setDepthValue(10)
        self.view.addItem(self.marker_item)

    def _show_unavailable(self) -> None:
        if self.view is not None:
            self.view.setParent(None)
            self.view.deleteLater()
            self.view = None
        self.message = QLabel(self._unavailable_text(), self)
        self.message.setObjectName("surface3dUnavailable")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout.addWidget(self.message)
        if self.isVisible():
            self.message.show()

    def _unavailable_text(self) -> str:
        # translate(), not self.tr(): lupdate loses the class after _view_class's nested class
        return translate("Surface3DView", "3-D view unavailable: OpenGL could not be "
                                          "initialised ({0}). Everything else works.").format(
            self._reason)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange and self.message is not None:
            self.message.setText(self._unavailable_text())
        super().changeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._init_gl()
        if self._available:
            if self._mesh_dirty:
                self._on_surface()
            elif self._dirty:
                self._dirty = False
                self._on_racers()  # only the trails: the mesh is still right
            QTimer.singleShot(0, self._check_context)

    def _check_context(self) -> None:
        """Fall back to the message if the shown GL widget has no valid context."""
        if self.view is None or not self._available or not self.view.isVisible():
            return
        if not self.view.isValid():
            self._available = False
            self._reason = "the OpenGL widget has no valid context"
            self._disconnect()
            self._show_unavailable()

    def _disconnect(self) -> None:
        for signal, slot in ((self.bridge.surfaceChanged, self._on_surface),
                             (self.bridge.racersChanged, self._on_racers),
                             (self.bridge.displayChanged, self._on_display),
                             (self.bridge.cursorChanged, self._on_cursor)):
            signal.disconnect(slot)

    # -- public --------------------------------------------------------------------
    @property
    def session(self):
        return self.bridge.session

    def fit_view(self) -> None:
        """Look at the whole domain from the default angle."""
        if self.view is None:
            return
        from pyqtgraph import Vector

        xmin, xmax, ymin, ymax = self.session.domain
        self.view.setCameraPosition(
            pos=Vector((xmin + xmax) / 2, (ymin + ymax) / 2, 0.3 * self.height_scale),
            distance=1.25 * float(np.hypot(xmax - xmin, ymax - ymin)), elevation=58, azimuth=-115)

    def height_at(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Height of trail points: on the drawn mesh (lifted); off the mesh ``scale(f)``."""
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        h = self.height_scale
        z = geometry.mesh_height(self._grid, self._heights, x, y)
        out = ~np.isfinite(z)
        if out.any():
            with np.errstate(all="ignore"):
                exact = self.scale(self.session.surface.value(x[out], y[out]))
            z[out] = np.nan_to_num(exact, nan=1.0) * h
        return z + LIFT * h

    # -- session -------------------------------------------------------------------
    def _on_surface(self) -> None:
        if not self.isVisible():
            self._dirty = self._mesh_dirty = True
            return
        self._dirty = self._mesh_dirty = False
        self.mesh_builds += 1
        session = self.session
        surface, domain = session.surface, session.domain
        grid = geometry.sample(surface, domain, self.resolution, vertices=True)
        log = geometry.has_interior_minimum(grid)
        self.scale = scale = geometry.LogScale.fit(grid.z, low=FLOOR_PERCENTILE if log else 100.0)
        span = max(domain[1] - domain[0], domain[3] - domain[2])
        h = self.height_scale = HEIGHT * span
        self.drape_step = span / 200
        self._drapes = []
        t = np.nan_to_num(scale(grid.z), nan=1.0)  # undefined -> top of the scale
        colors = self.lut[np.round(t.T * (len(self.lut) - 1)).astype(np.intp)]
        self._grid, self._heights = grid, t * h
        self.surface_item.setData(x=grid.x, y=grid.y, z=self._heights.T.astype(np.float32),
                                  colors=colors)
        self.surface_item.setVisible(True)
        lines = geometry.sample(surface, domain, 2 * self.resolution)
        xs, ys = geometry.contour_lines(lines, scale, scale.levels(N_LEVELS))
        zs = self.height_at(xs, ys) - 0.5 * LIFT * h  # on the mesh, below the trails
        self.contour_item.setData(pos=geometry.segments(xs, ys, zs))
        self.fit_view()
        self._on_racers()

    def _on_racers(self) -> None:
        if self._dirty or not self.isVisible():
            self._dirty = True
            return
        import pyqtgraph.opengl as gl

        n = len(self.session.race.racers)
        while len(self.line_items) > n:
            self.view.removeItem(self.line_items.pop())
        while len(self.line_items) < n:
            item = gl.GLLinePlotItem(mode="line_strip", width=2.5, antialias=True,
                                     glOptions=self._line_options)
            self.view.addItem(item)
            self.line_items.append(item)
        self._restyle()
        self._on_cursor(self.session.cursor)

    def _on_display(self, _index: int) -> None:
        if self._dirty or not self.isVisible():
            self._dirty = True
            return
        self._restyle()
        self._on_cursor(self.session.cursor)

    def _restyle(self) -> None:
        session = self.session
        self._colors = [pg.mkColor(d.color).getRgbF() for d in session.display]
        for i, (item, d) in enumerate(zip(self.line_items, session.display, strict=True)):
            item.setData(color=self._colors[i], width=3.5 if i == session.selected else 2.5)
            item.setVisible(d.visible)

    def _on_cursor(self, step: int) -> None:
        if self._dirty or not self.isVisible():
            self._dirty = True
            return
        session = self.session
        racers = session.race.racers
        if len(racers) != len(self.line_items):
            self._on_racers()
            return
        if [d.racer for d in self._drapes] != racers:
            self._drapes = [_DrapedTrail(r) for r in racers]
        h = self.height_scale
        pos, colors = [], []
        for i, (drape, item) in enumerate(zip(self._drapes, self.line_items, strict=True)):
            n = geometry.cursor_index(drape.racer.trajectory.column("step"), step)
            pts = drape.upto(n, self)
            item.setData(pos=pts)
            if session.display[i].visible and len(pts):
                pos.append(pts[-1] + (0.0, 0.0, 0.5 * LIFT * h))
                colors.append(self._colors[i])
        if pos:
            self.marker_item.setData(pos=np.array(pos), color=np.array(colors), size=11)
        else:
            self.marker_item.setData(pos=np.zeros((0, 3)))
