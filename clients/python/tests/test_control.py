"""The Python control client and its pytest fixture, against a real vcdsim ($VCDSIM_COMMAND)."""
import base64
import json
import time
import urllib.error
import urllib.request

import pytest

from vcdsim_control import ControlError


def get(url, path, token=None):
    headers = {"Accept": "application/*+json;version=37.0"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url + path, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, res.headers, res.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def login(url, user="alice@acme"):
    req = urllib.request.Request(url + "/cloudapi/1.0.0/sessions", method="POST", headers={
        "Accept": "application/json;version=37.0",
        "Authorization": "Basic " + base64.b64encode(f"{user}:password".encode()).decode(),
    })
    with urllib.request.urlopen(req, timeout=10) as res:
        return res.headers["X-VMWARE-VCLOUD-ACCESS-TOKEN"]


def test_health(vcdsim):
    assert vcdsim.control.health()["status"] == "ok"


def test_a_fault_fires_then_the_clock_ends_it(vcdsim):
    token = login(vcdsim.url)
    rule = vcdsim.control.add_fault({"id": "flap", "match": {"path": "/api/org"},
                                     "action": {"type": "error", "status": 503, "retryAfter": 5}, "duration": "2m"})
    assert rule["state"] == "active"
    status, headers, _ = get(vcdsim.url, "/api/org", token)
    assert (status, headers["Retry-After"]) == (503, "5")
    clock = vcdsim.control.advance("2m")
    assert clock["speed"] == 0
    assert vcdsim.control.fault("flap")["state"] == "expired"
    assert get(vcdsim.url, "/api/org", token)[0] == 200


def test_rules_listed_go_back_in(vcdsim):
    vcdsim.control.add_fault([{"id": "a", "action": "reset"}, {"id": "b", "action": {"type": "latency", "ms": 5}}])
    listed = vcdsim.control.faults()
    assert vcdsim.control.clear_faults() == 2
    vcdsim.control.add_fault(listed)
    assert vcdsim.control.faults() == listed


def test_the_fixture_resets_after_each_test(vcdsim):
    # test_rules_listed_go_back_in left rules behind; the fixture's reset removed them.
    assert vcdsim.control.faults() == []


def test_invalid_rules_say_why(vcdsim):
    with pytest.raises(ControlError) as err:
        vcdsim.control.add_fault({"action": {"type": "eror"}})
    assert err.value.status == 400
    assert err.value.problems[0]["path"] == "action.type"


def test_a_scenario_fast_forwarded(vcdsim):
    run = vcdsim.control.start_scenario(name="stall-then-fail", speed=0, fast_forward=True)
    for _ in range(100):
        report = vcdsim.control.scenario(run["id"])
        if report["status"] != "running":
            break
        time.sleep(0.05)
    assert report["status"] == "passed", json.dumps(report)
