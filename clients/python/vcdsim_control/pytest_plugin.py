"""pytest fixtures for vcdsim. Enable them in conftest.py:

    pytest_plugins = ["vcdsim_control.pytest_plugin"]

    def test_retries(vcdsim):
        vcdsim.control.add_fault({"match": {"org": "acme"}, "action": "partition", "duration": "2m"})
        ...                                   # drive your code against vcdsim.url
        vcdsim.control.advance("2m")          # the partition heals

``vcdsim_server`` (one per session) attaches to $VCDSIM_URL when set (a service container; the token from
$VCDSIM_CONTROL_TOKEN), and otherwise starts vcdsim ($VCDSIM_COMMAND, else `npx vcdsim`) with its clock
frozen. ``vcdsim`` hands it to one test and resets it afterwards: inventory back to the fixture, no rules.
"""
import os

import pytest

from . import attach, start


@pytest.fixture(scope="session")
def vcdsim_server():
    sim = attach() if os.environ.get("VCDSIM_URL") else start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def vcdsim(vcdsim_server):
    yield vcdsim_server
    vcdsim_server.control.reset()
