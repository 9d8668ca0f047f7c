"""A loopback proxy in front of moto that injects AWS faults and records requests.

usage: fault_proxy.py LISTEN_PORT UPSTREAM_URL
Rules are set with POST /_proxy/rules (JSON):
  {"throttle": {"CreateVpc": 2},                 # answer the first 2 CreateVpc calls with Throttling
   "capacity": ["CreateAutoScalingGroup"],       # answer InsufficientInstanceCapacity
   "canned": {"CreatePlacementGroup": "<xml>"},  # answer 200 with this body
   "fail": {"POST /clusters": {"times": 1, "status": 400, "body": "{...}"}}}  # answer an error N times
Actions are the query `Action` or the JSON target's operation; REST calls are "METHOD PATH".
GET /_proxy/log returns every request seen as JSON lines: {"action", "method", "path", "body"}.
"""
import http.client
import http.server
import json
import sys
import threading
import urllib.parse

rules = {"throttle": {}, "capacity": [], "canned": {}, "fail": {}}
log = []
lock = threading.Lock()
upstream = urllib.parse.urlsplit(sys.argv[2])


def action_of(headers, body):
    target = headers.get("X-Amz-Target")
    if target:
        return target.split(".")[-1]
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
    return form.get("Action", [""])[0]


def rest_key(method, path):
    return f"{method} {urllib.parse.urlsplit(path).path}"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="text/xml"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
        if self.path.startswith("/_proxy/rules"):
            with lock:
                rules.update(json.loads(body or b"{}"))
            return self.reply(200, "{}", "application/json")
        if self.path.startswith("/_proxy/log"):
            with lock:
                return self.reply(200, "\n".join(json.dumps(e) for e in log), "application/json")
        action = action_of(self.headers, body)
        with lock:
            log.append({"action": action, "method": self.command, "path": self.path, "body": body.decode("utf-8", "replace")})
            throttle_left = rules["throttle"].get(action, 0)
            if throttle_left:
                rules["throttle"][action] = throttle_left - 1
            capacity = action in rules["capacity"]
            canned = rules["canned"].get(action)
            failure = rules["fail"].get(action or rest_key(self.command, self.path))
            if failure and failure.get("times", 0) > 0:
                failure["times"] -= 1
            else:
                failure = None
        if failure:
            return self.reply(failure.get("status", 400), failure["body"], failure.get("type", "application/json"))
        if throttle_left:
            return self.reply(400, "<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
                                   "<Message>Request limit exceeded.</Message></Error></Errors><RequestID>x</RequestID></Response>")
        if capacity:
            return self.reply(500, "<Response><Errors><Error><Code>InsufficientInstanceCapacity</Code>"
                                   "<Message>We currently do not have sufficient p5.48xlarge capacity in the Availability Zone "
                                   "you requested (us-east-1a).</Message></Error></Errors><RequestID>x</RequestID></Response>")
        if canned is not None:
            return self.reply(200, canned)
        conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=300)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("content-length",)}
        conn.request(self.command, self.path, body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for k, v in answer.getheaders():
            if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
