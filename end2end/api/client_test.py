"""A bank system's client, generated from the served OpenAPI document by
openapi-python-client, talking to the real server: it registers a customer,
asks for a decision, records an attempt (twice, with one Idempotency-Key),
and writes preferences with If-Match, seeing a stale version refused.

Run by scripts/api-check.sh, which generates the client package and starts
the server; the package's name is in CLIENT_PACKAGE.
"""

import importlib
import os
import sys


def main() -> None:
    package = os.environ["CLIENT_PACKAGE"]

    def load(name):
        return importlib.import_module(f"{package}.{name}")

    client_module = load("client")
    models = load("models")
    decide = load("api.decisions.decide")
    record_attempt = load("api.contact_attempts.record_attempt")
    put_customer = load("api.customers.put_customer")
    get_preferences = load("api.preferences.get_preferences")
    put_preferences = load("api.preferences.put_preferences")

    client = client_module.AuthenticatedClient(
        base_url=os.environ["REACHGUARD_BASE"],
        token=os.environ["REACHGUARD_KEY"],
        raise_on_unexpected_status=True,
    )

    made = put_customer.sync_detailed(
        "PYCLIENT1",
        client=client,
        body=models.ContactData(name="Chen Jing", phones=["+8613700137001"], time_zone="Asia/Shanghai"),
    )
    assert made.status_code == 201, made.content
    assert made.parsed.name == "Chen Jing"

    answer = decide.sync_detailed(
        client=client,
        body=models.DecisionRequest(customer_id="PYCLIENT1", channel=models.Channel("sms"), purpose="loan_servicing"),
    )
    assert answer.status_code == 200, answer.content
    assert isinstance(answer.parsed, models.DecisionAnswer), answer.parsed
    assert answer.parsed.customer_id == "PYCLIENT1"
    assert isinstance(answer.parsed.allowed, bool)
    decision_id = answer.parsed.decision_id

    attempt = models.ContactAttempt(
        customer_id="PYCLIENT1",
        channel=models.Channel("sms"),
        purpose="loan_servicing",
        outcome=models.Outcome("delivered"),
        system="python-client",
        decision_id=decision_id,
    )
    first = record_attempt.sync_detailed(client=client, body=attempt, idempotency_key="py-retry-1")
    assert first.status_code == 201, first.content
    retry = record_attempt.sync_detailed(client=client, body=attempt, idempotency_key="py-retry-1")
    assert retry.status_code in (200, 201), retry.content
    assert retry.parsed.attempt_id == first.parsed.attempt_id, "a retry records nothing new"

    read = get_preferences.sync_detailed("PYCLIENT1", client=client)
    assert read.status_code == 200, read.content
    etag = read.headers["etag"]
    document = read.parsed
    write = models.PreferenceWrite(
        do_not_call=True,
        purposes=models.PreferencesWritePurposes.from_dict({}),
        contact_windows=document.contact_windows,
        actor="staff:wang",
        source=models.Source("phone"),
    )
    written = put_preferences.sync_detailed("PYCLIENT1", client=client, body=write, if_match=etag)
    assert written.status_code == 200, written.content
    assert written.parsed.do_not_call is True
    assert written.parsed.version == document.version + 1
    stale = put_preferences.sync_detailed("PYCLIENT1", client=client, body=write, if_match=etag)
    assert stale.status_code == 412, stale.content
    assert isinstance(stale.parsed, models.Problem) and "version" in stale.parsed.detail

    denied = decide.sync_detailed(
        client=client,
        body=models.DecisionRequest(customer_id="PYCLIENT1", channel=models.Channel("voice"), purpose="marketing.wealth"),
    )
    assert denied.parsed.allowed is False
    assert "do_not_call" in [reason.code.value for reason in denied.parsed.reasons], denied.content
    print("API check passed: generated client: customer, decision, attempt (replayed once), preferences with If-Match: ok")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"generated client test failed: {error}", file=sys.stderr)
        raise
