"""Every schema the API publishes has a component name of its own (issue 13, point 12).

django-ninja names a component after the class (``CheckInIn``) and merges the components of
every route into one dict: two classes with the same name silently publish one of them for
both routes. This walks the generated OpenAPI route by route, collects every ninja/pydantic
schema class a route reaches, and fails when two different classes share a name.
"""

from __future__ import annotations

import typing
from collections import defaultdict

from pydantic import BaseModel

from tochuc.api import api


def _reached(annotation, found: dict[str, set[type]], seen: set[type]) -> None:
    """Every schema class inside an annotation (``list[X]``, ``X | None``, ``dict[str, X]``…)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        found[annotation.__name__].add(annotation)
        for field in annotation.model_fields.values():
            _reached(field.annotation, found, seen)
        return
    for arg in typing.get_args(annotation):
        _reached(arg, found, seen)


def schema_classes_by_name() -> dict[str, set[type]]:
    """Component name → the schema classes the routes use under it. The top-level models of an
    operation are ninja's own wrappers (``payload``, ``response``): their fields are the schemas."""
    found: dict[str, set[type]] = defaultdict(set)
    seen: set[type] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                wrappers = [*operation.models, *operation.response_models.values()]
                for wrapper in wrappers:
                    if isinstance(wrapper, type) and issubclass(wrapper, BaseModel):
                        for field in wrapper.model_fields.values():
                            _reached(field.annotation, found, seen)
    return found


def test_the_walker_sees_what_the_openapi_publishes(client):
    """The walk is not blind: every published component is a class it found (else the check
    below could pass by seeing nothing)."""
    published = set(client.get("/api/v1/openapi.json").json()["components"]["schemas"])
    found = schema_classes_by_name()
    assert published and published <= set(found), sorted(published - set(found))


def test_the_walker_catches_a_duplicate():
    """Proved on a planted pair: two classes named alike are reported."""
    from ninja import Schema

    first = type("Twin", (Schema,), {"__annotations__": {"a": int}, "__module__": "x"})
    second = type("Twin", (Schema,), {"__annotations__": {"b": str}, "__module__": "y"})
    holder = type("Holder", (Schema,), {"__annotations__": {"one": first, "two": list[second]}})
    found: dict[str, set[type]] = defaultdict(set)
    _reached(holder, found, set())
    assert len(found["Twin"]) == 2


def test_no_two_schema_classes_share_a_component_name():
    duplicates = {name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
                  for name, classes in schema_classes_by_name().items() if len(classes) > 1}
    assert duplicates == {}


def test_each_published_component_is_its_class(client):
    """What a client reads under a name is the schema of the class of that name."""
    from ninja.openapi.schema import REF_TEMPLATE, NinjaGenerateJsonSchema

    published = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name, classes in schema_classes_by_name().items():
        if name not in published or len(classes) != 1:
            continue
        (cls,) = classes
        mine = cls.model_json_schema(ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema,
                                     mode="serialization")
        mine.pop("$defs", None)
        assert set(published[name].get("properties", {})) == set(mine.get("properties", {})), name
