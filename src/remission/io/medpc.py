"""MED-PC IV data files: parse the blocks, then bin mapped event arrays into free-operant steps.

A MED-PC file holds one block per subject and session: a header (``Start Date``, ``Subject``,
``Box``, ``Start Time``, ``End Time``, ``MSN``...) then lettered arrays (``A:`` ... ``Z:``) written
as ``index: v v v v v`` lines, or scalar variables (``B: 12.000``). What an array means is defined
by the box program, which the file does not contain — so the user says which array holds which
lever's press time stamps (and, optionally, delivery time stamps) and in what unit.

Example
-------
>>> data = read_medpc("day01.txt", presses={"drug": "V", "inactive": "Y"}, unit="s",
...                   bin_seconds=20)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from remission.engine.memory import check_memory
from remission.errors import RemissionError, input_file
from remission.io.schema import TrialData, validate
from remission.protocols.schema import ACTIONS

#: Host memory per binned step while a MED-PC file is turned into trials (object columns, validation).
MEDPC_BYTES_PER_BIN = 2000

UNITS = {"ms": 1e-3, "cs": 1e-2, "ds": 0.1, "s": 1.0, "min": 60.0}
"""Time-stamp units (seconds per unit): ``cs`` is MED-PC's common 10 ms tick."""

_ARRAY = re.compile(r"^([A-Z]):\s*(.*)$")
_ROW = re.compile(r"^\s*(\d+):\s*(.*)$")
_HEADER = re.compile(r"^([A-Za-z][A-Za-z ]+):\s*(.*)$")


@dataclass
class MedPCBlock:
    """One subject-session block: header fields, arrays (numpy), the line it starts on."""

    header: dict[str, str]
    arrays: dict[str, np.ndarray]
    line: int
    ends: dict[str, int] = field(default_factory=dict)
    """Last line of each array."""

    @property
    def subject(self) -> str:
        return self.header.get("Subject", "").strip()

    def start(self) -> dt.datetime | None:
        """Start date and time, if the header has them."""
        try:
            return dt.datetime.strptime(
                f"{self.header['Start Date'].strip()} {self.header['Start Time'].strip()}",
                "%m/%d/%y %H:%M:%S")
        except (KeyError, ValueError):
            return None

    def duration_s(self) -> float | None:
        """Session length from Start/End Time (seconds), if present."""
        try:
            t0 = dt.datetime.strptime(self.header["Start Time"].strip(), "%H:%M:%S")
            t1 = dt.datetime.strptime(self.header["End Time"].strip(), "%H:%M:%S")
        except (KeyError, ValueError):
            return None
        return (t1 - t0).total_seconds() % 86400


def parse_medpc(path: str | Path) -> list[MedPCBlock]:
    """Parse every block of a MED-PC IV text file.

    Raises
    ------
    RemissionError
        Naming the file and the line: a missing file or no ``Subject`` block; a value that is not
        a number; damage (:func:`check_blocks`): an array whose row index does not continue its
        values (a lost line), a block without arrays, or a block lacking arrays or values that
        the other blocks of its program have (a truncated file).
    """
    path = Path(path)
    path = input_file(path, "MED-PC file")
    blocks: list[MedPCBlock] = []
    header: dict[str, str] = {}
    current = None
    array = None
    # split on "\n" only, so line numbers are an editor's (files mix "\r\n" and stray "\r")
    text = path.read_bytes().decode(errors="replace")
    for n, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        m_row, m_arr = _ROW.match(line), _ARRAY.match(line)
        if m_row and array is not None:
            if int(m_row.group(1)) != len(array):
                raise RemissionError(
                    f"{path}, line {n}: array {letter} continues at index {m_row.group(1)} but holds "
                    f"{len(array)} values so far: a line is missing (a damaged or edited file)")
            array.extend(_numbers(m_row.group(2), path, n))
            current.ends[letter] = n
        elif m_arr and current is not None:
            letter, array = m_arr.group(1), []
            current.arrays[letter] = array
            current.ends[letter] = n
            if m_arr.group(2).strip():  # scalar variable on the same line
                array.extend(_numbers(m_arr.group(2), path, n))
                array = None
        elif (m_head := _HEADER.match(line)) is not None:
            key, value = m_head.group(1).strip(), m_head.group(2)
            if current is not None and (current.arrays or key == "Subject"):  # the next block
                blocks.append(current)
                current, header = None, {k: v for k, v in header.items() if k == "File"}
            header[key] = value
            array = None
            if key == "Subject":
                current = MedPCBlock(header=header, arrays={}, line=n)
        else:
            raise RemissionError(f"{path}, line {n}: cannot parse {line.strip()!r} as MED-PC output")
    if current is not None:
        blocks.append(current)
    if not blocks:
        raise RemissionError(f"{path}: no 'Subject:' block found; is this a MED-PC data file?")
    for b in blocks:
        b.arrays = {k: np.asarray(v, dtype=float) for k, v in b.arrays.items()}
    check_blocks(blocks, path)
    return blocks


