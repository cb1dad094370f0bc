"""The public API: small, sorted, and every name documented with a runnable example."""

import inspect

import pytest

import linkages as lk


def test_all_is_sorted_and_importable():
    assert list(lk.__all__) == sorted(lk.__all__, key=str.lower) or \
        list(lk.__all__) == sorted(lk.__all__)
    for name in lk.__all__:
        assert getattr(lk, name) is not None


@pytest.mark.parametrize("name", lk.__all__)
def test_every_public_name_has_numpydoc_examples(name):
    doc = inspect.getdoc(getattr(lk, name)) or ""
    assert "Examples\n--------" in doc, f"{name} has no numpydoc Examples section"
    assert ">>> " in doc, f"{name}'s Examples section has no doctest"
