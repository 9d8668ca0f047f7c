"""Signs a table of requests with botocore's SigV4 signer: the reference our signer is held to.

Reads JSON rows on stdin ({method, url, headers, body, service, region, access_key, secret_key,
token, unsigned_payload, timestamp}) and prints, per row, the headers botocore added.
"""
import datetime
import json
import sys
from unittest import mock

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


class S3Config:
    def __init__(self, sign_payload):
        self.s3 = {"payload_signing_enabled": sign_payload}


out = []
for row in json.load(sys.stdin):
    creds = Credentials(row["access_key"], row["secret_key"], row.get("token"))
    request = AWSRequest(method=row["method"], url=row["url"], headers=dict(row["headers"]),
                         data=row["body"].encode())
    if row["service"] == "s3":
        request.context["client_config"] = S3Config(not row.get("unsigned_payload", False))
        signer = S3SigV4Auth(creds, row["service"], row["region"])
    else:
        signer = SigV4Auth(creds, row["service"], row["region"])
    when = datetime.datetime.strptime(row["timestamp"], "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.get_current_datetime", return_value=when):
        signer.add_auth(request)
    out.append({k.lower(): v for k, v in request.headers.items()})
json.dump(out, sys.stdout)
