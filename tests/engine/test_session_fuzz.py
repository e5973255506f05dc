"""Fuzz: mutated session files either load or raise SessionError, nothing else.

Valid session files are mutated (type swaps, huge, infinite and NaN numbers, deep
nesting, wrong shapes, odd Unicode, missing and extra keys, truncation, byte
noise) with a fixed seed, so a failure reproduces; the case number and the
mutation are in the failure message.  Every file is loaded both from disk
(``Session.load``) and as parsed data (``Session.load_dict``); a refused file must
leave the session as it was.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import random
from pathlib import Path
from typing import Any

import pytest

from engine.presets import PRESETS
from engine.race import RaceConfig, RacerConfig
from engine.schedules import Schedule
from engine.session import Session, SessionError

CASES = 1500
SEED = 20240609


def base_sessions() -> list[dict[str, Any]]:
    """Valid files that use every field: presets, a formula with domain and minima,
    racers with labels, own starts and schedules, hidden racers, noise."""
    out = []
    for name, steps in (("ravine", 6), ("himmelblau", 4)):
        s = Session()
        s.apply(PRESETS[name].config(), step=steps)
        s.set_display(1, visible=False)
        out.append(s.to_dict())
    s = Session(RaceConfig(
        surface="x^2 + 3*y^2", domain=(-2.0, 2.0, -1.5, 1.5), minima=((0.0, 0.0, 0.0),),
        start=(1.5, 1.0), noise_sigma=0.1, seed=7,
        racers=[RacerConfig("adam", {"lr": 0.1}, label="Adam fast", start=(-1.0, 0.5),
                            schedule=Schedule("cosine", {"t_max": 20})),
                RacerConfig("sgd", {"lr": 0.05, "momentum": 0.5}, label="héavy ball 🚀",
                            schedule=Schedule("step", {"step_size": 3, "gamma": 0.5})),
                RacerConfig("rprop")]))
    s.step(5)
    s.seek(2)
    out.append(s.to_dict())
    return out


HOSTILE = [
    None, True, False, 0, -1, 1, 7, 0.5, -2.5, 1e308, -1e308, 5e-324, 2**31, 2**63, 2**64,
    -(2**63), 10**400, -(10**400), math.inf, -math.inf, math.nan, "", "x", "0.1", "1e400",
    "NaN", "Infinity", "#12345", "#GGGGGG", "#e69f00", "javascript:alert(1)<b>x</b>",
    "sgd", "adam", "ravine", "cosine", "\x00", "a\nb", "\ud800", "é", "🚀" * 3,
    "\u202eevil", "x" * 10_000, [], {}, [1], [1, 2], [1, 2, 3, 4], ["a", "b"],
    [math.inf, 0], [10**400, 1], {"a": 1}, {"optimizer": "sgd"}, {"kind": "step"},
    [[1, 2]], [[1, 2, 3]], {"0": 1}, 12345,
]


NEST = "@@nest:"


@functools.cache
def nested(depth: int) -> Any:
    """A value nested ``depth`` levels deep (built without recursion)."""
    value: Any = 1
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


@functools.cache
def nested_text(depth: int) -> str:
    return "".join("[" if i % 2 else '{"k": ' for i in reversed(range(depth))) + "1" + "".join(
        "]" if i % 2 else "}" for i in range(depth))


def expand(node: Any) -> Any:
    """Replace the nesting markers by deeply nested values (json.dumps cannot write them)."""
    if isinstance(node, str) and node.startswith(NEST):
        return nested(int(node[len(NEST):]))
    if isinstance(node, dict):
        return {k: expand(v) for k, v in node.items()}
    if isinstance(node, list):
        return [expand(v) for v in node]
    return node


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a node (dict keys and list indices), the root excluded."""
    out = []
    if isinstance(node, dict):
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return out
    for key, child in items:
        out.append((*prefix, key))
        out += paths(child, (*prefix, key))
    return out


def get(node: Any, path: tuple) -> Any:
    for key in path:
        node = node[key]
    return node


def mutate_data(data: dict[str, Any], rng: random.Random) -> tuple[Any, str]:
    """One to three structural mutations; returns the value and what was done."""
    data = copy.deepcopy(data)
    done = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        all_paths = paths(data)
        path = rng.choice(all_paths)
        parent = get(data, path[:-1])
        key = path[-1]
        kind = rng.choice(["swap", "swap", "swap", "nest", "delete", "add", "grow", "wrap"])
        if kind == "swap":
            parent[key] = copy.deepcopy(rng.choice(HOSTILE))
        elif kind == "nest":
            parent[key] = f"{NEST}{rng.choice([3, 20, 40, 200, 1000, 100_000])}"
        elif kind == "delete":
            del parent[key]
        elif kind == "add" and isinstance(parent, dict):
            parent[rng.choice(["extra", "values", "label", "start", "x", "schedule"])] = (
                copy.deepcopy(rng.choice(HOSTILE)))
        elif kind == "grow" and isinstance(parent[key], list) and parent[key]:
            parent[key] = parent[key] * rng.choice([2, 30, 200])
        else:
            parent[key] = [parent[key]] if rng.random() < 0.5 else {"v": parent[key]}
        done.append(f"{kind} {'/'.join(map(str, path))}")
    if rng.random() < 0.05:
        data = rng.choice([[data], "session", 3, None])
        done.append("root")
    return data, "; ".join(done)