def check_blocks(blocks: list[MedPCBlock], path) -> None:
    """Refuse blocks damaged by truncation, compared with the other blocks of the same program.

    A box program (``MSN``) writes the same arrays, each of its declared size, into every block;
    a file cut short leaves its last block without some arrays or with a shorter last array. An
    array counts as short only when at least two other blocks of the program agree on its size.
    """
    by_program: dict[str, list[MedPCBlock]] = {}
    for b in blocks:
        if not b.arrays:
            raise RemissionError(f"{path}, line {b.line}: the block of subject {b.subject!r} has no "
                                 f"arrays (the file ends, or the next block starts, inside its header)")
        by_program.setdefault(b.header.get("MSN", "").strip(), []).append(b)
    for program, group in by_program.items():
        for b in group:
            others = [o for o in group if o is not b]
            if not others:
                continue
            common = set.intersection(*(set(o.arrays) for o in others))
            missing = sorted(common - set(b.arrays))
            if missing:
                raise RemissionError(
                    f"{path}, line {max(b.ends.values())}: the block of subject {b.subject!r} "
                    f"(from line {b.line}) ends without arrays {', '.join(missing)} that the other "
                    f"blocks of program {program!r} have: the file seems truncated")
            for letter, values in b.arrays.items():
                sizes = {o.arrays[letter].size for o in others if letter in o.arrays}
                n_others = sum(letter in o.arrays for o in others)
                if n_others >= 2 and len(sizes) == 1 and values.size < (size := sizes.pop()):
                    raise RemissionError(
                        f"{path}, line {b.ends[letter]}: array {letter} of subject {b.subject!r} "
                        f"(block from line {b.line}) has {values.size} values where the other "
                        f"blocks of program {program!r} have {size}: the file seems truncated")


def _numbers(text: str, path, n) -> list[float]:
    try:
        return [float(v) for v in text.split()]
    except ValueError:
        raise RemissionError(f"{path}, line {n}: {text.strip()!r} holds a value that is not a number") from None


