"""The checks every create handler makes before its use case, in the same order everywhere:
who is calling (as the authorizer said), then a JSON body against the API's contract model."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from customer_core.apigw import HttpRequest, json_object_body, require_json_content_type
from customer_core.auth import Principal
from customer_core.errors import Unauthenticated
from customer_core.validation import parse_model

Model = TypeVar("Model", bound=BaseModel)


def authorizer_principal(request: HttpRequest) -> Principal:
    """The principal the API's authorizer passed on. The authorizer has already checked the
    credential; a request without its principal did not come through it (a misconfigured route
    or a direct invoke) and is refused like a missing credential."""
    principal = Principal.from_context(request.authorizer)
    if principal is None:
        raise Unauthenticated("missing_principal", "The request did not pass the authorizer.")
    return principal


def json_body(request: HttpRequest, model: type[Model]) -> Model:
    """The body as `model`: JSON content type, a JSON object within the size limit, valid."""
    require_json_content_type(request)
    return parse_model(model, json_object_body(request))
