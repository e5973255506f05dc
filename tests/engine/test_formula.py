"""Tests for :mod:`engine.formula`: correctness, hostile input, fuzzing, no eval."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.formula import (
    ALLOWED_FUNCTIONS,
    MAX_LENGTH,
    SYNTAX_HELP,
    FormulaError,
    parse_formula,
)
from engine.surface import Surface

ENGINE_DIR = Path(__file__).resolve().parents[2] / "engine"

# -- correctness ---------------------------------------------------------------

# formula -> the same function written by hand in numpy
CASES = {
    "x**2/20 + y**2": lambda x, y: x**2 / 20 + y**2,
    "x^2/20 + y^2": lambda x, y: x**2 / 20 + y**2,
    "(1-x)^2 + 100*(y-x^2)^2": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    "sin(x)*cos(y)": lambda x, y: np.sin(x) * np.cos(y),
    "exp(-(x^2+y^2))": lambda x, y: np.exp(-(x**2 + y**2)),
    "atan(x) + arctan(y)": lambda x, y: np.arctan(x) + np.arctan(y),
    "abs(x) + sqrt(y^2+1)": lambda x, y: np.abs(x) + np.sqrt(y**2 + 1),
    "-x": lambda x, y: -x,
    "2e-3*x": lambda x, y: 2e-3 * x,
    "pi*e": lambda x, y: np.full(np.broadcast_shapes(np.shape(x), np.shape(y)), np.pi * np.e),
    "3": lambda x, y: np.full(np.broadcast_shapes(np.shape(x), np.shape(y)), 3.0),
    "log(1 + x^2 + y^2) - tan(x/3)": lambda x, y: np.log(1 + x**2 + y**2) - np.tan(x / 3),
    "tanh(x)*sinh(y) + cosh(x/3)": lambda x, y: np.tanh(x) * np.sinh(y) + np.cosh(x / 3),
    "-x^2 + 2^3^2 / 512": lambda x, y: -(x**2) + 1.0 + 0 * y,
    "x*y/(1 + x^2)": lambda x, y: x * y / (1 + x**2),
    "(x^2 + y^2)^0.5 + e^x": lambda x, y: np.sqrt(x**2 + y**2) + np.exp(x),
    "abs(sin(x))*y": lambda x, y: np.abs(np.sin(x)) * y,
}

RNG = np.random.default_rng(12345)
# Sample points away from the kinks of |x| and |sin x| at x = 0.
_PX = RNG.uniform(0.2, 2.0, 12) * RNG.choice([-1.0, 1.0], 12)
_PY = RNG.uniform(-2.0, 2.0, 12)


def _num_grad(f, x, y, h=1e-6):
    gx = (f(x + h, y) - f(x - h, y)) / (2 * h)
    gy = (f(x, y + h) - f(x, y - h)) / (2 * h)
    return gx, gy


def _close(actual, expected, rtol):
    scale = 1.0 + np.abs(expected)
    assert np.all(np.abs(np.asarray(actual) - expected) <= rtol * scale), (actual, expected)


@pytest.mark.parametrize("formula", list(CASES))
def test_value_matches_numpy(formula: str) -> None:
    s = parse_formula(formula)
    expected = CASES[formula](_PX, _PY)
    np.testing.assert_allclose(s.value(_PX, _PY), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("formula", list(CASES))
def test_gradient_matches_central_differences(formula: str) -> None:
    s = parse_formula(formula)
    gx, gy = s.grad(_PX, _PY)
    ngx, ngy = _num_grad(CASES[formula], _PX, _PY)
    _close(gx, ngx, 1e-5)
    _close(gy, ngy, 1e-5)


@pytest.mark.parametrize("formula", list(CASES))
def test_hessian_matches_central_differences_of_gradient(formula: str) -> None:
    s = parse_formula(formula)
    hxx, hxy, hyy = s.hessian(_PX, _PY)
    h = 1e-5
    gx_xp, gy_xp = s.grad(_PX + h, _PY)
    gx_xm, gy_xm = s.grad(_PX - h, _PY)
    gx_yp, gy_yp = s.grad(_PX, _PY + h)
    gx_ym, gy_ym = s.grad(_PX, _PY - h)
    _close(hxx, (gx_xp - gx_xm) / (2 * h), 1e-5)
    _close(hxy, (gx_yp - gx_ym) / (2 * h), 1e-5)
    _close(hxy, (gy_xp - gy_xm) / (2 * h), 1e-5)
    _close(hyy, (gy_yp - gy_ym) / (2 * h), 1e-5)


SHAPES = [
    (0.5, -0.25, ()),
    (np.linspace(-1, 1, 5), np.linspace(1, 2, 5), (5,)),
    (RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4)), (3, 4)),
    (np.linspace(-1, 1, 3)[:, None], np.linspace(-1, 1, 4)[None, :], (3, 4)),
    (np.float64(1.0), np.ones((2, 5)), (2, 5)),
]


@pytest.mark.parametrize("formula", ["x^2/20 + y^2", "3", "pi*e", "-x", "abs(x) + y"])
@pytest.mark.parametrize("x, y, shape", SHAPES)
def test_output_shapes_and_dtype(formula: str, x, y, shape) -> None:
    s = parse_formula(formula)
    outputs = [s.value(x, y), *s.grad(x, y), *s.hessian(x, y)]
    outputs += [s.value_fn(np.asarray(x), np.asarray(y))]
    outputs += [*s.grad_fn(np.asarray(x), np.asarray(y))]
    outputs += [*s.hessian_fn(np.asarray(x), np.asarray(y))]
    for out in outputs:
        assert isinstance(out, np.ndarray)
        assert out.shape == shape
        assert out.dtype == np.float64


def test_point_form_shapes() -> None:
    s = parse_formula("(1-x)^2 + 100*(y-x^2)^2")
    pts = RNG.normal(size=(7, 2))
    assert s.value_at(pts).shape == (7,)
    assert s.grad_at(pts).shape == (7, 2)
    assert s.hessian_at(pts).shape == (7, 2, 2)
    np.testing.assert_allclose(s.grad_at(np.array([1.0, 1.0])), [0.0, 0.0], atol=1e-12)


def test_constant_formula_has_zero_derivatives() -> None:
    s = parse_formula("3")
    x = np.zeros((2, 3))
    np.testing.assert_array_equal(s.value(x, x), 3.0)
    for g in (*s.grad(x, x), *s.hessian(x, x)):
        np.testing.assert_array_equal(g, 0.0)


def test_value_does_not_alias_the_input() -> None:
    s = parse_formula("x")
    x = np.array([1.0, 2.0])
    out = s.value_fn(x, np.zeros(2))
    out[0] = 99.0
    assert x[0] == 1.0


def test_surface_metadata() -> None:
    s = parse_formula("  x^2/20 + y^2  ")
    assert isinstance(s, Surface)
    assert s.builtin is False
    assert s.minima == ()
    assert s.formula == "x^2/20 + y^2"
    assert s.title == "f(x, y) = x^2/20 + y^2"
    assert s.name == "custom"
    assert s.latex == r"\frac{x^{2}}{20} + y^{2}"
    assert s.domain == (-5.0, 5.0, -5.0, 5.0)
    assert s.start == pytest.approx((-3.0, 3.0))
    assert s.to_dict()["builtin"] is False


def test_surface_options() -> None:
    s = parse_formula("x*y", domain=(0, 10, -1, 1), name="mine", title="Saddle")
    assert (s.name, s.title, s.domain) == ("mine", "Saddle", (0.0, 10.0, -1.0, 1.0))
    assert s.start == pytest.approx((2.0, 0.6))
    assert parse_formula("x*y", start=(1, 2)).start == (1.0, 2.0)


def test_formula_round_trips() -> None:
    s = parse_formula("sin(x)^2 + abs(y)")
    t = parse_formula(s.formula)
    np.testing.assert_array_equal(s.value(_PX, _PY), t.value(_PX, _PY))


def test_caret_is_right_associative_power_and_binds_tighter_than_minus() -> None:
    assert parse_formula("2^3^2").value(0, 0) == 512.0
    assert parse_formula("-2^2").value(0, 0) == -4.0
    assert parse_formula("2^-1").value(0, 0) == 0.5
    assert parse_formula("x ^ 2").value(3, 0) == 9.0


def test_repeated_parse_is_cached() -> None:
    a = parse_formula("sin(x) + y^2")
    b = parse_formula("sin(x) + y^2", name="other")
    assert a.value_fn is b.value_fn
    assert b.name == "other"
    with pytest.raises(FormulaError) as e1:
        parse_formula("x + z")
    with pytest.raises(FormulaError) as e2:
        parse_formula("x + z")
    assert str(e1.value) == str(e2.value)
    assert e1.value is not e2.value


def test_out_of_domain_gives_nan_without_warnings() -> None:
    x = np.array([-1.0, 0.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v = parse_formula("log(x) + sqrt(x)").value(x, x)
        assert np.isnan(v[0]) and np.isinf(v[1]) and v[2] == 1.0
        assert np.isinf(parse_formula("exp(x)").value(1000.0, 0.0))
        assert np.isinf(parse_formula("1/x").value(0.0, 0.0))
        assert np.isinf(parse_formula("exp(exp(exp(x)))").value(3.0, 0.0))
        gx, gy = parse_formula("x^y").grad(-1.5, 0.5)
        assert np.isnan(gx) and np.isnan(gy)


def test_complex_intermediate_results_become_nan() -> None:
    s = parse_formula("(-2)^x")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert s.value(2.0, 0.0) == 4.0
        assert np.isnan(s.value(0.5, 0.0))
        gx, _ = s.grad(np.array([2.0, 0.5]), 0.0)  # involves log(-2)
        assert gx.dtype == np.float64 and np.all(np.isnan(gx))


def test_abs_derivatives_compile_and_drop_dirac_delta() -> None:
    s = parse_formula("abs(x) + abs(sin(y)) + sqrt(x^2)*y + abs(log(x))")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gx, gy = s.grad(np.array([-2.0, 2.0]), np.array([0.5, 0.5]))
        np.testing.assert_allclose(gx[1], 1.0 + 0.5 + 0.5)  # d/dx at x=2: 1 + y + 1/x
        hxx, hxy, hyy = s.hessian(np.array([0.0, 2.0]), np.array([0.0, 0.5]))
    assert np.all(np.isfinite(hxy)) and hxy[1] == 1.0
    assert hxx[1] == pytest.approx(-1 / 4)  # only the log term curves
    assert "Delta" not in s.latex


# -- limits --------------------------------------------------------------------


def test_length_limit_boundary() -> None:
    at_limit = "1." + "0" * (MAX_LENGTH - 4) + "*x"
    assert len(at_limit) == MAX_LENGTH
    assert parse_formula(at_limit).value(2.0, 0.0) == 2.0
    with pytest.raises(FormulaError, match=rf"too long \({MAX_LENGTH + 1} characters"):
        parse_formula(at_limit + "0")


def test_bracket_depth_limit() -> None:
    assert parse_formula("(" * 30 + "x" + ")" * 30).value(1.0, 0.0) == 1.0
    with pytest.raises(FormulaError, match="nested too deeply.*column 31"):
        parse_formula("(" * 31 + "x" + ")" * 31)


def test_exponent_limit() -> None:
    parse_formula("x^100")
    parse_formula("x^(50*2)")
    parse_formula("x^-100")
    parse_formula("x^y")  # non-constant exponents are fine
    for text in ("x^101", "x^-101", "x^(51*2)", "x**1e10"):
        with pytest.raises(FormulaError, match="exponent too large"):
            parse_formula(text)


def test_number_size_limit() -> None:
    parse_formula("1e300*x")
    for text in ("1e301*x", "1e999", "1" + "0" * 301, "exp(1000)", "10^100^2"):
        with pytest.raises(FormulaError):
            parse_formula(text)


def test_long_sums_are_not_too_deep() -> None:
    s = parse_formula(" + ".join(["x*y"] * 40))
    assert s.value(1.0, 2.0) == 80.0


def test_symbolic_blowup_is_rejected() -> None:
    product = "*".join(f"sin(x+{i}*y)" for i in range(20))
    with pytest.raises(FormulaError, match="too complex"):
        parse_formula(product)
    with pytest.raises(FormulaError, match="too complex"):
        parse_formula("^".join(["x"] * 40))


# -- errors --------------------------------------------------------------------

HOSTILE = [
    "__import__('os').system('ls')",
    "x.__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "[x for x in y]",
    "(x for x in y)",
    "{x: y}",
    "{x}",
    "x if y else 1",
    "x < y",
    "x and y",
    "not x",
    "~x",
    "x // y",
    "x % y",
    "x @ y",
    "x | y",
    "'abc'",
    "b'a'",
    "f'{x}'",
    "x[0]",
    "x[0:1]",
    "sin(x, y)",
    "sin()",
    "sin(x=1)",
    "sin(*x)",
    "sin(**x)",
    "sin(^x)",
    "(x := 1)",
    "9**9**9**9",
    "x**1000",
    "2**1e10",
    "exp(exp(exp(1e300)))",
    "(((2*x)^100)^100)^100",
    "(" * 10000 + "x" + ")" * 10000,
    "x+" * 200000 + "x",
    "x" * 1_000_000,
    "z",
    "open",
    "print(x)",
    "x y",
    "2x",
    "x +",
    ")",
    "(x",
    "",
    "   ",
    "x\0",
    "\0",
    "x²",
    "ｘ",
    "import os",
    "x; y",
    "x\ny",
    "x\r\ny",
    "x = 1",
    "x # comment",
    "x \\",
    "globals()",
    "1e999",
    "nan",
    "inf",
    "None",
    "True",
    "...",
    "1j",
    "0x10",
    "x,",
    "x, y",
    "()",
    "1/0",
    "x/(x-x)",
    "log(0)",
    "sqrt(-1)",
    "tan(pi/2)",
    "(-8)^(1/3)",
    "sin",
    "x(y)",
    "(x)(y)",
    "sin.__call__(x)",
    "await x",
    "-" * 60 + "x",
    "x - x + sqrt(x - x - 1)",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:30]))
def test_hostile_input_raises_formula_error(text: str) -> None:
    with pytest.raises(FormulaError) as info:
        parse_formula(text)
    err = info.value
    assert isinstance(err, ValueError)
    assert str(err)
    assert err.column is None or (isinstance(err.column, int) and err.column >= 1)
    if err.column is not None:
        assert f"column {err.column}" in str(err)


@pytest.mark.parametrize(
    "text, fragments, column",
    [
        ("x + z", ["unknown name 'z'", "column 5"], 5),
        ("x + foo(y)", ["unknown function 'foo'", "column 5"], 5),
        ("  x + z", ["unknown name 'z'", "column 7"], 7),
        ("x^2 + z", ["unknown name 'z'", "column 7"], 7),  # '^' is 1 column, '**' is 2
        ("x^2^2 + * y", ["unexpected '*'", "column 9"], 9),
        ("x ^ ", ["column 4"], 4),
        ("x = 1", ["unexpected '='", "column 3"], 3),
        ("sin(x, y)", ["sin() takes exactly one argument", "column 1"], 1),
        ("x.__class__", ["attribute access is not allowed", "column 2"], 2),
        ("lambda: 1", ["lambda is not allowed", "column 1"], 1),
        ("sin(x=1)", ["keyword arguments are not allowed", "column 5"], 5),
        ("x**1000", ["exponent too large", "column 4"], 4),
        ("x^1000", ["exponent too large", "column 3"], 3),
        ("x²", ["unexpected character '²'", "column 2"], 2),
        ("x\ny", ["line breaks", "column 2"], 2),
        ("(x + 1", ["unclosed '('", "column 1"], 1),
        ("x + 1)", ["unmatched ')'", "column 6"], 6),
        ("'abc'", ["strings are not allowed"], 1),
        ("x // 2", ["'//' is not allowed", "column 3"], 3),
        ("X + 1", ["did you mean 'x'"], 1),
        ("", ["empty formula"], None),
        ("x" * 1_000_000, ["formula is too long (1000000 characters, at most 500)"], None),
    ],
)
def test_error_messages(text: str, fragments: list[str], column: int | None) -> None:
    with pytest.raises(FormulaError) as info:
        parse_formula(text)
    for fragment in fragments:
        assert fragment in str(info.value)
    assert info.value.column == column


@pytest.mark.parametrize(
    "kwargs",
    [
        {"domain": (1.0, 0.0, 0.0, 1.0)},
        {"domain": (0.0, 1.0, 0.0)},
        {"domain": (0.0, float("nan"), 0.0, 1.0)},
        {"domain": None},
        {"start": ("a", 1.0)},
        {"start": (1.0, float("inf"))},
        {"start": 3},
    ],
)
def test_bad_arguments_raise_formula_error(kwargs) -> None:
    with pytest.raises(FormulaError):
        parse_formula("x", **kwargs)


@pytest.mark.parametrize("text", [None, b"x", 3, ["x"]])
def test_non_text_raises_formula_error(text) -> None:
    with pytest.raises(FormulaError):
        parse_formula(text)  # type: ignore[arg-type]


def test_public_constants() -> None:
    assert "atan" in ALLOWED_FUNCTIONS and "arctan" in ALLOWED_FUNCTIONS
    for name in ALLOWED_FUNCTIONS:
        assert name in SYNTAX_HELP
        assert parse_formula(f"{name}(x/10 + 2)").value(1.0, 0.0).shape == ()


# -- fuzzing -------------------------------------------------------------------

_POINTS = (np.array([-1.5, 0.0, 0.7, 3.0]), np.array([0.5, -2.0, 0.0, 1.0]))


def _parse_or_reject(text: str) -> None:
    """parse_formula either gives a usable surface or raises FormulaError; nothing else."""
    try:
        s = parse_formula(text)
    except FormulaError as err:
        assert err.column is None or err.column >= 1
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        outs = [s.value(*_POINTS), *s.grad(*_POINTS), *s.hessian(*_POINTS)]
    for out in outs:
        assert out.shape == (4,) and out.dtype == np.float64


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=200))
def test_fuzz_arbitrary_text(text: str) -> None:
    _parse_or_reject(text)


_TOKENS = [
    "x", "y", "+", "-", "*", "/", "**", "^", "(", ")", "sin(", "2", "0.5", "pi", "e",
    "abs(", " ", ",", ".", "_", "[", "lambda", "exp(", "log(", "sqrt(", "9", "1e300",
]  # fmt: skip


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30))
def test_fuzz_token_soup(tokens: list[str]) -> None:
    _parse_or_reject("".join(tokens))


_LEAVES = st.sampled_from(["x", "y", "2", "0.5", "pi", "e", "3e-2", "10", "0", "1e300"])
_FORMULAS = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "^", "**"]), inner).map(
            lambda t: f"({t[0]}){t[1]}({t[2]})"
        ),
        st.tuples(st.sampled_from(ALLOWED_FUNCTIONS), inner).map(lambda t: f"{t[0]}({t[1]})"),
        inner.map(lambda s: f"-{s}"),
    ),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None, database=None)
@given(_FORMULAS)
def test_fuzz_well_formed_formulas(text: str) -> None:
    """Mostly valid formulas: exercises building, differentiation and evaluation."""
    _parse_or_reject(text)


# -- no dynamic evaluation anywhere in the engine --------------------------------

_FORBIDDEN = re.compile(r"\b(?:eval|exec)\s*\(|\bsympify\b|\bparse_expr\b")


def test_engine_never_evaluates_text() -> None:
    files = sorted(ENGINE_DIR.rglob("*.py"))
    assert ENGINE_DIR / "formula.py" in files
    offenders = [
        f"{path.relative_to(ENGINE_DIR)}:{lineno}: {line.strip()}"
        for path in files
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _FORBIDDEN.search(line)
    ]
    assert offenders == []