def mutate_text(text: str, rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["truncate", "noise", "number", "unicode"])
    if kind == "truncate":
        cut = rng.randrange(len(text))
        return text[:cut], f"truncate at {cut}"
    if kind == "noise":
        chars = list(text)
        for _ in range(rng.randint(1, 5)):
            chars.insert(rng.randrange(len(chars)), rng.choice('[]{}",:0-.eE\\\x00é'))
        return "".join(chars), "noise"
    if kind == "number":
        digits = [i for i, c in enumerate(text) if c.isdigit()]
        i = rng.choice(digits)
        return text[:i] + rng.choice(["9" * 500, "9" * 5000, "1e999", "-0", "NaN"]) + text[i:], \
            f"number at {i}"
    return text.replace('"', rng.choice(['"\\ud800', '"\u00e9', '"\\u0000']), 1), "unicode"


def dumps(value: Any) -> str:
    text = json.dumps(value, allow_nan=True)
    while NEST in text:
        start = text.index(f'"{NEST}')
        end = text.index('"', start + 1) + 1
        text = text[:start] + nested_text(int(text[start + 1 + len(NEST):end - 1])) + text[end:]
    return text


def test_mutated_session_files_load_or_raise_session_error(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    bases = base_sessions()
    for base in bases:  # the bases themselves are valid
        Session().load_dict(base)
    target = Session()
    target.apply(PRESETS["saddle"].config(), step=3)
    before = dumps(target.to_dict())
    escaped: list[str] = []
    outcomes = {"loaded": 0, "refused": 0}
    path = tmp_path / "fuzz.json"
    for case in range(CASES):
        base = rng.choice(bases)
        if rng.random() < 0.75:
            data, how = mutate_data(base, rng)
            text = dumps(data)
        else:
            data, (text, how) = None, mutate_text(dumps(base), rng)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        loads = [("load", lambda: target.load(path))]
        if data is not None:
            loads.append(("load_dict", functools.partial(target.load_dict, expand(data))))
        for name, load in loads:
            try:
                load()
            except SessionError:
                outcomes["refused"] += 1
                if dumps(target.to_dict()) != before:
                    escaped.append(f"case {case} ({how}): {name} refused but changed the session")
            except BaseException as exc:  # noqa: BLE001 (this is what the test looks for)
                escaped.append(f"case {case} ({how}): {name} -> {type(exc).__name__}: "
                               f"{str(exc)[:120]}")
            else:
                outcomes["loaded"] += 1
                json.loads(json.dumps(target.to_dict()))  # what loaded saves again
                target.apply(PRESETS["saddle"].config(), step=3)
                before = dumps(target.to_dict())
    assert not escaped, f"{len(escaped)} escapes:\n" + "\n".join(escaped[:30])
    # The fuzz explores both sides: some mutations are harmless, most are refused.
    assert outcomes["loaded"] > 50 and outcomes["refused"] > 1000, outcomes


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:30])
@pytest.mark.parametrize("field", ["surface", "start", "noise_sigma", "seed", "x_tol", "grad_tol",
                                   "bound", "domain", "minima", "racers"])
def test_race_config_from_dict_raises_only_value_error(field: str, value: Any) -> None:
    data = RaceConfig(racers=[RacerConfig("adam")]).to_dict()
    data[field] = value
    try:
        RaceConfig.from_dict(data)
    except ValueError as exc:
        assert len(str(exc)) < 400 and "\n" not in str(exc)


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:30])
@pytest.mark.parametrize("field", ["optimizer", "values", "label", "start", "schedule", "lr",
                                   "momentum", "nesterov", "kind", "params", "gamma"])
def test_racer_and_schedule_from_dict_raise_only_value_error(field: str, value: Any) -> None:
    racer = RacerConfig("sgd", {"lr": 0.1, "momentum": 0.5},
                        schedule=Schedule("step", {"gamma": 0.5})).to_dict()
    if field in ("lr", "momentum", "nesterov"):
        racer["values"][field] = value
    elif field in ("kind", "params"):
        racer["schedule"][field] = value
    elif field == "gamma":
        racer["schedule"]["params"][field] = value
    else:
        racer[field] = value
    try:
        RacerConfig.from_dict(racer)
    except ValueError as exc:
        assert len(str(exc)) < 400 and "\n" not in str(exc)
    try:
        Schedule.from_dict(value)
    except ValueError as exc:
        assert len(str(exc)) < 400 and "\n" not in str(exc)


@pytest.mark.parametrize("values", [{"self": 1}, {"cls": 1}, {1: 2}, {"": 3}, {None: 1},
                                    {"lr": 0.1, "x" * 10_000: 1}])
def test_odd_hyper_parameter_names_are_value_errors(values: dict) -> None:
    for build in (lambda: RacerConfig("sgd", values),
                  lambda: RacerConfig.from_dict({"optimizer": "sgd", "values": values})):
        with pytest.raises(ValueError, match="unknown hyper-parameter|must have text keys") as e:
            build()
        assert len(str(e.value)) < 400
