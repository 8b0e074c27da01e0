"""Uniqueness write: one conditional put keyed on the customer's mailbox inside a scope.

A duplicate is detected by the write itself (`attribute_not_exists`), never by a read first, so
two racing requests can never both win. With an Idempotency-Key the customer and the record of
the response are written in one transaction: both exist or neither does, and a retry gets the
stored response back from the cancelled transaction itself (one store call, no read after it).

A customer created by a signed request carries the request's mark (store/replays.py),
and its write asks for the existing item when its condition fails: the answer tells a copy of
the request that created it (RequestReplayed) and this write's own earlier attempt (its answer
lost, the client library retried; the customer is ours) from a duplicate, still in one call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from customer_core.domain.clock import epoch_seconds
from customer_core.domain.email import mailbox_key
from customer_core.domain.errors import (
    DuplicateEmail,
    IdempotencyKeyReused,
    IdempotentReplay,
    StoredResponse,
    StoreUnavailable,
    WriteConflict,
)
from customer_core.domain.idempotency import IdempotencyClaim
from customer_core.store import aws
from customer_core.store.replays import MARK_ATTRIBUTE, RequestReplayed

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import PutTypeDef

IDEMPOTENCY_TTL = timedelta(hours=24)
_NOT_EXISTS = "attribute_not_exists(pk)"


def customer_key(api: str, scope: str, email: str) -> str:
    return f"CUSTOMER#{api}#{scope}#{mailbox_key(email)}"


@dataclass(frozen=True)
class NewCustomer:
    """What the store writes for one create: the uniqueness key, the item's attributes and the
    email as sent (a duplicate names it)."""

    api: str
    scope: str
    email: str
    attributes: Mapping[str, Any]
    # The mark of the signed request that creates it (store/replays.py), for APIs that sign.
    signed_by: bytes | None = None

    @property
    def key(self) -> str:
        return customer_key(self.api, self.scope, self.email)


@dataclass(frozen=True)
class CustomerStore:
    """The customer table (CUSTOMER#… and IDEMPOTENCY#… items)."""

    table: str

    def create(
        self,
        customer: NewCustomer,
        *,
        created_at: datetime,
        idempotency: IdempotencyClaim | None = None,
        response: StoredResponse | None = None,
    ) -> None:
        """Write the customer unless its key exists.

        Raises DuplicateEmail, RequestReplayed (a copy of the signed request that created it),
        IdempotentReplay (same key, same body), IdempotencyKeyReused (same key, other body),
        WriteConflict or StoreUnavailable. Nothing is written when it raises.
        """
        values = {**customer.attributes, "pk": customer.key}
        if customer.signed_by is not None:
            values[MARK_ATTRIBUTE] = customer.signed_by
        item = aws.to_item(values)
        if idempotency is None:
            self._put(customer, item)
        elif response is None:
            raise ValueError("an idempotent create needs the response to store")
        else:
            self._put_with_idempotency(customer, item, idempotency, response, created_at)

    def _put_customer(self, customer: NewCustomer, item: dict[str, Any]) -> dict[str, Any]:
        """The conditional put of the customer (alone, or as a transaction's item). A failed
        write brings back the stored item (no read, no extra capacity): its id tells this very
        write, applied once and retried by the client after its answer was lost, from another
        request's customer; a signed request's mark tells a replay."""
        return {
            "TableName": self.table,
            "Item": item,
            "ConditionExpression": _NOT_EXISTS,
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }

    def _put(self, customer: NewCustomer, item: dict[str, Any]) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            aws.client().put_item(**self._put_customer(customer, item))
        except ClientError as error:
            code = aws.error_code(error)
            if code == "ConditionalCheckFailedException":
                stored: Any = error.response.get("Item")
                _raise_unless_own(customer, item, stored)
                return
            if code == "TransactionConflictException":
                # An idempotent create of the same email is mid-transaction: retrying is the answer.
                raise WriteConflict from error
            raise aws.unavailable(error) from error
        except BotoCoreError as error:
            raise aws.unavailable(error) from error

    def _put_with_idempotency(
        self,
        customer: NewCustomer,
        item: dict[str, Any],
        claim: IdempotencyClaim,
        response: StoredResponse,
        created_at: datetime,
    ) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        now = epoch_seconds(created_at)
        record = aws.to_item(
            {
                "pk": claim.item_key,
                "fingerprint": claim.fingerprint,
                "statusCode": response.status_code,
                "body": response.body,
                # Also the table's TTL attribute; the condition below does not wait for TTL
                # deletion.
                "expiresAt": now + int(IDEMPOTENCY_TTL.total_seconds()),
            }
        )
        put_customer = self._put_customer(customer, item)
        try:
            aws.client().transact_write_items(
                TransactItems=[
                    {"Put": cast("PutTypeDef", put_customer)},
                    {
                        "Put": {
                            "TableName": self.table,
                            "Item": record,
                            "ConditionExpression": f"{_NOT_EXISTS} OR expiresAt < :now",
                            "ExpressionAttributeValues": {":now": {"N": str(now)}},
                            # A retry's cancellation reason carries the stored record: no GetItem.
                            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                        }
                    },
                ],
            )
        except ClientError as error:
            code = aws.error_code(error)
            if code == "TransactionCanceledException":
                reasons = error.response.get("CancellationReasons", [])
                _raise_for_cancellation(customer, item, claim, reasons)
                return
            if code == "TransactionConflictException":
                raise WriteConflict from error
            raise aws.unavailable(error) from error
        except BotoCoreError as error:
            raise aws.unavailable(error) from error


def _raise_unless_own(
    customer: NewCustomer, item: Mapping[str, Any], stored: Mapping[str, Any] | None
) -> None:
    """The customer's key exists: returns if it is this write's own item, else raises
    RequestReplayed or DuplicateEmail (`stored`: the item there, when the write asked for it)."""
    if not _own_or_replayed(customer, item, stored):
        raise DuplicateEmail(customer.email)


def _own_or_replayed(
    customer: NewCustomer, item: Mapping[str, Any], stored: Mapping[str, Any] | None
) -> bool:
    """True when the stored customer is this write's own: an earlier attempt of this very call
    was applied and its answer lost (each request makes a fresh id, so no other request wrote
    it). Raises RequestReplayed when it carries this signed request's mark."""
    if stored is None:
        return False
    if "id" in item and stored.get("id") == item["id"]:
        return True
    if customer.signed_by is not None and stored.get(MARK_ATTRIBUTE) == {"B": customer.signed_by}:
        raise RequestReplayed
    return False


def _raise_for_cancellation(
    customer: NewCustomer,
    item: Mapping[str, Any],
    claim: IdempotencyClaim,
    reasons: Sequence[Mapping[str, Any]],
) -> None:
    """One reason per transaction item, in order: [customer, idempotency record]. Returns only
    when the transaction was this write's own (applied by an earlier attempt)."""
    codes = [reason.get("Code") for reason in reasons]
    # A copy of the signed request that created the customer is refused before any idempotency
    # answer: it is not a retry, and is told nothing about the customer.
    if (
        codes
        and codes[0] == "ConditionalCheckFailed"
        and _own_or_replayed(customer, item, reasons[0].get("Item"))
    ):
        return
    if len(reasons) > 1 and codes[1] == "ConditionalCheckFailed":
        # The record exists and has not expired (else its condition holds). ALL_OLD returns it
        # with the reason: on AWS as documented, on DynamoDB Local and on moto as tested.
        stored = reasons[1].get("Item")
        if stored is None:  # not seen on any engine; a retry is the safe answer
            raise WriteConflict
        record = aws.from_item(stored)
        if str(record["fingerprint"]) != claim.fingerprint:
            raise IdempotencyKeyReused
        raise IdempotentReplay(
            StoredResponse(status_code=int(record["statusCode"]), body=str(record["body"]))
        )
    if codes and codes[0] == "ConditionalCheckFailed":
        raise DuplicateEmail(customer.email)
    if "TransactionConflict" in codes:
        raise WriteConflict
    raise StoreUnavailable(",".join(str(code) for code in codes))
