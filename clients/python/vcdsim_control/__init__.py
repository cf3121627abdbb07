"""Control a vcdsim (VMware Cloud Director simulator) from Python tests: fault rules, the simulated
clock, scenarios, reset. Standard library only (urllib, subprocess), so it needs nothing installed.

    from vcdsim_control import Control, start

    with start() as sim:                      # or Control("http://127.0.0.1:8080", token=...)
        sim.control.add_fault({"match": {"org": "acme"}, "action": "partition", "duration": "2m"})
        sim.control.advance("2m")
        sim.control.reset()

For pytest, see vcdsim_control.pytest_plugin (the ``vcdsim`` fixture).
"""
from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import threading
import urllib.error
import urllib.request
from typing import Any, Dict, List, Optional, Sequence, Union

__all__ = ["Control", "ControlError", "Running", "start", "attach"]


class ControlError(Exception):
    """The control API refused a request: its status, message and the invalid fields."""

    def __init__(self, status: int, message: str, problems: Optional[List[Dict[str, Any]]] = None):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.problems = problems or []


class Control:
    """The control API of one simulator (/_vcdsim). The token defaults to $VCDSIM_CONTROL_TOKEN."""

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 30.0):
        self.url = url.rstrip("/")
        self.token = token if token is not None else (os.environ.get("VCDSIM_CONTROL_TOKEN") or None)
        self.timeout = timeout

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        headers = {"Accept": "application/json"}
        data = None
        if self.token:
            headers["X-VCDSIM-Control-Token"] = self.token
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        req = urllib.request.Request(f"{self.url}/_vcdsim{path}", data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                text = res.read().decode()
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            try:
                err = json.loads(text).get("error", {})
            except ValueError:
                err = {}
            raise ControlError(e.code, err.get("message", text or e.reason), err.get("problems")) from None
        return json.loads(text) if text else None

    # Health and the clock
    def health(self) -> Dict[str, Any]:
        return self._call("GET", "/health")

    def clock(self) -> Dict[str, Any]:
        return self._call("GET", "/clock")

    def advance(self, by: Union[int, float, str]) -> Dict[str, Any]:
        """Moves simulated time on: seconds (a number) or a duration such as "2m" or "1h30m"."""
        body = {"seconds": by} if isinstance(by, (int, float)) else {"by": by}
        return self._call("POST", "/clock/advance", body)

    def set_speed(self, speed: float) -> Dict[str, Any]:
        return self._call("POST", "/clock/speed", {"speed": speed})

    # Fault rules
    def faults(self) -> List[Dict[str, Any]]:
        return self._call("GET", "/faults")

    def fault(self, rule_id: str) -> Dict[str, Any]:
        return self._call("GET", f"/faults/{urllib.request.quote(rule_id, safe='')}")

    def add_fault(self, rule: Union[Dict[str, Any], List[Dict[str, Any]]]) -> Any:
        """Adds a rule (or a list: none is added unless all are valid). What faults() lists goes back in as it is."""
        return self._call("POST", "/faults", rule)

    def remove_fault(self, rule_id: str) -> None:
        self._call("DELETE", f"/faults/{urllib.request.quote(rule_id, safe='')}")

    def clear_faults(self) -> int:
        return self._call("DELETE", "/faults")["removed"]

    # Scenarios
    def scenarios(self) -> Dict[str, Any]:
        return self._call("GET", "/scenarios")

    def start_scenario(self, name: Optional[str] = None, yaml: Optional[str] = None, scenario: Any = None,
                       speed: Optional[float] = None, fast_forward: bool = False) -> Dict[str, Any]:
        """Starts an example by name, YAML text or a JSON scenario; fast_forward jumps its timed waits."""
        body: Dict[str, Any] = {}
        for key, value in (("name", name), ("yaml", yaml), ("scenario", scenario), ("speed", speed)):
            if value is not None:
                body[key] = value
        if fast_forward:
            body["fastForward"] = True
        return self._call("POST", "/scenarios", body)

    def scenario(self, run_id: str) -> Dict[str, Any]:
        return self._call("GET", f"/scenarios/{run_id}")

    def stop_scenario(self, run_id: str) -> Dict[str, Any]:
        return self._call("DELETE", f"/scenarios/{run_id}")

    # State
    def reset(self) -> None:
        """Back to the fixture: inventory, no fault rules, empty logs (the clock keeps its time)."""
        self._call("POST", "/reset")

    def snapshot(self) -> Dict[str, Any]:
        return self._call("GET", "/snapshot")

    def load_snapshot(self, snapshot: Dict[str, Any]) -> None:
        self._call("POST", "/snapshot", snapshot)

    def requests(self, since: int = 0, limit: int = 1000) -> Dict[str, Any]:
        return self._call("GET", f"/log/requests?since={since}&limit={limit}")

    def fault_log(self, since: int = 0, limit: int = 1000) -> Dict[str, Any]:
        return self._call("GET", f"/log/faults?since={since}&limit={limit}")


class Running:
    """A vcdsim this process started (or attached to): ``url``, ``control``, ``stop()``."""

    def __init__(self, url: str, control: Control, process: Optional[subprocess.Popen] = None):
        self.url = url
        self.control = control
        self.process = process

    def stop(self, timeout: float = 10.0) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "Running":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _command() -> List[str]:
    """$VCDSIM_COMMAND (e.g. "node /path/to/vcdsim/dist/cli.js"), else `npx vcdsim`."""
    cmd = os.environ.get("VCDSIM_COMMAND")
    return shlex.split(cmd) if cmd else ["npx", "--no-install", "vcdsim"]


def start(args: Sequence[str] = (), port: int = 0, speed: Optional[float] = 0, command: Optional[Sequence[str]] = None,
          timeout: float = 30.0) -> Running:
    """Starts vcdsim on a free loopback port and waits for its listening line. speed=0 (the default)
    freezes simulated time, so only advance() moves it; pass speed=None to leave the simulator's default."""
    argv = list(command or _command()) + ["--port", str(port), "--host", "127.0.0.1"]
    if speed is not None:
        argv += ["--speed", str(speed)]
    argv += list(args)
    env = dict(os.environ, VCDSIM_LOG_LEVEL=os.environ.get("VCDSIM_LOG_LEVEL", "warn"))
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, text=True)
    line: List[str] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    first = line[0] if line else ""
    if not first.startswith("vcdsim listening on "):
        proc.kill()
        proc.wait()
        raise RuntimeError(f"vcdsim did not start ({' '.join(argv)}): {first or 'no listening line within %ss' % timeout}")
    # Keep draining stdout (scenario progress) so the simulator never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    url = first.split("vcdsim listening on ", 1)[1].strip()
    return Running(url, Control(url), proc)


def attach(url: Optional[str] = None, token: Optional[str] = None) -> Running:
    """A simulator already running (e.g. a CI service container): $VCDSIM_URL by default."""
    url = url or os.environ["VCDSIM_URL"]
    return Running(url, Control(url, token))
