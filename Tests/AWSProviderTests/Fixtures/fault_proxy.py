"""A loopback proxy in front of moto that injects AWS faults and records requests.

usage: fault_proxy.py LISTEN_PORT UPSTREAM_URL [RULES_JSON]
LISTEN_PORT 0 binds a port the kernel picks and prints it on the first line of stdout.
Rules are set with POST /_proxy/rules (JSON):
  {"throttle": {"CreateVpc": 2},                 # answer the first 2 CreateVpc calls with Throttling
   "capacity": ["CreateAutoScalingGroup"],       # answer InsufficientInstanceCapacity
   "canned": {"CreatePlacementGroup": "<xml>"},  # answer 200 with this body
   "fail": {"POST /clusters": {"times": 1, "status": 400, "body": "{...}"}},  # answer an error N times
   "launch_fail": [{"zone": "us-east-1a", "market": "spot"}]}  # such Auto Scaling groups launch nothing
A `launch_fail` rule stands for a shortage AWS reports only after CreateAutoScalingGroup
succeeded: a group whose subnets all lie in the rule's zone and whose instances distribution
buys the rule's market (OnDemandPercentageAboveBaseCapacity below 100: spot) is created with
MinSize and DesiredCapacity 0, and DescribeScalingActivities answers for it a Failed launch
with AWS's InsufficientInstanceCapacity message (or the rule's "message"); with "stall": true
it launches nothing and reports no failure (a launch still under way). Subnet zones are
learnt from the CreateSubnet and DescribeSubnets answers passing through. An EKS node group
matching a rule (its subnets, its capacityType SPOT or ON_DEMAND) is created as moto makes it,
but DescribeNodegroup answers it CREATE_FAILED with the message as an AsgInstanceLaunchFailures
health issue, as EKS does.
Actions are the query `Action` or the JSON target's operation; REST calls are "METHOD PATH".
GET /_proxy/log returns every request seen as JSON lines: {"action", "method", "path", "body"}.
"""
import http.client
import http.server
import json
import re
import sys
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

rules = {"throttle": {}, "capacity": [], "canned": {}, "fail": {}, "launch_fail": []}
log = []
lock = threading.Lock()
upstream = urllib.parse.urlsplit(sys.argv[2])
subnet_zones = {}   # subnet id -> zone, from answers seen
failing_groups = {}  # Auto Scaling group name -> the failed launch's status message
failing_nodegroups = {}  # "/clusters/C/node-groups/N" -> the failed launch's message
NODEGROUPS = re.compile(r"^/clusters/([^/]+)/node-groups$")

SPOT_SHORT = ("Could not launch Spot Instances. InsufficientInstanceCapacity - There is no Spot capacity available "
              "that matches your request. Launching EC2 instance failed.")


def zone_short(instance_type, zone):
    return (f"We currently do not have sufficient {instance_type} capacity in the Availability Zone you requested "
            f"({zone}). Our system will be working on provisioning additional capacity. You can currently get "
            f"{instance_type} capacity by not specifying an Availability Zone in your request or choosing another "
            f"zone. Launching EC2 instance failed.")


def learn_subnets(data):
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return
    for element in root.iter():
        fields = {child.tag.split("}")[-1]: (child.text or "") for child in element}
        if "subnetId" in fields and "availabilityZone" in fields:
            subnet_zones[fields["subnetId"]] = fields["availabilityZone"]


def launch_failure(subnets, market, instance_type):
    """The failed launch's message when a launch_fail rule covers these subnets and market
    ("" for a stalled launch)."""
    zones = {subnet_zones.get(s, "?") for s in subnets if s}
    rule = next((r for r in rules["launch_fail"] if r.get("market", market) == market and zones == {r["zone"]}), None)
    if rule is None:
        return None
    if rule.get("stall"):
        return ""
    return rule.get("message") or (SPOT_SHORT if market == "spot" else zone_short(instance_type, rule["zone"]))


