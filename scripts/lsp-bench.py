#!/usr/bin/env python3
"""Time `contentlint server` (the release binary) on a site, as an editor would use it.

    scripts/lsp-bench.py SITE_DIR [--cold]

Starts the server in SITE_DIR, initializes it, opens one article at once (its diagnostics
arrive when the index is ready: the index time), then opens ten more one by one and types a
character into each (the time from didOpen / didChange to its diagnostics), and reads the
server's memory at rest. `--cold` removes the cache first. Prints medians in milliseconds.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

BINARY = os.environ.get("CONTENTLINT_BIN") or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "target", "release", "contentlint")


class Server:
    def __init__(self, site):
        self.proc = subprocess.Popen([BINARY, "server"], cwd=site, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next = 0
        self.indexed = None  # (time, message) of the server's "indexed" log

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message = json.loads(self.proc.stdout.read(length))
        if message.get("method") == "window/logMessage" and "indexed" in message["params"]["message"]:
            self.indexed = (time.perf_counter(), message["params"]["message"])
        return message

    def request(self, method, params):
        self.next += 1
        self.send({"jsonrpc": "2.0", "id": self.next, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next and "method" not in message:
                return message.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_indexed(self):
        while self.indexed is None:
            self.receive()
        return self.indexed

    def diagnostics_for(self, uri):
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    site = os.path.abspath(sys.argv[1])
    if "--cold" in sys.argv:
        shutil.rmtree(os.path.join(site, ".contentlint_cache"), ignore_errors=True)
    articles = []
    for folder, _, files in os.walk(os.path.join(site, "content")):
        articles.extend(os.path.join(folder, f) for f in files if f.endswith(".md"))
        if len(articles) > 40:
            break
    articles.sort()
    uri = lambda path: "file://" + path
    server = Server(site)
    started = time.perf_counter()
    server.request("initialize", {"processId": None, "rootUri": uri(site), "capabilities": {},
                                  "workspaceFolders": [{"uri": uri(site), "name": "site"}]})
    server.notify("initialized", {})
    first = articles[0]
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(first), "languageId": "markdown",
                                                            "version": 1, "text": open(first).read()}})
    server.diagnostics_for(uri(first))
    own = (time.perf_counter() - started) * 1000
    at, said = server.wait_indexed()
    ready = (at - started) * 1000
    opens, changes = [], []
    for path in articles[1:11]:
        text = open(path).read()
        t = time.perf_counter()
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(path), "languageId": "markdown",
                                                                "version": 1, "text": text}})
        server.diagnostics_for(uri(path))
        opens.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": 2},
                                                  "contentChanges": [{"text": text + "x"}]})
        server.diagnostics_for(uri(path))
        changes.append((time.perf_counter() - t) * 1000)
    time.sleep(0.5)
    rss = server.rss_mib()
    server.request("shutdown", None)
    server.notify("exit", None)
    server.proc.wait(timeout=30)
    print(f"first diagnostics (own rules, or all when the index was quicker): {own:.0f} ms")
    print(f"index ready: {ready:.0f} ms from start ({said})")
    print(f"didOpen -> diagnostics (median of {len(opens)}, 11 documents open at the end): {statistics.median(opens):.1f} ms")
    print(f"didChange -> diagnostics of every open document (median): {statistics.median(changes):.1f} ms")
    print(f"memory at rest with 11 documents open: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
