#!/usr/bin/env python3
"""Measures "auto" where the user meets it: through a running Switchyard's endpoint.

Starts switchyard-sim as the only backend and Switchyard (headless, default config apart
from the models: history, metrics and feed on) with five models, each built for one task
type (its profile scores 0.95 for that type, 0.3 for the others). Sends every prompt of a
labelled JSONL file (build_dataset.py's heldout.jsonl) as a chat request with model "auto"
and counts how often the model that answered (X-Switchyard-Model) is the one built for the
prompt's label, next to the type the trace says was detected. Prompts go one at a time, in
file order, so what the router learns from earlier answers (health, latency) counts too.

    tools/taskclassifier/route_eval.py --switchyard build/dev/app/switchyard/switchyard \\
        --sim build/dev/app/sim/switchyard-sim --prompts build/taskclassifier/heldout.jsonl

Python 3 standard library only. Every process it starts is stopped when it ends, also on
Ctrl-C.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

LABELS = ["code", "math", "factual", "creative", "conversational"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(process, port, path, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            c.request("GET", path)
            if c.getresponse().status < 500:
                return
        except OSError:
            pass
        finally:
            c.close()
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} within {seconds} s")


def config(sim_port, port):
    models = []
    for label in LABELS:
        scores = {l: (0.95 if l == label else 0.3) for l in LABELS}
        models.append({"id": f"{label}-model", "backend": "sim", "profile": {"scores": scores}})
    return {"version": 1, "server": {"port": port},
            "backends": [{"id": "sim", "baseUrl": f"http://127.0.0.1:{sim_port}/v1"}], "models": models}


def detected_type(trace):
    best, share = None, -1.0
    for step in trace.get("steps", []):
        if step.get("step") == "task" and step.get("score", 0) > share:
            best, share = step.get("type"), step.get("score", 0)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--switchyard", required=True)
    parser.add_argument("--sim", required=True)
    parser.add_argument("--prompts", required=True, help="JSONL with label and text")
    parser.add_argument("--limit", type=int, default=0, help="only the first N prompts (0: all)")
    args = parser.parse_args()

    rows = [json.loads(line) for line in open(args.prompts, encoding="utf-8")]
    if args.limit:
        rows = rows[: args.limit]
    if not rows:
        raise SystemExit(f"{args.prompts}: no prompts")
    work = tempfile.TemporaryDirectory(prefix="route-eval-")
    processes = []

    log_path = os.path.join(work.name, "log.txt")

    def stop():
        for p in processes:
            if p.poll() is None:
                p.terminate()
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)
        work.cleanup()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        sim_port, port = free_port(), free_port()
        log = open(log_path, "w")
        processes.append(subprocess.Popen([args.sim, "--port", str(sim_port)], stdout=log, stderr=log))
        wait_http(processes[-1], sim_port, "/health")
        path = os.path.join(work.name, "config.json")
        with open(path, "w") as f:
            json.dump(config(sim_port, port), f)
        env = dict(os.environ, **{k: os.path.join(work.name, k.lower()) for k in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")})
        processes.append(subprocess.Popen([args.switchyard, "--headless", "--config", path], stdout=log, stderr=log, env=env))
        wait_http(processes[-1], port, "/health")

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        routed = {l: [0, 0] for l in LABELS}    # right, all
        detected = {l: [0, 0] for l in LABELS}
        confusion = {l: {m: 0 for m in LABELS} for l in LABELS}
        for row in rows:
            body = json.dumps({"model": "auto", "max_tokens": 1, "messages": [{"role": "user", "content": row["text"]}]})
            conn.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json", "X-Switchyard-Trace": "1"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status} for a {row['label']} prompt")
            model = response.getheader("X-Switchyard-Model", "")
            chosen = model[: -len("-model")] if model.endswith("-model") else model
            label = row["label"]
            routed[label][0] += chosen == label
            routed[label][1] += 1
            if chosen in confusion[label]:
                confusion[label][chosen] += 1
            detected[label][0] += detected_type(json.loads(response.getheader("X-Switchyard-Trace", "{}"))) == label
            detected[label][1] += 1

        total = len(rows)
        print(f"prompts: {total}")
        print(f"routed to the model built for its label: {sum(r for r, _ in routed.values()) / total:.3f}")
        print(f"detected type (trace) equals the label:  {sum(r for r, _ in detected.values()) / total:.3f}")
        print("\n| label | routed right | detected right | prompts |\n| --- | --- | --- | --- |")
        for l in LABELS:
            if routed[l][1]:
                print(f"| {l} | {routed[l][0] / routed[l][1]:.3f} | {detected[l][0] / detected[l][1]:.3f} | {routed[l][1]} |")
        print("\nRouted (rows: label, columns: the model's type):\n")
        print("| | " + " | ".join(LABELS) + " |\n| --- |" + " --- |" * len(LABELS))
        for l in LABELS:
            print(f"| {l} | " + " | ".join(str(confusion[l][m]) for m in LABELS) + " |")
    except (RuntimeError, OSError) as e:
        with open(log_path, errors="replace") as f:
            tail = f.readlines()[-20:]
        sys.stderr.write("".join(tail))
        raise SystemExit(f"route_eval: {e}")
    finally:
        stop()


if __name__ == "__main__":
    main()