def steer_group(body):
    """The CreateAutoScalingGroup body to forward: launching nothing when a rule says so."""
    pairs = urllib.parse.parse_qsl(body.decode(), keep_blank_values=True)
    form = dict(pairs)
    name = form.get("AutoScalingGroupName", "")
    share = form.get("MixedInstancesPolicy.InstancesDistribution.OnDemandPercentageAboveBaseCapacity")
    market = "spot" if share is not None and int(share) < 100 else "on-demand"
    instance_type = form.get("MixedInstancesPolicy.LaunchTemplate.Overrides.member.1.InstanceType", "p5.48xlarge")
    with lock:
        message = launch_failure(form.get("VPCZoneIdentifier", "").split(","), market, instance_type)
        if message is None:
            failing_groups.pop(name, None)
            return body
        if message:
            failing_groups[name] = message
        else:
            failing_groups.pop(name, None)
    steered = [(k, "0" if k in ("MinSize", "DesiredCapacity") else v) for k, v in pairs]
    return urllib.parse.urlencode(steered).encode()


def steer_nodegroup(cluster, body):
    """Remembers a CreateNodegroup a launch_fail rule covers (the body is forwarded as is)."""
    request = json.loads(body or b"{}")
    market = "spot" if request.get("capacityType") == "SPOT" else "on-demand"
    instance_type = (request.get("instanceTypes") or ["p5.48xlarge"])[0]
    path = f"/clusters/{cluster}/node-groups/{request.get('nodegroupName', '')}"
    with lock:
        message = launch_failure(request.get("subnets", []), market, instance_type)
        if message is None:
            failing_nodegroups.pop(path, None)
        else:
            failing_nodegroups[path] = message


def failed_nodegroup(data, message):
    answer = json.loads(data)
    answer["nodegroup"]["status"] = "CREATE_FAILED"
    answer["nodegroup"]["health"] = {"issues": [{"code": "AsgInstanceLaunchFailures", "message": message,
                                                 "resourceIds": ["eks-" + answer["nodegroup"].get("nodegroupName", "")]}]}
    return json.dumps(answer).encode()


def failed_activity(name, message):
    return ("<DescribeScalingActivitiesResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
            "<DescribeScalingActivitiesResult><Activities><member>"
            "<ActivityId>5e2a1f2b-0000-4000-8000-000000000001</ActivityId>"
            f"<AutoScalingGroupName>{escape(name)}</AutoScalingGroupName>"
            f"<Description>Launching a new EC2 instance.  Status Reason: {escape(message)}</Description>"
            "<Cause>At 2026-11-26T08:00:00Z a user request created an AutoScalingGroup changing the desired capacity "
            "from 0 to 2.</Cause><StartTime>2026-11-26T08:00:01Z</StartTime><EndTime>2026-11-26T08:00:01Z</EndTime>"
            f"<StatusCode>Failed</StatusCode><StatusMessage>{escape(message)}</StatusMessage><Progress>100</Progress>"
            "</member></Activities></DescribeScalingActivitiesResult>"
            "<ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></DescribeScalingActivitiesResponse>")


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
        if action == "CreateAutoScalingGroup":
            body = steer_group(body)
        path = urllib.parse.urlsplit(self.path).path
        created = NODEGROUPS.match(path) if self.command == "POST" else None
        if created:
            steer_nodegroup(created.group(1), body)
        if action == "DescribeScalingActivities":
            name = urllib.parse.parse_qs(body.decode()).get("AutoScalingGroupName", [""])[0]
            with lock:
                message = failing_groups.get(name)
            if message is not None:
                return self.reply(200, failed_activity(name, message))
        conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=300)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("content-length",)}
        conn.request(self.command, self.path, body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        if action in ("CreateSubnet", "DescribeSubnets") and answer.status == 200:
            with lock:
                learn_subnets(data)
        with lock:
            nodegroup_failure = failing_nodegroups.get(path) if self.command == "GET" else None
        if nodegroup_failure is not None and answer.status == 200:
            data = failed_nodegroup(data, nodegroup_failure)
        self.send_response(answer.status)
        for k, v in answer.getheaders():
            if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


if len(sys.argv) > 3:
    rules.update(json.loads(sys.argv[3]))
server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
