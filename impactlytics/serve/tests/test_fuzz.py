"""Property-based fuzz of every POST endpoint from the app's own OpenAPI schema: no 5xx, ever.

Bodies are drawn from the documented request schemas, with any value liable to be swapped for
arbitrary JSON (NaN, infinities, huge numbers, wrong types, nesting) and keys dropped or added.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def from_schema(schema: dict, spec: dict) -> st.SearchStrategy:
    """Values valid for a (small subset of) JSON schema: what FastAPI writes for our models."""
    schema = resolve(schema, spec)
    if "anyOf" in schema:
        return st.one_of([from_schema(option, spec) for option in schema["anyOf"]])
    if "enum" in schema or "const" in schema:
        return st.sampled_from(schema.get("enum") or [schema["const"]])
    kind = schema.get("type")
    if kind == "number":
        low = schema.get("minimum", schema.get("exclusiveMinimum", -1e9))
        high = schema.get("maximum", schema.get("exclusiveMaximum", 1e9))
        return st.floats(low, high, exclude_min="exclusiveMinimum" in schema)
    if kind == "array":
        return st.lists(
            from_schema(schema["items"], spec),
            min_size=schema.get("minItems", 0),
            max_size=min(schema.get("maxItems", 5), 5),
        )
    if kind == "object":
        return st.fixed_dictionaries(
            {key: from_schema(value, spec) for key, value in schema["properties"].items()}
        )
    return JUNK


@st.composite
def mutated(draw, schema: dict, spec: dict):
    """A documented body with some values replaced by junk, keys removed or added."""
    value = draw(from_schema(schema, spec))
    if isinstance(value, dict):
        for key in list(value):
            choice = draw(st.integers(0, 9))
            if choice == 0:
                del value[key]
            elif choice == 1:
                value[key] = draw(JUNK)
            elif isinstance(value[key], list) and value[key] and choice == 2:
                value[key][0] = draw(JUNK)
        if draw(st.integers(0, 9)) == 0:
            value[draw(st.text(max_size=6))] = draw(JUNK)
    elif draw(st.booleans()):
        value = draw(JUNK)
    return value


def encode(value) -> str:
    """JSON text, with Python's NaN / Infinity literals and integers of any size."""
    return json.dumps(value, allow_nan=True)


@pytest.fixture(scope="module")
def spec(client) -> dict:
    return client.get("/openapi.json").json()


def request_schema(spec: dict, path: str) -> dict:
    return spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]


@pytest.mark.parametrize("path", ["/api/predict", "/api/predict/batch", "/api/optimize"])
def test_no_body_gets_a_5xx(client, spec, path):
    schema = request_schema(spec, path)

    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(body=mutated(schema, spec) | JUNK)
    def check(body):
        response = client.post(
            path, content=encode(body), headers={"content-type": "application/json"}
        )
        assert response.status_code < 500, (body, response.text)
        if response.status_code == 200:
            payload = response.json()
            assert payload.get("status", "success") == "success"
            assert all(math.isfinite(x) for x in _numbers(payload) if isinstance(x, float)), payload
        else:
            assert response.status_code in (400, 422), response.text

    check()


@given(raw=st.binary(max_size=200))
@settings(max_examples=100, deadline=None, derandomize=True)
def test_no_raw_bytes_get_a_5xx(client, raw):
    response = client.post(
        "/api/predict", content=raw, headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500


def _numbers(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)
    elif isinstance(value, int | float):
        yield value