def read_medpc(path: str | Path, presses: Mapping[str, str], unit: str = "cs",
               bin_seconds: float = 20.0, deliveries: Mapping[str, str] | None = None,
               magnitude: Mapping[str, Mapping[str, float]] | None = None,
               session_seconds: float | None = None, skip: int = 0, context: str = "A") -> TrialData:
    """Bin MED-PC time stamps into free-operant steps in the tidy schema.

    Parameters
    ----------
    path : str or Path
        MED-PC IV text file.
    presses : mapping
        Option name (``drug``, ``alternative``, ``inactive``) -> array letter holding that lever's
        press time stamps.
    unit : {"ms", "cs", "ds", "s", "min"}
        Unit of the time stamps.
    bin_seconds : float
        Length of one step. A step's choice is the lever pressed in it (the earliest press when
        several fall in one bin; the number of presses merged this way is in ``meta``); ``none``
        when no lever was pressed.
    deliveries : mapping, optional
        Option name -> array letter of delivery (reward/infusion) time stamps; a step is
        ``delivered`` when a delivery of the chosen lever falls in it. Without it, every press
        of a lever with a ``magnitude`` is taken as delivered (FR1).
    magnitude : mapping, optional
        Option -> outcome per delivery, default ``{"drug": {"drug": 1}, "alternative":
        {"reward": 1}}``.
    session_seconds : float, optional
        Session length (default: End Time − Start Time of each block, else the last stamp).
    skip : int
        Leading entries of each array to ignore (some programs store a count first). Zero
        entries are padding and are dropped.
    context : str
        Context label of every session.
    """
    if unit not in UNITS:
        raise RemissionError(f"unit = {unit!r}; valid units: {', '.join(UNITS)}")
    if not presses:
        raise RemissionError("presses is empty: map at least one lever to an array, e.g. {'drug': 'V'}")
    for name in list(presses) + list(deliveries or {}):
        if name not in ACTIONS[1:]:
            raise RemissionError(f"option {name!r} in presses/deliveries; valid: {', '.join(ACTIONS[1:])}")
    try:
        bin_seconds = float(bin_seconds)
    except (TypeError, ValueError):
        raise RemissionError(f"bin_seconds = {bin_seconds!r} must be a number of seconds") from None
    if not (math.isfinite(bin_seconds) and bin_seconds > 0):
        raise RemissionError(f"bin_seconds (--bin) = {bin_seconds!r} must be a finite number of "
                             "seconds > 0, e.g. 20")
    magnitude = dict(magnitude or {"drug": {"drug": 1.0}, "alternative": {"reward": 1.0}})
    blocks = parse_medpc(path)
    starts = {}
    frames, merged, total_bins = [], 0, 0.0
    for b in blocks:
        stamps = {a: _stamps(b, letter, skip, unit, path) for a, letter in presses.items()}
        given = {a: _stamps(b, letter, skip, unit, path) for a, letter in (deliveries or {}).items()}
        length = session_seconds or b.duration_s() or max(
            [s.max() for s in stamps.values() if s.size] + [bin_seconds])
        steps = np.ceil(length / bin_seconds)
        total_bins += steps
        check_memory(total_bins * MEDPC_BYTES_PER_BIN,
                     f"bin_seconds (--bin) = {bin_seconds:g} s ({total_bins:,.0f} steps for "
                     f"{len(blocks)} session(s) of about {length:,.0f} s)",
                     "use larger bins, e.g. --bin 1 or more")
        n_bins = max(1, int(steps))
        choice = np.full(n_bins, "none", dtype=object)
        first = np.full(n_bins, np.inf)
        count = np.zeros(n_bins, int)
        for a, s in stamps.items():
            ix = np.minimum((s // bin_seconds).astype(int), n_bins - 1)
            for i, t in zip(ix, s):
                count[i] += 1
                if t < first[i]:
                    first[i], choice[i] = t, a
        merged += int(np.maximum(count - 1, 0).sum())
        rows = {"subject": b.subject, "trial": np.arange(n_bins), "choice": choice,
                "available": ";".join(a for a in ACTIONS if a == "none" or a in presses),
                "context": context, "block_line": b.line}
        delivered = np.zeros(n_bins, bool)
        rewarded = np.zeros(n_bins, bool)  # presses of a lever that delivers something
        for a in presses:
            mine = choice == a
            if a in given:
                hit = np.zeros(n_bins, bool)
                hit[np.minimum((given[a] // bin_seconds).astype(int), n_bins - 1)] = True
                delivered |= mine & hit
            elif a in magnitude:
                delivered |= mine
            if (a in given and given[a].size) or (a not in given and a in magnitude):
                rewarded |= mine
        for field in ("drug", "reward", "shock"):
            rows[field] = np.array([magnitude.get(c, {}).get(field, 0.0) for c in choice]) * delivered
        rows["delivered"] = delivered
        # a press of a lever that delivers in this session but brought nothing fell in a time-out
        # or short of the ratio: not a learning trial; presses of other levers (and of a lever
        # that delivered nothing all session: extinction) complete their response
        rows["completed"] = (choice != "none") & (delivered | ~rewarded)
        start = b.start()
        key = (b.subject, start or b.line)
        if key in starts:
            raise RemissionError(
                f"{path}, line {b.line}: subject {b.subject!r} has a second block starting "
                f"{start:%m/%d/%y %H:%M:%S} (the first is at line {starts[key]}): the same session "
                f"appears twice; remove the duplicate block")
        starts[key] = b.line
        frame = pd.DataFrame(rows)
        frame["_start"] = start
        frame["_bin_min"] = np.arange(n_bins) * bin_seconds / 60.0
        frames.append(frame)
    df = pd.concat(frames, ignore_index=True)
    df["session"] = df.groupby("subject")["_start"].rank(method="dense").fillna(1).astype(int) - 1
    origin = df.groupby("subject")["_start"].transform("min")
    offset = ((df["_start"] - origin).dt.total_seconds() / 60.0).fillna(df["session"] * 1440.0)
    df["time"] = offset + df["_bin_min"]
    rows = df.pop("block_line").to_numpy()
    data = validate(df.drop(columns=["_start", "_bin_min"]), source=str(path), rows=rows)
    data.meta = {"adapter": "medpc", "file": str(path), "presses": dict(presses),
                 "deliveries": dict(deliveries or {}), "unit": unit, "bin_seconds": bin_seconds,
                 "merged_presses": merged, "blocks": len(blocks)}
    return data


def _stamps(block: MedPCBlock, letter: str, skip: int, unit: str, path) -> np.ndarray:
    if letter not in block.arrays:
        raise RemissionError(
            f"{path}, line {block.line} (subject {block.subject!r}): no array {letter!r}; arrays "
            f"present: {', '.join(sorted(block.arrays))}")
    values = block.arrays[letter][skip:]
    return np.sort(values[values > 0]) * UNITS[unit]
