"""Fuzz the loader with malformed CSVs: every case ends in the loader's own DataError,
never a traceback from inside pandas or the csv module."""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookkit import data

SCHEMA = data.Schema(path=None, title="fuzz", fields=(
    data.Field("id", "string", required=True),
    data.Field("n", "integer", minimum=0),
    data.Field("x", "number", maximum=100),
    data.Field("d", "date"),
    data.Field("b", "boolean"),
    data.Field("source_id", "string", required=True, source_ids=True),
), primary_key=("id",))
HEADER = "id,n,x,d,b,source_id"
cell = st.one_of(st.text(max_size=12), st.integers(-5, 200).map(str), st.floats(allow_nan=True).map(str),
                 st.sampled_from(["", "yes", "no", "2024-02-30", "2024-01-01", "src", '"', ",", "\n", "\x00"]))


def _load(tmp_path, raw: bytes):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(raw)
    try:
        data.load_frame(path, SCHEMA, {"src"})
    except data.DataError as err:
        assert err.file.endswith("fuzz.csv")
        return err
    return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=8), max_size=6), header=st.booleans())
def test_malformed_tables_fail_cleanly(tmp_path, rows, header):
    text = (HEADER + "\n" if header else "") + "\n".join(",".join(r) for r in rows)
    _load(tmp_path, text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes_fail_cleanly(tmp_path, raw):
    _load(tmp_path, raw)


def test_a_valid_table_still_loads(tmp_path):
    ok = textwrap.dedent("""\
        id,n,x,d,b,source_id
        a,1,2.5,2024-01-01,yes,src
    """).encode()
    assert _load(tmp_path, ok) is None
